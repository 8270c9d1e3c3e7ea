"""The patient timeline's ORM definition: what `apps.core.sql.timeline`'s statement must answer.

The feed is the UNION ALL of every kind's keys in one layout (the clinic day, whether the item is
dated rather than timed, its instant, the kind's rank, a dated item's creation time, the id),
ordered by the database. A record entry is dated: it follows every timed item of its clinic day.
The read itself is hand-written (docs/adr/0004-hand-written-sql-records.md); this is its definition.
"""

from datetime import date, timedelta

from django.db.models import DateTimeField, F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from apps.records.models import MedicalReport, MedicationChange, RecordEntry
from apps.records.selectors.timeline import KINDS, RANK, clinic_day_end, clinic_start
from apps.scheduling.models import Appointment, Status

KEY_COLUMNS = ("k_day", "k_dated", "k_at", "k_rank", "k_created", "k_id")
_NO_TIME = Cast(Value(None), DateTimeField())  # typed: PostgreSQL cannot match a text NULL with times


def _rows(kind: str, patient_id: int) -> tuple[QuerySet, object]:
    """A kind's rows of one patient, and the expression of their instant (None: dated by `entry_date`)."""
    return {
        "appointment": (Appointment.objects.filter(patient_id=patient_id), F("start")),
        "visit_note": (
            Appointment.objects.filter(patient_id=patient_id, status=Status.COMPLETED),
            Coalesce("completed_at", "end"),
        ),
        "record": (RecordEntry.objects.filter(patient_id=patient_id), None),
        "medication": (MedicationChange.objects.filter(patient_id=patient_id), F("changed_at")),
        "report": (MedicalReport.objects.filter(patient_id=patient_id, deleted_at__isnull=True), F("created_at")),
    }[kind]


def _keys(kind: str, *, patient_id: int, date_from: date | None, date_to: date | None) -> QuerySet:
    rows, instant = _rows(kind, patient_id)
    if instant is None:
        if date_from:
            rows = rows.filter(entry_date__gte=date_from)
        if date_to:
            rows = rows.filter(entry_date__lte=date_to)
        day, at, created = F("entry_date"), _NO_TIME, F("created_at")
    else:
        rows = rows.alias(k_instant=instant)
        if date_from:
            rows = rows.filter(Q(k_instant__gte=clinic_start(date_from)))
        if date_to:
            rows = rows.filter(Q(k_instant__lt=clinic_start(date_to) + timedelta(days=1)))
        day = TruncDate("k_instant", tzinfo=timezone.get_default_timezone())
        at, created = F("k_instant"), _NO_TIME
    keyed = rows.annotate(
        k_day=day,
        k_dated=Value(int(instant is None), IntegerField()),
        k_at=at,
        k_rank=Value(RANK[kind], IntegerField()),
        k_created=created,
        k_id=F("pk"),
    )
    return keyed.values_list(*KEY_COLUMNS).order_by()


def orm_feed(
    *, patient_id: int, kinds=KINDS, date_from=None, date_to=None, descending=True
) -> list[tuple[str, int, object]]:
    """The whole feed as (kind, id, at), in its order."""
    members = [_keys(k, patient_id=patient_id, date_from=date_from, date_to=date_to) for k in KINDS if k in kinds]
    if not members:
        return []
    sign = "-" if descending else ""
    keys = members[0].union(*members[1:], all=True).order_by(*(sign + name for name in KEY_COLUMNS))
    return [(KINDS[rank], pk, clinic_day_end(day) if at is None else at) for day, _, at, rank, _, pk in keys]
