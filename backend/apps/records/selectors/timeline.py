"""One patient's timeline: appointments, visit notes, record entries, medication changes and reports.

The feed is lazy and paged by the API's paginator. A page costs at most a constant number of
queries: one count (a scalar subquery per kind), then per kind that has items one query for its
first `stop` rows in the feed's order (never more rows than it has), merged in Python and cut to
the page. Each kind is read with the same total order that the merge uses (time, kind, then the
kind's own tie-breakers), so the merge is exact.

The statements are written by hand (`apps.core.rows`) and the items are plain rows: the timeline is
a patient's most-read page, and compiling five querysets and a count per request through the ORM
cost more than the database's work (bench/README.md).

Times: timed items sit at their instant (an appointment's start, a visit note's completion, a
change's or an upload's time). A record entry is dated, not timed: it sits at the end of its
clinic day, so a day's entry follows that day's visits.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from django.db import connection, models
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.selectors import PERSON_FIELDS, PersonRow, person_row
from apps.core.rows import quote, select, statement_cursor
from apps.scheduling.models import Appointment, Status

from ..models import MedicalReport, MedicationChange, RecordEntry

KINDS = ("appointment", "visit_note", "record", "medication", "report")
RANK = {kind: rank for rank, kind in enumerate(KINDS)}
# Far-off dates filter nothing more; clamping keeps them from overflowing a datetime.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


def _clinic_start(day: date) -> datetime:
    day = min(max(day, EARLIEST), LATEST)
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def _clinic_day_end(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max), timezone.get_default_timezone())


@dataclass(frozen=True)
class TimelineItem:
    kind: str
    at: datetime
    item: Any

    @property
    def date(self) -> date:
        return timezone.localdate(self.at)

    def __getattr__(self, name: str) -> Any:
        # The output names one field per kind; only the item's own kind has a value.
        if name in KINDS:
            return self.item if name == self.kind else None
        raise AttributeError(name)


class AppointmentItem(NamedTuple):
    id: int
    start: datetime
    end: datetime
    status: str
    reason: str
    doctor: PersonRow

    @property
    def pk(self) -> int:
        return self.id


class VisitNoteItem(NamedTuple):
    id: int
    consultation_notes: str
    noted_at: datetime
    doctor: PersonRow

    @property
    def pk(self) -> int:
        return self.id


class RecordItem(NamedTuple):
    id: int
    entry_date: date
    diagnosis: str
    treatment_plan: str
    medications_text: str
    notes: str
    appointment_id: int | None
    version: int
    created_at: datetime
    author: PersonRow

    @property
    def pk(self) -> int:
        return self.id


class MedicationChangeItem(NamedTuple):
    id: int
    medication_id: int
    kind: str
    changed_fields: list
    before: dict | None
    after: dict
    changed_at: datetime
    changed_by: PersonRow

    @property
    def pk(self) -> int:
        return self.id


class ReportItem(NamedTuple):
    id: int
    title: str
    description: str
    original_filename: str
    content_type: str
    size: int
    created_at: datetime
    uploaded_by: PersonRow

    @property
    def pk(self) -> int:
        return self.id


_U = User._meta


@dataclass(frozen=True)
class Source:
    """One kind of item: one hand-written statement (`apps.core.rows`) for its rows and its count.

    `where` filters the kind's table (alias `t`) to the patient and the date range; `order` is its
    ascending order, which is also each row's place in the merged order (time, kind, tie-breakers).
    """

    kind: str
    model: type[models.Model]
    own: tuple[str, ...]  # columns of the kind's own table, in the item's order (the person last)
    person: str  # the foreign key naming the person the item shows
    where: list[str]
    params: list[Any]
    order: tuple[str, ...]
    build: Callable[[list[Any], PersonRow], Any]
    at: Callable[[Any], datetime]
    tiebreak: Callable[[Any], tuple]

    def key(self, item: Any) -> tuple:
        return (self.at(item), RANK[self.kind], *self.tiebreak(item))

    def from_where(self) -> str:
        return f"FROM {quote(self.model._meta.db_table)} t WHERE {' AND '.join(self.where)}"

    def first(self, count: int, descending: bool) -> list[tuple[tuple, TimelineItem]]:
        meta = self.model._meta
        columns = [("t", meta.get_field(name)) for name in self.own]
        columns += [("u", _U.get_field(name)) for name in PERSON_FIELDS]
        direction = "DESC" if descending else "ASC"
        person_id = quote(f"{self.person}_id")
        tail = (
            f"FROM {quote(meta.db_table)} t INNER JOIN {quote(_U.db_table)} u ON u.id = t.{person_id} "
            f"WHERE {' AND '.join(self.where)} ORDER BY {', '.join(f'{o} {direction}' for o in self.order)} LIMIT %s"
        )
        result = []
        for values in select(columns, tail, [*self.params, count]):
            item = self.build(values[: len(self.own)], person_row(values[len(self.own) :]))
            result.append((self.key(item), TimelineItem(kind=self.kind, at=self.at(item), item=item)))
        return result


def _timed(column_sql: str, date_from: date | None, date_to: date | None, field: Any) -> tuple[list[str], list[Any]]:
    where, params = [], []
    if date_from:
        where.append(f"{column_sql} >= %s")
        params.append(field.get_db_prep_value(_clinic_start(date_from), connection))
    if date_to:
        where.append(f"{column_sql} < %s")
        params.append(field.get_db_prep_value(_clinic_start(date_to) + timedelta(days=1), connection))
    return where, params


def _sources(patient_id: int, date_from: date | None, date_to: date | None) -> dict[str, Source]:
    a, c, r = Appointment._meta, MedicationChange._meta, MedicalReport._meta
    by_id: Callable[[Any], tuple] = lambda item: (item.id,)  # noqa: E731
    noted_at = 'COALESCE(t.completed_at, t."end")'

    where, params = _timed("t.start", date_from, date_to, a.get_field("start"))
    appointments = Source(
        "appointment",
        Appointment,
        ("id", "start", "end", "status", "reason"),
        "doctor",
        ["t.patient_id = %s", *where],
        [patient_id, *params],
        ("t.start", "t.id"),
        lambda values, person: AppointmentItem._make([*values, person]),
        lambda item: item.start,
        by_id,
    )
    where, params = _timed(noted_at, date_from, date_to, a.get_field("end"))
    visits = Source(
        "visit_note",
        Appointment,
        ("id", "consultation_notes", "completed_at", "end"),
        "doctor",
        ["t.patient_id = %s", "t.status = %s", *where],
        [patient_id, Status.COMPLETED, *params],
        (noted_at, "t.id"),
        lambda values, person: VisitNoteItem(values[0], values[1], values[2] or values[3], person),
        lambda item: item.noted_at,
        by_id,
    )
    where, params = ["t.patient_id = %s"], [patient_id]
    if date_from:
        where.append("t.entry_date >= %s")
        params.append(date_from)
    if date_to:
        where.append("t.entry_date <= %s")
        params.append(date_to)
    records = Source(
        "record",
        RecordEntry,
        tuple(name for name in RecordItem._fields if name != "author"),
        "author",
        where,
        params,
        ("t.entry_date", "t.created_at", "t.id"),
        lambda values, person: RecordItem._make([*values, person]),
        lambda item: _clinic_day_end(item.entry_date),
        lambda item: (item.created_at, item.id),
    )
    where, params = _timed("t.changed_at", date_from, date_to, c.get_field("changed_at"))
    changes = Source(
        "medication",
        MedicationChange,
        tuple(name for name in MedicationChangeItem._fields if name != "changed_by"),
        "changed_by",
        ["t.patient_id = %s", *where],
        [patient_id, *params],
        ("t.changed_at", "t.id"),
        lambda values, person: MedicationChangeItem._make([*values, person]),
        lambda item: item.changed_at,
        by_id,
    )
    where, params = _timed("t.created_at", date_from, date_to, r.get_field("created_at"))
    reports = Source(
        "report",
        MedicalReport,
        tuple(name for name in ReportItem._fields if name != "uploaded_by"),
        "uploaded_by",
        ["t.patient_id = %s", "t.deleted_at IS NULL", *where],
        [patient_id, *params],
        ("t.created_at", "t.id"),
        lambda values, person: ReportItem._make([*values, person]),
        lambda item: item.created_at,
        by_id,
    )
    return {source.kind: source for source in (appointments, visits, records, changes, reports)}


class TimelineFeed:
    """A lazy, sliceable feed for Django's paginator: `count()` and `feed[start:stop]`."""

    def __init__(self, patient_id: int, sources: Iterable[Source], descending: bool) -> None:
        self.patient_id = patient_id
        self.sources = list(sources)
        self.descending = descending
        self._counts: dict[str, int] | None = None

    def counts(self) -> dict[str, int]:
        """How many items of each kind (one query, then kept)."""
        if self._counts is None:
            self._counts = _count_each(self.patient_id, self.sources)
        return self._counts

    def count(self) -> int:
        return sum(self.counts().values())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[TimelineItem]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("The timeline is read a page at a time.")
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        if stop <= start:
            return []
        counts = self.counts()
        # A kind without items needs no query; none is asked for more rows than it has.
        merged = [
            pair
            for source in self.sources
            if counts.get(source.kind)
            for pair in source.first(min(stop, counts[source.kind]), self.descending)
        ]
        merged.sort(key=lambda pair: pair[0], reverse=self.descending)
        return [item for _, item in merged[start:stop]]


def _count_each(patient_id: int, sources: list[Source]) -> dict[str, int]:
    """Every kind's count in one statement (a scalar subquery each)."""
    if not sources:
        return {}
    counts = ", ".join(f"(SELECT COUNT(*) {source.from_where()})" for source in sources)
    with statement_cursor() as cursor:
        cursor.execute(f"SELECT {counts}", [value for source in sources for value in source.params])
        totals = cursor.fetchone()
    return {source.kind: total or 0 for source, total in zip(sources, totals, strict=True)}


def timeline_feed(
    *,
    patient: User,
    kinds: Iterable[str] = KINDS,
    date_from: date | None = None,
    date_to: date | None = None,
    descending: bool = True,
) -> TimelineFeed:
    """The feed of one patient, whom the caller has already been allowed to read (`clinical_patient_get`)."""
    sources = _sources(patient.pk, date_from, date_to)
    wanted = set(kinds)
    return TimelineFeed(patient.pk, [sources[kind] for kind in KINDS if kind in wanted], descending)
