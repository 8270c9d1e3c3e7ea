"""Availability (weekly rules and dated exceptions) and appointments.

Slots are never stored: they are derived from the rules and exceptions (see `selectors.slots`).
The database guards the invariants; the services check first only to give a friendly message.
"""

from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Q

from apps.accounts.models import User
from apps.core.fields import EncryptedTextField
from apps.core.models import TimeStampedModel

from .constraints import PostgresExclusionConstraint, TsTzRange

MIN_SLOT_MINUTES = 5
MAX_SLOT_MINUTES = 240


def _sane_slot(prefix: str = "") -> Q:
    return Q(**{f"{prefix}slot_minutes__gte": MIN_SLOT_MINUTES, f"{prefix}slot_minutes__lte": MAX_SLOT_MINUTES})


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class AvailabilityRule(TimeStampedModel):
    """A weekly window of consultation hours (clinic-local wall-clock times) cut into slots."""

    doctor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="availability_rules")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()
    slot_minutes = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["weekday", "start_time"]
        indexes = [models.Index(fields=["doctor", "weekday"], name="sched_rule_doctor_weekday")]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="sched_rule_end_after_start"),
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="sched_rule_weekday_valid"),
            models.CheckConstraint(condition=_sane_slot(), name="sched_rule_slot_length_sane"),
        ]


class ExceptionKind(models.TextChoices):
    OFF = "off", "Day off"
    EXTRA = "extra", "Extra hours"


class AvailabilityException(TimeStampedModel):
    """A dated change to the weekly rules: the whole day off, or extra hours on that date."""

    doctor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="availability_exceptions")
    date = models.DateField()
    kind = models.CharField(max_length=8, choices=ExceptionKind.choices)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["date", "start_time"]
        indexes = [models.Index(fields=["doctor", "date"], name="sched_exception_doctor_date")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=ExceptionKind.OFF, start_time__isnull=True, end_time__isnull=True, slot_minutes__isnull=True)
                    | (
                        Q(kind=ExceptionKind.EXTRA, start_time__isnull=False, end_time__isnull=False)
                        & Q(slot_minutes__isnull=False, end_time__gt=F("start_time"))
                        & _sane_slot()
                    )
                ),
                name="sched_exception_shape_valid",
            ),
            models.UniqueConstraint(
                fields=["doctor", "date"], condition=Q(kind=ExceptionKind.OFF), name="sched_exception_one_off_per_day"
            ),
        ]


class Status(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"
    COMPLETED = "completed", "Completed"
    NO_SHOW = "no_show", "No-show"


DOCTOR_OVERLAP_CONSTRAINT = "sched_appointment_no_doctor_overlap"
PATIENT_OVERLAP_CONSTRAINT = "sched_appointment_no_patient_overlap"
_BOOKED = Q(status=Status.BOOKED)
_TIME_RANGE = TsTzRange("start", "end", RangeBoundary())


class Appointment(TimeStampedModel):
    """One visit of a patient with a doctor, [start, end) in UTC. Notes are encrypted at rest."""

    patient = models.ForeignKey(User, on_delete=models.PROTECT, related_name="appointments")
    doctor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="doctor_appointments")
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.BOOKED)
    # The patient's note for the visit. (Annotated so the type checker reads the value as a str.)
    reason: "models.Field[str, str]" = EncryptedTextField(blank=True, default="")
    consultation_notes: "models.Field[str, str]" = EncryptedTextField(blank=True, default="")
    # Who booked and who cancelled: a person, or an API client (apps.core.actors), never both. A row
    # written directly (an import, a test) may name neither.
    booked_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    booked_by_client = models.ForeignKey(
        "clients.ApiClient", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    cancelled_by_client = models.ForeignKey(
        "clients.ApiClient", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancellation_reason: "models.Field[str, str]" = EncryptedTextField(blank=True, default="")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    no_show_at = models.DateTimeField(null=True, blank=True)
    # When staff saw the patient arrive (cleared again if that was a mistake); only a booked visit arrives.
    arrived_at = models.DateTimeField(null=True, blank=True)
    # The iCalendar SEQUENCE: one more on every change a calendar shows (time, status), so calendar
    # apps that hold an older copy of the event replace it.
    sequence = models.PositiveIntegerField(default=0, db_default=0)

    class Meta:
        ordering = ["start", "id"]
        indexes = [
            models.Index(fields=["doctor", "start"], name="sched_appt_doctor_start"),
            models.Index(fields=["patient", "start"], name="sched_appt_patient_start"),
            models.Index(fields=["status", "start"], name="sched_appt_status_start"),
            # Free slots and the booking checks read a doctor's booked rows in a time window. Only
            # booked rows, a small share of the table, by start: the planner cannot tell from
            # column statistics that booked rows are the future ones, and without this index it
            # picked a far slower plan (docs/adr/0001-benchmark-history.md).
            models.Index(fields=["doctor", "start"], condition=_BOOKED, name="sched_appt_booked_doctor_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="sched_appointment_end_after_start"),
            models.CheckConstraint(
                condition=Q(status__in=[choice.value for choice in Status]), name="sched_appointment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(booked_by__isnull=True) | Q(booked_by_client__isnull=True),
                name="sched_appointment_booked_by_one",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_by__isnull=True) | Q(cancelled_by_client__isnull=True),
                name="sched_appointment_cancelled_by_one",
            ),
            # The guarantee against double booking: no two booked rows of one doctor (or of one
            # patient) overlap in time. Half-open ranges, so back-to-back slots are fine.
            PostgresExclusionConstraint(
                name=DOCTOR_OVERLAP_CONSTRAINT,
                expressions=[(_TIME_RANGE, RangeOperators.OVERLAPS), ("doctor", RangeOperators.EQUAL)],
                condition=_BOOKED,
            ),
            PostgresExclusionConstraint(
                name=PATIENT_OVERLAP_CONSTRAINT,
                expressions=[(_TIME_RANGE, RangeOperators.OVERLAPS), ("patient", RangeOperators.EQUAL)],
                condition=_BOOKED,
            ),
        ]

    def __str__(self) -> str:
        return f"Appointment {self.pk} ({self.status})"


class CalendarFeed(models.Model):
    """A patient's or doctor's private calendar subscription. Only the SHA-256 of its token is kept:
    the URL is shown once, and rotating the token (a new hash) ends the old URL at once."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Calendar feed of user {self.user_id}"
