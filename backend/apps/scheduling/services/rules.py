"""Booking rules shared by booking and rescheduling, and the notifications written with a change.

The checks here give friendly, specific errors. The guarantee against double booking is the
database: PostgreSQL's exclusion constraints (see models.py), or on SQLite the serialised write
transaction inside which these checks run.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from apps.accounts.models import User
from apps.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from apps.core.rows import column, quote, statement_cursor
from apps.notifications import services as notifications
from apps.webhooks.services import webhook_event_emit

from .. import clock, errors
from ..models import DOCTOR_OVERLAP_CONSTRAINT, PATIENT_OVERLAP_CONSTRAINT, Appointment, Status
from ..selectors import availability_span_at, clinic_date

SLOT_TAKEN_MESSAGE = "This time is no longer free with this doctor."
PATIENT_OVERLAP_MESSAGE = "The patient already has an appointment at this time."


def _start_error(code: str, message: str) -> ApplicationError:
    return ApplicationError(code=code, message=message, fields={"start": [message]})


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
    """Lock a user's row until the transaction ends, as `select_for_update(no_key=True)` does, in one
    fixed statement: compiling that queryset cost more than the lock (bench/README.md). Where the
    database has no row locks (SQLite), its write transactions run one at a time anyway."""
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("A row lock is held only inside a transaction.")
    features = connection.features
    if not features.has_select_for_update:
        return
    lock = "FOR NO KEY UPDATE" if features.has_select_for_no_key_update else "FOR UPDATE"
    table, pk = quote(User._meta.db_table), column("u", User._meta.pk)
    with statement_cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} u WHERE {pk} = %s {lock}", [user_id])  # nosec B608 # noqa: S608


def check_free(*, doctor: User, patient: User, start: datetime, end: datetime, exclude_pk: int | None = None) -> None:
    """409 when the doctor or the patient already holds a booked appointment overlapping [start, end).

    One fixed statement asks both: two querysets' `exists()` cost a booking more than the database's work.
    """
    meta = Appointment._meta
    table = quote(meta.db_table)
    pk, doctor_id, patient_id, lower, upper, status = (
        column("a", meta.get_field(name)) for name in ("id", "doctor", "patient", "start", "end", "status")
    )
    # The status is written in, not bound: a prepared plan can then use the index of booked rows.
    overlapping = (
        f"SELECT 1 FROM {table} a WHERE {status} = '{Status.BOOKED.value}' "  # nosec B608 # noqa: S608
        f"AND {lower} < %s AND {upper} > %s AND {pk} <> %s"
    )
    adapt = connection.ops.adapt_datetimefield_value
    window = [adapt(end), adapt(start), exclude_pk or 0]  # ids start at 1: 0 excludes nothing
    with statement_cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS ({overlapping} AND {doctor_id} = %s), EXISTS ({overlapping} AND {patient_id} = %s)",
            [*window, doctor.pk, *window, patient.pk],
        )
        doctor_busy, patient_busy = cursor.fetchone()
    if doctor_busy:
        raise ConflictError(code=errors.SLOT_TAKEN, message=SLOT_TAKEN_MESSAGE)
    if patient_busy:
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
    webhook_event_emit(type=event, data={"id": appointment_id})
