"""Arrival at the desk: staff mark a booked patient as arrived for their visit, or take it back."""

from django.db import transaction
from django.http import HttpRequest

from apps.accounts.models import User
from apps.audit.services import audit_record
from apps.core.errors import ConflictError

from .. import clock, errors
from ..models import Appointment
from ..selectors import clinic_date
from .rules import check_booked, refuse


def _lock_for_the_desk(*, actor: User, appointment: Appointment) -> Appointment:
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if not (actor.is_nurse or actor.is_admin or actor.pk == locked.doctor_id):
        raise refuse("Only the clinic's staff and the appointment's doctor record arrivals.")
    check_booked(locked)
    return locked


def _audit(*, actor: User, appointment: Appointment, action: str, request: HttpRequest | None) -> None:
    audit_record(
        actor=actor,
        action=action,
        resource_type="appointment",
        resource_id=appointment.pk,
        patient=appointment.patient_id,
        request=request,
    )


@transaction.atomic
def appointment_arrive(*, actor: User, appointment: Appointment, request: HttpRequest | None = None) -> Appointment:
    """The patient is here: from the clinic day of the visit on. Marking it twice keeps the first time."""
    locked = _lock_for_the_desk(actor=actor, appointment=appointment)
    now = clock.now()
    if clinic_date(now) < clinic_date(locked.start):
        raise ConflictError(
            code=errors.ARRIVAL_BEFORE_APPOINTMENT_DAY,
            message="A patient arrives on the day of their appointment, not before.",
        )
    if locked.arrived_at is None:
        locked.arrived_at = now
        locked.save(update_fields=["arrived_at", "updated_at"])
        _audit(actor=actor, appointment=locked, action="appointment.arrive", request=request)
    return locked


@transaction.atomic
def appointment_arrival_undo(
    *, actor: User, appointment: Appointment, request: HttpRequest | None = None
) -> Appointment:
    """Take back an arrival marked by mistake, while the visit is still booked."""
    locked = _lock_for_the_desk(actor=actor, appointment=appointment)
    if locked.arrived_at is not None:
        locked.arrived_at = None
        locked.save(update_fields=["arrived_at", "updated_at"])
        _audit(actor=actor, appointment=locked, action="appointment.arrival_undo", request=request)
    return locked
