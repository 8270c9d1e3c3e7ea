"""The booking rules, for booking and rescheduling, and the notifications written with a change.

The checks here give friendly, specific errors. The guarantee against double booking is the
database: PostgreSQL's exclusion constraints (see models.py), or on SQLite the serialised write
transaction inside which these checks run.
"""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.db import IntegrityError, transaction

from apps.accounts.models import Role, User
from apps.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from apps.core.events import event_record
from apps.core.sql.slots import doctor_takes_patient

from .. import clock, errors
from ..models import DOCTOR_OVERLAP_CONSTRAINT, PATIENT_OVERLAP_CONSTRAINT, Appointment, Status
from ..selectors import availability_span_at, clinic_date
from . import notifications

if TYPE_CHECKING:
    from apps.clients.principal import ApiClientPrincipal

SLOT_TAKEN_MESSAGE = "This time is no longer free with this doctor."
PATIENT_OVERLAP_MESSAGE = "The patient already has an appointment at this time."


def _start_error(code: str, message: str) -> ApplicationError:
    return ApplicationError(code=code, message=message, fields={"start": [message]})


def check_may_book(*, actor: User, patient: User, doctor: User) -> None:
    if actor.is_doctor:
        raise refuse("Doctors do not book appointments; a nurse or an admin books for a patient.")
    if actor.is_patient and actor.pk != patient.pk:
        raise refuse("Patients book for themselves only.")
    if not (actor.is_patient or actor.is_nurse or actor.is_admin or actor.is_api_client):
        raise refuse("You may not book appointments.")
    # A limited client books only what it may then see: the patient's scope alone would let it book
    # a patient of one of its doctors with another doctor.
    if actor.is_api_client and not cast("ApiClientPrincipal", actor).holds_appointment(
        patient_id=patient.pk, doctor_id=doctor.pk
    ):
        raise refuse("This API client books only with the doctors, or for the patients, it is limited to.")
    if patient.role != Role.PATIENT or not patient.is_active:
        message = "This patient account is not active."
        raise ApplicationError(code=errors.PATIENT_INACTIVE, message=message, fields={"patient": [message]})
    if doctor.role != Role.DOCTOR or not doctor.is_active:
        message = "This doctor is not taking appointments."
        raise ApplicationError(code=errors.DOCTOR_UNAVAILABLE, message=message, fields={"doctor": [message]})


def check_accepting(*, patient: User, doctor: User) -> None:
    """A doctor who accepts no new patients still takes their own (`doctor_takes_patient`: the same
    rule as the slot search's, which shows a patient only the doctors who take them)."""
    if not doctor_takes_patient(doctor.pk, patient.pk):
        raise ConflictError(code=errors.DOCTOR_NOT_ACCEPTING, message="This doctor is not accepting new patients.")


def check_upcoming_limit(patient: User) -> None:
    limit = settings.BOOKING_MAX_UPCOMING_PER_PATIENT
    if Appointment.objects.filter(patient=patient, status=Status.BOOKED, start__gt=clock.now()).count() >= limit:
        raise ConflictError(
            code=errors.UPCOMING_LIMIT_REACHED,
            message=f"A patient may hold at most {limit} upcoming appointments.",
        )


def check_may_change(*, actor: User, appointment: Appointment, start: datetime | None, reason: str | None) -> None:
    if actor.is_doctor:
        raise refuse("Doctors do not move appointments or edit the patient's note; cancel instead.")
    if actor.is_admin and reason is not None:
        raise refuse("Admins do not read or write the patient's note.")
    if not (actor.is_admin or actor.is_nurse or actor.is_api_client or appointment.patient_id == actor.pk):
        raise refuse("You may not change this appointment.")
    if keeps_patient_cutoff(actor) and start is not None and not before_patient_cutoff(appointment):
        hours = settings.CANCELLATION_CUTOFF_HOURS
        raise ConflictError(
            code=errors.CANCELLATION_TOO_LATE,
            message=f"Appointments can be moved up to {hours} hours before the start; please call the clinic.",
        )


def check_bookable(*, doctor: User, start: datetime) -> datetime:
    """Refuse a start that is past, too soon, too far ahead or not a slot of the doctor; return the slot's end."""
    now = clock.now()
    if start <= now:
        raise _start_error(errors.START_IN_PAST, "The start is in the past.")
    notice = settings.BOOKING_MIN_NOTICE_MINUTES
    if start < now + timedelta(minutes=notice):
        raise _start_error(errors.NOTICE_TOO_SHORT, f"Appointments need at least {notice} minutes' notice.")
    horizon = settings.BOOKING_HORIZON_DAYS
    if clinic_date(start) > clinic_date(now) + timedelta(days=horizon):
        raise _start_error(errors.BEYOND_BOOKING_HORIZON, f"Appointments can be booked at most {horizon} days ahead.")
    span = availability_span_at(doctor_id=doctor.pk, start=start)
    if span is None:
        raise _start_error(errors.OUTSIDE_AVAILABILITY, "The start is not the beginning of one of the doctor's slots.")
    return span[1]


def take_turn_on_doctor(doctor_id: int) -> None:
    """Lock the doctor's row until the transaction ends: bookings and moves into one doctor's calendar,
    and replacements of their availability, run one after another.

    Without the turn, two bookings of one slot can both pass `check_free` and both insert; each insert
    then waits for the other's transaction in the exclusion constraint, PostgreSQL aborts one as a
    deadlock only after `deadlock_timeout` (1 s), and its retry can close a new cycle with the next
    request. With it, a later request checks the slot after the earlier one committed, finds its row
    and answers 409 at once. The constraint still guarantees the result; the turn keeps it cheap.
    Lock order: the patient's row or the appointment's row first, then the doctor's.
    """
    lock_user_row(doctor_id)


def lock_user_row(user_id: int) -> None:
    """Lock a user's row until the transaction ends (on SQLite, whose write transactions run one
    at a time anyway, there is nothing to lock)."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("A row lock is held only inside a transaction.")
    list(User.objects.filter(pk=user_id).select_for_update(no_key=True).values_list("pk"))


def check_free(*, doctor: User, patient: User, start: datetime, end: datetime, exclude_pk: int | None = None) -> None:
    """409 when the doctor or the patient already holds a booked appointment overlapping [start, end)."""
    overlapping = Appointment.objects.filter(status=Status.BOOKED, start__lt=end, end__gt=start)
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    if overlapping.filter(doctor=doctor).exists():
        raise ConflictError(code=errors.SLOT_TAKEN, message=SLOT_TAKEN_MESSAGE)
    if overlapping.filter(patient=patient).exists():
        raise ConflictError(code=errors.PATIENT_OVERLAP, message=PATIENT_OVERLAP_MESSAGE)


def conflict_from(exc: IntegrityError) -> ConflictError | None:
    """The specific 409 for an exclusion-constraint violation; None for any other integrity error."""
    diag = getattr(exc.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None) or str(exc)
    if DOCTOR_OVERLAP_CONSTRAINT in name:
        return ConflictError(code=errors.SLOT_TAKEN, message=SLOT_TAKEN_MESSAGE)
    if PATIENT_OVERLAP_CONSTRAINT in name:
        return ConflictError(code=errors.PATIENT_OVERLAP, message=PATIENT_OVERLAP_MESSAGE)
    return None


def check_booked(appointment: Appointment) -> None:
    """The lifecycle: only a booked appointment changes; cancelled, completed and no-show are final."""
    if appointment.status != Status.BOOKED:
        raise ConflictError(
            code=errors.INVALID_STATUS_CHANGE,
            message=f"This appointment is {appointment.get_status_display().lower()}; it can no longer change.",
        )


def keeps_patient_cutoff(actor: User) -> bool:
    """Patients, and API clients booking for them, move and cancel only up to the cut-off; staff at
    the clinic may at any time (a late change is the phone call the cut-off asks for)."""
    return actor.is_patient or actor.is_api_client


def before_patient_cutoff(appointment: Appointment) -> bool:
    """Whether a patient may still cancel or move this appointment (up to the cut-off before its start)."""
    return appointment.start - clock.now() >= timedelta(hours=settings.CANCELLATION_CUTOFF_HOURS)


def refuse(message: str) -> PermissionDeniedError:
    return PermissionDeniedError(code="permission_denied", message=message)


def notify_in_transaction(*, event: str, appointment_id: int, appointment: Appointment | None = None) -> None:
    """Write the notifications of a change inside its transaction: nothing is announced that rolls back,
    and nothing committed goes unannounced. Their e-mail copies are handed over after the commit.

    A caller that holds the appointment with its patient (and profile) and doctor passes it, and it
    is not read again.
    """
    notifications.appointment_event_notify(event=event, appointment_id=appointment_id, appointment=appointment)
    event_record(type=event, data={"id": appointment_id})
