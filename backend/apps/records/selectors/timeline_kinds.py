"""The kinds of item on a patient's timeline: which rows each is, its place in the feed, how it is loaded.

Every kind gives its rows' keys in one layout, so that the feed is one UNION ALL ordered by the
database: the clinic day, whether the item is dated rather than timed, the instant, the kind's
rank, the creation time (dated items only) and the id. A record entry is dated, not timed: it sits
after every timed item of its clinic day, so a day's entry follows that day's visits.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import DateTimeField, F, IntegerField, Model, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from apps.accounts.selectors import PERSON_FIELDS
from apps.scheduling.models import Appointment, Status

from ..models import MedicalReport, MedicationChange, RecordEntry

KINDS = ("appointment", "visit_note", "record", "medication", "report")
RANK = {kind: rank for rank, kind in enumerate(KINDS)}
# The columns of every kind's keys, in this order; the feed is ordered by all but the last.
KEY_COLUMNS = ("k_day", "k_dated", "k_at", "k_rank", "k_created", "k_id")
# Far-off dates filter nothing more; clamping keeps them from overflowing a datetime.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


def clinic_start(day: date) -> datetime:
    day = min(max(day, EARLIEST), LATEST)
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def clinic_day_end(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max), timezone.get_default_timezone())


def _timed_range(field: str, *, date_from: date | None, date_to: date | None) -> Q:
    """Instants on the clinic days from `date_from` to `date_to` (both included; None: open)."""
    condition = Q()
    if date_from:
        condition &= Q(**{f"{field}__gte": clinic_start(date_from)})
    if date_to:
        condition &= Q(**{f"{field}__lt": clinic_start(date_to) + timedelta(days=1)})
    return condition


# A typed NULL: an untyped one would be text to PostgreSQL, which cannot be matched with the
# other members' times.
_NO_TIME = Cast(Value(None), DateTimeField())


@dataclass(frozen=True)
class Kind:
    """One kind of item: its rows of one patient, the instant that places them, and how they load."""

    name: str
    model: type[Model]
    rows: Callable[[int], QuerySet]  # the kind's rows of one patient
    at: Any  # the expression of its instant; None: dated by `entry_date`
    person: str  # the relation naming the person the item shows
    fields: tuple[str, ...]  # what its output reads of its own fields (it shows the person as PERSON_FIELDS)

    @property
    def rank(self) -> int:
        return RANK[self.name]

    def keys(self, *, patient_id: int, date_from: date | None, date_to: date | None) -> QuerySet:
        """The keys of the kind's rows in the range, in KEY_COLUMNS' layout."""
        rows = self.rows(patient_id)
        day: Any
        at: Any
        created: Any
        if self.at is None:
            if date_from:
                rows = rows.filter(entry_date__gte=date_from)
            if date_to:
                rows = rows.filter(entry_date__lte=date_to)
            day, at, created = F("entry_date"), _NO_TIME, F("created_at")
        else:
            rows = rows.alias(k_instant=self.at)
            rows = rows.filter(_timed_range("k_instant", date_from=date_from, date_to=date_to))
            at, created = F("k_instant"), _NO_TIME
            day = TruncDate("k_instant", tzinfo=timezone.get_default_timezone())
        keys = rows.annotate(
            k_day=day,
            k_dated=Value(int(self.at is None), IntegerField()),
            k_at=at,
            k_rank=Value(self.rank, IntegerField()),
            k_created=created,
            k_id=F("pk"),
        )
        return keys.values_list(*KEY_COLUMNS).order_by()


NOTED_AT = Coalesce("completed_at", "end")


def load_items(kinds: list[Kind], ids: list[int]) -> dict[int, Any]:
    """Items of `kinds` (kinds of one model) with these ids, with what their outputs show, by id."""
    model, person = kinds[0].model, kinds[0].person
    fields = dict.fromkeys(name for kind in kinds for name in kind.fields)
    rows = model._default_manager.filter(pk__in=ids).select_related(person)
    rows = rows.only(*fields, *(f"{person}__{name}" for name in PERSON_FIELDS))
    if model is Appointment:
        rows = rows.annotate(noted_at=NOTED_AT)  # a visit note's time
    return {row.pk: row for row in rows.order_by()}


TIMELINE_KINDS = {
    kind.name: kind
    for kind in (
        Kind(
            name="appointment",
            model=Appointment,
            rows=lambda patient_id: Appointment.objects.filter(patient_id=patient_id),
            at=F("start"),
            person="doctor",
            fields=("id", "start", "end", "status", "reason"),
        ),
        Kind(
            name="visit_note",
            model=Appointment,
            rows=lambda patient_id: Appointment.objects.filter(patient_id=patient_id, status=Status.COMPLETED),
            at=NOTED_AT,
            person="doctor",
            fields=("id", "consultation_notes", "completed_at", "end"),
        ),
        Kind(
            name="record",
            model=RecordEntry,
            rows=lambda patient_id: RecordEntry.objects.filter(patient_id=patient_id),
            at=None,
            person="author",
            fields=(
                "id",
                "entry_date",
                "diagnosis",
                "treatment_plan",
                "medications_text",
                "notes",
                "appointment",
                "version",
                "created_at",
            ),
        ),
        Kind(
            name="medication",
            model=MedicationChange,
            rows=lambda patient_id: MedicationChange.objects.filter(patient_id=patient_id),
            at=F("changed_at"),
            person="changed_by",
            fields=("id", "medication", "kind", "changed_fields", "before", "after", "changed_at"),
        ),
        Kind(
            name="report",
            model=MedicalReport,
            rows=lambda patient_id: MedicalReport.objects.filter(patient_id=patient_id, deleted_at__isnull=True),
            at=F("created_at"),
            person="uploaded_by",
            fields=("id", "title", "description", "original_filename", "content_type", "size", "created_at"),
        ),
    )
}
