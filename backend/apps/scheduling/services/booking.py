"""Booking, rescheduling and editing the patient's note."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from apps.accounts.models import User
from apps.audit.services import audit_record
from apps.core.actors import actor_columns
from apps.core.db import retry_transient

from ..models import Appointment
from .rules import (
    check_accepting,
    check_bookable,
    check_booked,
    check_free,
    check_may_book,
    check_may_change,
    check_upcoming_limit,
    conflict_from,
    lock_user_row,
    notify_in_transaction,
    take_turn_on_doctor,
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
    check_may_book(actor=actor, patient=patient, doctor=doctor)
    try:
        with transaction.atomic():
            # One patient's bookings run one at a time, so the upcoming limit holds under concurrency.
            lock_user_row(patient.pk)
            take_turn_on_doctor(doctor.pk)
            end = check_bookable(doctor=doctor, start=start)
            check_accepting(patient=patient, doctor=doctor)
            check_free(doctor=doctor, patient=patient, start=start, end=end)
            check_upcoming_limit(patient)
            appointment = Appointment.objects.create(
                patient=patient,
                doctor=doctor,
                start=start,
                end=end,
                reason=reason,
                **actor_columns(actor, "booked_by"),
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
            check_may_change(actor=actor, appointment=locked, start=start, reason=reason)
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
