"""The end of an appointment's life: cancelled, completed with notes, or a no-show.

A cancellation is final. A completed visit or a no-show may be undone (`appointment_reopen`) by its
doctor for VISIT_UNDO_MINUTES, while nothing else about the visit changed; after that it is final too.
Each change moves the appointment's `sequence` on, so subscribed calendars replace their copy.
"""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from apps.accounts.models import User
from apps.audit.services import audit_record
from apps.core.actors import actor_columns
from apps.core.errors import ConflictError

from .. import clock, errors
from ..models import Appointment, Status
from ..selectors import visit_closed_at, visit_undo_until
from .rules import (
    before_patient_cutoff,
    check_booked,
    check_free,
    conflict_from,
    keeps_patient_cutoff,
    notify_in_transaction,
    refuse,
)


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
    locked.no_show_at = clock.now()
    locked.sequence += 1
    locked.save(update_fields=["status", "no_show_at", "sequence", "updated_at"])
    _finish(actor=actor, appointment=locked, action="appointment.no_show", event="appointment.no_show", request=request)
    return locked


# What the apps that build on scheduling count as a change to a closed visit (a record entry written
# for it): each answers whether `appointment` changed since the given instant. They add themselves
# from their ready(), since scheduling imports none of them.
ReopenCheck = Callable[[Appointment, datetime], bool]
_changed_since_checks: list[ReopenCheck] = []


def appointment_reopen_check_register(check: ReopenCheck) -> None:
    if check not in _changed_since_checks:
        _changed_since_checks.append(check)


@transaction.atomic
def appointment_reopen(*, actor: User, appointment: Appointment, request: HttpRequest | None = None) -> Appointment:
    """Undo a completion or a no-show: its doctor, within VISIT_UNDO_MINUTES, while nothing else changed.

    The visit is booked again as it was before: the notes of the completion are dropped with it.
    """
    locked = _lock(appointment)
    if actor.pk != locked.doctor_id:
        raise refuse("Only the doctor who closed the visit may undo it.")
    deadline = visit_undo_until(locked)
    if deadline is None:
        raise ConflictError(
            code=errors.INVALID_STATUS_CHANGE,
            message=f"This appointment is {locked.get_status_display().lower()}; there is nothing to undo.",
        )
    if clock.now() >= deadline:
        minutes = settings.VISIT_UNDO_MINUTES
        raise ConflictError(
            code=errors.UNDO_WINDOW_CLOSED,
            message=f"A visit can be reopened only within {minutes} minutes of closing it.",
        )
    closed_at = visit_closed_at(locked)
    if closed_at is not None and any(check(locked, closed_at) for check in _changed_since_checks):
        raise ConflictError(
            code=errors.VISIT_CHANGED_SINCE,
            message="Something was added to this visit since it was closed, so it can no longer be undone.",
        )
    check_free(doctor=locked.doctor, patient=locked.patient, start=locked.start, end=locked.end, exclude_pk=locked.pk)
    locked.status = Status.BOOKED
    locked.consultation_notes = ""
    locked.completed_at = None
    locked.no_show_at = None
    locked.sequence += 1
    try:
        # The patient may have been booked elsewhere for the rest of this visit's time since it closed:
        # the constraint has the last word when that happens between the check and the save.
        with transaction.atomic():
            locked.save(
                update_fields=["status", "consultation_notes", "completed_at", "no_show_at", "sequence", "updated_at"]
            )
    except IntegrityError as exc:
        conflict = conflict_from(exc)
        if conflict is None:
            raise
        raise conflict from exc
    _finish(actor=actor, appointment=locked, action="appointment.reopen", event="appointment.reopened", request=request)
    return locked
