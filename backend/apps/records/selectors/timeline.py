"""One patient's timeline: appointments, visit notes, record entries, medication changes and reports.

The feed is lazy and paged by the API's paginator. A page costs at most a constant number of
queries: one count (a scalar subquery per kind), then per kind that has items one query for its
first `stop` rows in the feed's order (never more rows than it has), merged in Python and cut to
the page. Each kind is read with the same total order that the merge uses (time, kind, then the
kind's own tie-breakers), so the merge is exact.

Times: timed items sit at their instant (an appointment's start, a visit note's completion, a
change's or an upload's time). A record entry is dated, not timed: it sits at the end of its
clinic day, so a day's entry follows that day's visits.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Func, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.selectors import only_shown
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


@dataclass(frozen=True)
class Source:
    """One kind of item: its rows, their order (ascending) and each row's place in the merged order."""

    kind: str
    rows: QuerySet
    order: tuple[str, ...]
    at: Callable[[Any], datetime]
    tiebreak: Callable[[Any], tuple]

    def key(self, row: Any) -> tuple:
        return (self.at(row), RANK[self.kind], *self.tiebreak(row))

    def first(self, count: int, descending: bool) -> list[tuple[tuple, TimelineItem]]:
        order = [f"-{field}" for field in self.order] if descending else list(self.order)
        return [
            (self.key(row), TimelineItem(kind=self.kind, at=self.at(row), item=row))
            for row in self.rows.order_by(*order)[:count]
        ]


def _timed(rows: QuerySet, field: str, date_from: date | None, date_to: date | None) -> QuerySet:
    if date_from:
        rows = rows.filter(**{f"{field}__gte": _clinic_start(date_from)})
    if date_to:
        rows = rows.filter(**{f"{field}__lt": _clinic_start(date_to) + timedelta(days=1)})
    return rows


def _sources(patient_id: int, date_from: date | None, date_to: date | None) -> dict[str, Source]:
    booked = only_shown(Appointment.objects.filter(patient_id=patient_id).select_related("doctor"), "doctor")
    # Each kind reads only the encrypted text it shows: every column read is a decryption per row.
    appointments = booked.defer("consultation_notes", "cancellation_reason")
    visits = (
        booked.filter(status=Status.COMPLETED)
        .defer("reason", "cancellation_reason")
        .annotate(noted_at=Coalesce("completed_at", "end"))
    )
    records = only_shown(RecordEntry.objects.filter(patient_id=patient_id).select_related("author"), "author")
    if date_from:
        records = records.filter(entry_date__gte=date_from)
    if date_to:
        records = records.filter(entry_date__lte=date_to)
    changes = only_shown(
        MedicationChange.objects.filter(patient_id=patient_id).select_related("changed_by"), "changed_by"
    )
    reports = only_shown(
        MedicalReport.objects.filter(patient_id=patient_id, deleted_at__isnull=True).select_related("uploaded_by"),
        "uploaded_by",
    )
    by_id: Callable[[Any], tuple] = lambda row: (row.pk,)  # noqa: E731
    return {
        "appointment": Source(
            "appointment", _timed(appointments, "start", date_from, date_to), ("start", "id"), lambda a: a.start, by_id
        ),
        "visit_note": Source(
            "visit_note",
            _timed(visits, "noted_at", date_from, date_to),
            ("noted_at", "id"),
            lambda a: a.noted_at,
            by_id,
        ),
        "record": Source(
            "record",
            records,
            ("entry_date", "created_at", "id"),
            lambda r: _clinic_day_end(r.entry_date),
            lambda r: (r.created_at, r.pk),
        ),
        "medication": Source(
            "medication",
            _timed(changes, "changed_at", date_from, date_to),
            ("changed_at", "id"),
            lambda c: c.changed_at,
            by_id,
        ),
        "report": Source(
            "report",
            _timed(reports, "created_at", date_from, date_to),
            ("created_at", "id"),
            lambda r: r.created_at,
            by_id,
        ),
    }


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
    """Every kind's count in one query (a scalar subquery each)."""
    if not sources:
        return {}
    # COUNT as a plain function, not an aggregate: no GROUP BY, so each subquery is exactly one row.
    counts = {
        source.kind: Subquery(
            source.rows.order_by().annotate(n=Func("pk", function="COUNT")).values("n"),
            output_field=IntegerField(),
        )
        for source in sources
    }
    totals = User.objects.filter(pk=patient_id).annotate(**counts).values(*counts).first() or {}
    return {kind: totals.get(kind) or 0 for kind in counts}


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
