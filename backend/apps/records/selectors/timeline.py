"""One patient's timeline: appointments, visit notes, record entries, medication changes and reports.

The feed is lazy and paged by the API's paginator. A page is one statement, whatever its size or
the history's: every kind's count, and each kind's first `stop` rows in the feed's order (a UNION
ALL member each), merged in Python and cut to the page. Each kind is read with the same total order
that the merge uses (time, kind, then the kind's own tie-breakers), so the merge is exact. Only the
page's items are decrypted and built; the others are placed by their unencrypted keys alone.

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
from functools import cache, cached_property
from typing import Any, NamedTuple

from django.db import connection, models
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.selectors import PERSON_FIELDS, PersonRow, person_row
from apps.core.rows import column, convert, quote, statement_cursor
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
        return timezone.localdate(self.at, timezone.get_default_timezone())

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
_PERSON = tuple(("u", _U.get_field(name)) for name in PERSON_FIELDS)


@dataclass(frozen=True)
class Source:
    """One kind of item: its branch of the page statement and its count.

    `where` filters the kind's table (alias `t`) to the patient and the date range; `order` is its
    ascending SQL order, which is also each row's place in the merged order: its time (`at`, from
    the `at_fields`), the kind's rank, then its tie-breakers (`tie_fields`).
    """

    kind: str
    model: type[models.Model]
    own: tuple[str, ...]  # columns of the kind's own table, in the item's order (the person last)
    person: str  # the foreign key naming the person the item shows
    where: list[str]
    params: list[Any]
    order: tuple[str, ...]
    at_fields: tuple[str, ...]
    at: Callable[..., datetime]
    tie_fields: tuple[str, ...]
    build: Callable[[list[Any], PersonRow], Any]

    @cached_property
    def shape(self) -> "_Shape":
        """The kind's columns (the person's, then its own) and where its keys sit in them (read once
        per source, not once per row)."""
        return _shape(self.model, self.own, self.at_fields, self.tie_fields)

    def count_sql(self) -> str:
        """The kind's count, as a scalar subquery."""
        return f"(SELECT COUNT(*) FROM {quote(self.model._meta.db_table)} t WHERE {' AND '.join(self.where)})"  # noqa: S608  # nosec B608

    def branch(self, cells: list[str], descending: bool) -> str:
        """The kind's first rows in its order: `SELECT <cells> ... LIMIT %s`, to be one UNION member."""
        direction = "DESC" if descending else "ASC"
        person_id = quote(f"{self.person}_id")
        order = ", ".join(f"{term} {direction}" for term in self.order)
        # Only the models' own names are formatted in; the values are bound.
        return (
            f"SELECT {', '.join(cells)} FROM {quote(self.model._meta.db_table)} t "  # noqa: S608  # nosec B608
            f"INNER JOIN {quote(_U.db_table)} u ON u.id = t.{person_id} WHERE {' AND '.join(self.where)} "
            f"ORDER BY {order} LIMIT %s"
        )

    def key(self, rank: int, values: list[Any]) -> tuple:
        shape = self.shape
        at = self.at(*(values[index] for index in shape.at_indexes))
        return (at, rank, *(values[index] for index in shape.tie_indexes))

    def item(self, values: list[Any], at: datetime) -> TimelineItem:
        person = len(_PERSON)
        return TimelineItem(kind=self.kind, at=at, item=self.build(values[person:], person_row(values[:person])))


class _Shape(NamedTuple):
    columns: tuple[tuple[str, Any], ...]
    at_indexes: tuple[int, ...]
    tie_indexes: tuple[int, ...]
    keyed: frozenset[int]  # the columns the keys read
    rest: frozenset[int]  # the others, converted for the page's items only


@cache
def _shape(
    model: type[models.Model], own: tuple[str, ...], at_fields: tuple[str, ...], tie_fields: tuple[str, ...]
) -> _Shape:
    """A kind's columns and where its keys sit in them: the same for every request, so worked out once."""
    columns = _PERSON + tuple(("t", model._meta.get_field(name)) for name in own)
    place = {name: len(_PERSON) + index for index, name in enumerate(own)}
    at_indexes, tie_indexes = tuple(place[name] for name in at_fields), tuple(place[name] for name in tie_fields)
    keyed = frozenset((*at_indexes, *tie_indexes))
    return _Shape(columns, at_indexes, tie_indexes, keyed, frozenset(range(len(columns))) - keyed)


def _timed(column_sql: str, date_from: date | None, date_to: date | None, field: Any) -> tuple[list[str], list[Any]]:
    where, params = [], []
    if date_from:
        where.append(f"{column_sql} >= %s")
        params.append(field.get_db_prep_value(_clinic_start(date_from), connection))
    if date_to:
        where.append(f"{column_sql} < %s")
        params.append(field.get_db_prep_value(_clinic_start(date_to) + timedelta(days=1), connection))
    return where, params


def _same(value: datetime) -> datetime:
    return value


def _sources(patient_id: int, date_from: date | None, date_to: date | None) -> dict[str, Source]:
    a, c, r = Appointment._meta, MedicationChange._meta, MedicalReport._meta
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
        ("start",),
        _same,
        ("id",),
        lambda values, person: AppointmentItem._make([*values, person]),
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
        ("completed_at", "end"),
        lambda completed_at, end: completed_at or end,
        ("id",),
        lambda values, person: VisitNoteItem(values[0], values[1], values[2] or values[3], person),
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
        ("entry_date",),
        _clinic_day_end,
        ("created_at", "id"),
        lambda values, person: RecordItem._make([*values, person]),
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
        ("changed_at",),
        _same,
        ("id",),
        lambda values, person: MedicationChangeItem._make([*values, person]),
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
        ("created_at",),
        _same,
        ("id",),
        lambda values, person: ReportItem._make([*values, person]),
    )
    return {source.kind: source for source in (appointments, visits, records, changes, reports)}


class TimelineFeed:
    """A lazy, sliceable feed for Django's paginator: `count()` and `feed[start:stop]`.

    A page and every kind's count come from one statement; `count()` after a page reads no more.
    """

    def __init__(self, patient_id: int, sources: Iterable[Source], descending: bool) -> None:
        self.patient_id = patient_id
        self.sources = list(sources)
        self.descending = descending
        self._counts: dict[str, int] | None = None

    def counts(self) -> dict[str, int]:
        """How many items of each kind (one query unless a page was read, then kept)."""
        if self._counts is None:
            self._counts = _count_each(self.sources)
        return self._counts

    def count(self) -> int:
        return sum(self.counts().values())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[TimelineItem]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("The timeline is read a page at a time.")
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        if stop <= start or not self.sources:
            return []
        counts, rows = _first_rows(self.sources, stop, self.descending)
        self._counts = counts
        # Each kind's first `stop` rows hold the merged feed's first `stop`: place them by their
        # keys (converting only the columns the keys read), then build only the page's items.
        placed = []
        for rank, source in enumerate(self.sources):
            own = rows[rank]
            convert(source.shape.columns, own, source.shape.keyed)
            placed += [(source.key(RANK[source.kind], values), rank, values) for values in own]
        placed.sort(key=lambda entry: entry[0], reverse=self.descending)
        page = placed[start:stop]
        for rank, source in enumerate(self.sources):
            convert(source.shape.columns, [values for _, of, values in page if of == rank], source.shape.rest)
        return [self.sources[rank].item(values, key[0]) for key, rank, values in page]


def _first_rows(sources: list[Source], stop: int, descending: bool) -> tuple[dict[str, int], list[list[list[Any]]]]:
    """Every kind's count and its first `stop` rows, in one statement.

    Each kind is one member of a UNION ALL, limited in its own order (so its index serves it). The
    members share one row layout: the kind's rank, the person's columns, then a slot of columns for
    each kind, filled by that kind's member and typed NULLs by the others. The counts are one row of
    scalar subqueries, joined to every row (and kept when there are none).
    """
    sql, slots = _statement(sources, descending)
    params = [value for source in sources for value in source.params]
    params += [value for source in sources for value in (*source.params, stop)]
    with statement_cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    kinds = len(sources)
    counts_of = {source.kind: total or 0 for source, total in zip(sources, fetched[0][:kinds], strict=True)}
    rows: list[list[list[Any]]] = [[] for _ in sources]
    person = slice(kinds + 1, kinds + 1 + len(_PERSON))
    for row in fetched:
        rank = row[kinds]
        if rank is None:  # no item at all: the counts' row alone
            continue
        slot = kinds + slots[rank]
        rows[rank].append([*row[person], *row[slot : slot + len(sources[rank].own)]])
    return counts_of, rows


# The page statements built so far, by vendor, order, kinds and the text of their filters (their
# values are bound): a few hundred shapes at most.
_STATEMENTS: dict[tuple, tuple[str, tuple[int, ...]]] = {}


def _statement(sources: list[Source], descending: bool) -> tuple[str, tuple[int, ...]]:
    """The page statement's text and where each kind's slot starts in its rows.

    Building it asks every column for its database type, so each shape is built once, not per request.
    """
    key = (connection.vendor, descending, tuple((source.kind, tuple(source.where)) for source in sources))
    if key not in _STATEMENTS:
        _STATEMENTS[key] = _build_statement(sources, descending)
    return _STATEMENTS[key]


def _build_statement(sources: list[Source], descending: bool) -> tuple[str, tuple[int, ...]]:
    """The page statement: the counts' row, joined to the UNION ALL of every kind's first rows.

    Rows are read by position, so no column is named. On PostgreSQL the members are parenthesised
    and only the first types its NULLs; the others' NULLs take the first member's types (a member
    wrapped in a subquery would type its NULLs as text). SQLite has no parenthesised members and no
    types to lose. Short text matters: psycopg parses a statement's placeholders once per text only
    up to `MAX_CACHED_STATEMENT_LENGTH` characters; when every member typed and named all its
    columns, it parsed this one again on every request (27 µs, about 1% of a timeline read).
    """
    postgresql = connection.vendor == "postgresql"
    ranks = range(len(sources))
    cells_of = {rank: [str(rank), *(column("u", field) for _, field in _PERSON)] for rank in ranks}
    width = 1 + len(_PERSON)
    slots = []
    for owner, source in enumerate(sources):
        slots.append(width)
        for _, field in source.shape.columns[len(_PERSON) :]:
            for rank in ranks:
                if rank == owner:
                    cells_of[rank].append(column("t", field))
                else:
                    typed = postgresql and rank == 0
                    cells_of[rank].append(f"NULL::{field.db_type(connection)}" if typed else "NULL")
        width += len(source.own)
    counts = ", ".join(source.count_sql() for source in sources)
    branches = [source.branch(cells_of[rank], descending) for rank, source in enumerate(sources)]
    if postgresql:
        members = " UNION ALL ".join(f"({branch})" for branch in branches)
    else:
        wrapped = (f"SELECT * FROM ({branch}) k{rank}" for rank, branch in enumerate(branches))  # noqa: S608  # nosec B608
        members = " UNION ALL ".join(wrapped)
    sql = f"SELECT * FROM (SELECT {counts}) n LEFT JOIN ({members}) p ON 1 = 1"  # noqa: S608  # nosec B608
    return sql, tuple(slots)


def _count_each(sources: list[Source]) -> dict[str, int]:
    """Every kind's count in one statement (a scalar subquery each)."""
    if not sources:
        return {}
    counts = ", ".join(source.count_sql() for source in sources)
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
