"""The end of an appointment's life: cancelled, completed with notes, or a no-show. All final.

Each one moves the appointment's `sequence` on, so subscribed calendars replace their copy.
"""

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from apps.accounts.models import User
from apps.audit.services import audit_record
from apps.core.actors import actor_columns
from apps.core.errors import ConflictError

from .. import clock, errors
from ..models import Appointment, Status
from .rules import before_patient_cutoff, check_booked, keeps_patient_cutoff, notify_in_transaction, refuse


def _lock(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update().get(pk=appointment.pk)


def _finish(*, actor: User, appointment: Appointment, action: str, event: str, request: HttpRequest | None) -> None:
    audit_record(
        actor=actor,
        action=action,
        resource_type="appointment",
        resource_id=appointment.pk,
        patient=appointment.patient_id,
        request=request,
    )
    notify_in_transaction(event=event, appointment_id=appointment.pk)


@transaction.atomic
def appointment_cancel(
    *, actor: User, appointment: Appointment, reason: str, request: HttpRequest | None = None
) -> Appointment:
    """Cancel a booked appointment (patients and API clients up to the cut-off; its doctor, nurses and
    admins any time)."""
    locked = _lock(appointment)
    may_cancel = actor.is_nurse or actor.is_admin or actor.is_api_client
    if not (may_cancel or actor.pk in (locked.patient_id, locked.doctor_id)):
        raise refuse("You may not cancel this appointment.")
    check_booked(locked)
    if keeps_patient_cutoff(actor) and not before_patient_cutoff(locked):
        hours = settings.CANCELLATION_CUTOFF_HOURS
        raise ConflictError(
            code=errors.CANCELLATION_TOO_LATE,
            message=f"Appointments can be cancelled up to {hours} hours before the start; please call the clinic.",
        )
    locked.status = Status.CANCELLED
    for field, value in actor_columns(actor, "cancelled_by").items():
        setattr(locked, field, value)
    locked.cancellation_reason = reason
    locked.cancelled_at = clock.now()
    locked.sequence += 1
    locked.save(
        update_fields=[
            "status",
            "cancelled_by",
            "cancelled_by_client",
            "cancellation_reason",
            "cancelled_at",
            "sequence",
            "updated_at",
        ]
    )
    _finish(
        actor=actor, appointment=locked, action="appointment.cancel", event="appointment.cancelled", request=request
    )
    return locked


def _lock_for_its_doctor(*, actor: User, appointment: Appointment) -> Appointment:
    locked = _lock(appointment)
    if actor.pk != locked.doctor_id:
        raise refuse("Only the appointment's doctor documents the visit.")
    check_booked(locked)
    if clock.now() < locked.start:
        raise ConflictError(code=errors.APPOINTMENT_NOT_STARTED, message="This appointment has not started yet.")
    return locked


@transaction.atomic
def appointment_complete(
    *, actor: User, appointment: Appointment, consultation_notes: str, request: HttpRequest | None = None
) -> Appointment:
    """The appointment's doctor closes the visit with consultation notes (encrypted at rest)."""
    locked = _lock_for_its_doctor(actor=actor, appointment=appointment)
    locked.status = Status.COMPLETED
    locked.consultation_notes = consultation_notes
    locked.completed_at = clock.now()
    locked.sequence += 1
    locked.save(update_fields=["status", "consultation_notes", "completed_at", "sequence", "updated_at"])
    _finish(
        actor=actor, appointment=locked, action="appointment.complete", event="appointment.completed", request=request
    )
    return locked


@transaction.atomic
def appointment_mark_no_show(
    *, actor: User, appointment: Appointment, request: HttpRequest | None = None
) -> Appointment:
    """The appointment's doctor records that the patient did not come (only once the start has passed)."""
    locked = _lock_for_its_doctor(actor=actor, appointment=appointment)
    locked.status = Status.NO_SHOW
    locked.sequence += 1
    locked.save(update_fields=["status", "sequence", "updated_at"])
    _finish(actor=actor, appointment=locked, action="appointment.no_show", event="appointment.no_show", request=request)
    return locked
