"""The notifications of appointment events: who is told of a booking, cancellation, move or visit."""

from django.db import transaction

from apps.accounts.models import User
from apps.notifications.models import Kind, Title
from apps.notifications.services import notification_create, when

from ..models import Appointment

# The appointment events that tell someone (a no-show tells nobody).
APPOINTMENT_EVENTS = frozenset(
    {"appointment.booked", "appointment.cancelled", "appointment.rescheduled", "appointment.completed"}
)


def appointment_link(appointment: Appointment) -> str:
    return f"/appointments/{appointment.pk}"


def appointment_event_notify(*, event: str, appointment_id: int, appointment: Appointment | None = None) -> None:
    """Tell the people concerned about a booking, cancellation, reschedule or completed visit.

    Called inside the transaction of the change. `appointment` is the appointment as the caller
    holds it, its patient (with their profile) and doctor loaded; without it, the appointment is read.
    """
    if event not in APPOINTMENT_EVENTS:
        return
    if appointment is None:
        appointment = (
            Appointment.objects.select_related("patient__patient_profile", "doctor", "cancelled_by")
            .filter(pk=appointment_id)
            .first()
        )
    if appointment is None:
        return
    patient, doctor = appointment.patient, appointment.doctor
    at, doctor_name, link = when(appointment.start), f"Dr {doctor.full_name}", appointment_link(appointment)
    messages: list[tuple[User, str, str, str]] = []
    if event == "appointment.booked":
        messages = [
            (patient, Kind.APPOINTMENT_BOOKED, Title.APPOINTMENT_BOOKED, f"With {doctor_name}, {at}"),
            (doctor, Kind.APPOINTMENT_BOOKED, Title.NEW_APPOINTMENT, f"{patient.full_name}, {at}"),
        ]
    elif event == "appointment.cancelled":
        # The other party learns of it; when staff cancel, both do.
        recipients = [user for user in (patient, doctor) if user.pk != appointment.cancelled_by_id]
        messages = [
            (user, Kind.APPOINTMENT_CANCELLED, Title.APPOINTMENT_CANCELLED, f"{doctor_name}, {at}")
            for user in recipients
        ]
    elif event == "appointment.rescheduled":
        messages = [
            (patient, Kind.APPOINTMENT_RESCHEDULED, Title.APPOINTMENT_MOVED, f"With {doctor_name}, now {at}"),
            (doctor, Kind.APPOINTMENT_RESCHEDULED, Title.APPOINTMENT_MOVED, f"{patient.full_name}, now {at}"),
        ]
    elif event == "appointment.completed":
        messages = [(patient, Kind.VISIT_COMPLETED, Title.VISIT_COMPLETED, f"Your visit with {doctor_name}, {at}")]
    # In the caller's transaction without a savepoint of its own: all of them with the change, or none.
    with transaction.atomic(savepoint=False):
        for recipient, kind, title, body in messages:
            notification_create(
                recipient=recipient,
                kind=kind,
                title=title,
                body=body,
                link=link,
                appointment=appointment,
                by_email=recipient.prefers_email,
            )
