"""Booking, rescheduling and editing the patient's note."""

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest

from apps.accounts.models import Role, User
from apps.audit.services import audit_record
from apps.core.db import retry_transient
from apps.core.errors import ApplicationError, ConflictError
from apps.core.rows import column, quote, statement_cursor

from .. import clock, errors
from ..models import Appointment, Status
from .rules import (
    before_patient_cutoff,
    check_bookable,
    check_booked,
    check_free,
    conflict_from,
    lock_user_row,
    notify_in_transaction,
    refuse,
    take_turn_on_doctor,
)


def _check_may_book(*, actor: User, patient: User, doctor: User) -> None:
    if actor.is_doctor:
        raise refuse("Doctors do not book appointments; a nurse or an admin books for a patient.")
    if actor.is_patient and actor.pk != patient.pk:
        raise refuse("Patients book for themselves only.")
    if not (actor.is_patient or actor.is_nurse or actor.is_admin):
        raise refuse("You may not book appointments.")
    if patient.role != Role.PATIENT or not patient.is_active:
        message = "This patient account is not active."
        raise ApplicationError(code=errors.PATIENT_INACTIVE, message=message, fields={"patient": [message]})
    if doctor.role != Role.DOCTOR or not doctor.is_active:
        message = "This doctor is not taking appointments."
        raise ApplicationError(code=errors.DOCTOR_UNAVAILABLE, message=message, fields={"doctor": [message]})


def _check_accepting(*, patient: User, doctor: User) -> None:
    """A doctor who accepts no new patients is still booked by their own and their earlier patients."""
    if doctor.doctor_profile.accepting_new_patients:
        return
    own = patient.patient_profile.primary_doctor_id == doctor.pk
    if not own and not Appointment.objects.filter(doctor=doctor, patient=patient).exists():
        raise ConflictError(code=errors.DOCTOR_NOT_ACCEPTING, message="This doctor is not accepting new patients.")


def _check_upcoming_limit(patient: User) -> None:
    limit = settings.BOOKING_MAX_UPCOMING_PER_PATIENT
    meta = Appointment._meta
    patient_id, status, start = (column("a", meta.get_field(name)) for name in ("patient", "status", "start"))
    with statement_cursor() as cursor:  # a fixed statement: counting by queryset cost more than the count
        cursor.execute(
            f"SELECT COUNT(*) FROM {quote(meta.db_table)} a WHERE {patient_id} = %s "  # nosec B608 # noqa: S608
            f"AND {status} = '{Status.BOOKED.value}' AND {start} > %s",
            [patient.pk, connection.ops.adapt_datetimefield_value(clock.now())],
        )
        upcoming = cursor.fetchone()[0]
    if upcoming >= limit:
        raise ConflictError(
            code=errors.UPCOMING_LIMIT_REACHED,
            message=f"A patient may hold at most {limit} upcoming appointments.",
        )


def appointment_book(
    *,
    actor: User,
    patient: User,
    doctor: User,
    start: datetime,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Appointment:
    """Book a slot for a patient (a retry's `Idempotency-Key` is the view's concern: apps.core.idempotency)."""
    return retry_transient(
        lambda: _book(
            actor=actor,
            patient=patient,
            doctor=doctor,
            start=start,
            reason=reason,
            request=request,
        )
    )


def _book(
    *,
    actor: User,
    patient: User,
    doctor: User,
    start: datetime,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Appointment:
    _check_may_book(actor=actor, patient=patient, doctor=doctor)
    try:
        with transaction.atomic():
            # One patient's bookings run one at a time, so the upcoming limit holds under concurrency.
            lock_user_row(patient.pk)
            take_turn_on_doctor(doctor.pk)
            end = check_bookable(doctor=doctor, start=start)
            _check_accepting(patient=patient, doctor=doctor)
            check_free(doctor=doctor, patient=patient, start=start, end=end)
            _check_upcoming_limit(patient)
            appointment = Appointment.objects.create(
                patient=patient, doctor=doctor, start=start, end=end, reason=reason, booked_by=actor
            )
            audit_record(
                actor=actor,
                action="appointment.book",
                resource_type="appointment",
                resource_id=appointment.pk,
                patient=patient,
                request=request,
            )
            # The new appointment holds its patient (read with their profile) and its doctor.
            notify_in_transaction(event="appointment.booked", appointment_id=appointment.pk, appointment=appointment)
    except IntegrityError as exc:
        conflict = conflict_from(exc)
        if conflict is None:
            raise
        raise conflict from exc
    return appointment


def _check_may_change(*, actor: User, appointment: Appointment, start: datetime | None, reason: str | None) -> None:
    if actor.is_doctor:
        raise refuse("Doctors do not move appointments or edit the patient's note; cancel instead.")
    if actor.is_admin and reason is not None:
        raise refuse("Admins do not read or write the patient's note.")
    if not (actor.is_admin or actor.is_nurse or appointment.patient_id == actor.pk):
        raise refuse("You may not change this appointment.")
    if actor.is_patient and start is not None and not before_patient_cutoff(appointment):
        hours = settings.CANCELLATION_CUTOFF_HOURS
        raise ConflictError(
            code=errors.CANCELLATION_TOO_LATE,
            message=f"Appointments can be moved up to {hours} hours before the start; please call the clinic.",
        )


def appointment_update(
    *,
    actor: User,
    appointment: Appointment,
    start: datetime | None = None,
    reason: str | None = None,
    request: HttpRequest | None = None,
) -> Appointment:
    """Reschedule to `start` and/or replace the patient's note, in one transaction (same rules as booking)."""
    return retry_transient(
        lambda: _update(actor=actor, appointment=appointment, start=start, reason=reason, request=request)
    )


def _update(
    *,
    actor: User,
    appointment: Appointment,
    start: datetime | None,
    reason: str | None,
    request: HttpRequest | None,
) -> Appointment:
    try:
        with transaction.atomic():
            locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
            _check_may_change(actor=actor, appointment=locked, start=start, reason=reason)
            check_booked(locked)
            changed: list[str] = []
            if reason is not None and reason != locked.reason:
                locked.reason = reason
                changed.append("reason")
            if start is not None and start != locked.start:
                take_turn_on_doctor(locked.doctor_id)
                end = check_bookable(doctor=locked.doctor, start=start)
                check_free(doctor=locked.doctor, patient=locked.patient, start=start, end=end, exclude_pk=locked.pk)
                # One UPDATE takes the new slot and frees the old one: both or neither.
                locked.start, locked.end = start, end
                locked.sequence += 1
                changed += ["start", "end", "sequence"]
            if not changed:
                return locked
            locked.save(update_fields=[*changed, "updated_at"])
            rescheduled = "start" in changed
            audit_record(
                actor=actor,
                action="appointment.reschedule" if rescheduled else "appointment.update",
                resource_type="appointment",
                resource_id=locked.pk,
                patient=locked.patient_id,
                request=request,
            )
            if rescheduled:
                notify_in_transaction(event="appointment.rescheduled", appointment_id=locked.pk)
    except IntegrityError as exc:
        conflict = conflict_from(exc)
        if conflict is None:
            raise
        raise conflict from exc
    return locked
