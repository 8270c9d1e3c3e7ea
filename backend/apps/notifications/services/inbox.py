"""The in-app inbox: notifications of appointment and clinical events, written with the change.

Callers write a change's notifications inside the change's own transaction, so they exist exactly
when the change does; the e-mail copies go to the outbox in that transaction too (`email`).
Titles and bodies carry no clinical detail: what happened, the time, the doctor's name. Titles are
fixed phrases (`Title`); names and times go in the body, which is encrypted at rest.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Channel, User

from ..models import EmailDelivery, Kind, Notification, Title
from .outbox import email_hand_over_after_commit


def when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%a %d %b %Y, %H:%M")


def appointment_link(appointment) -> str:
    return f"/appointments/{appointment.pk}"


# The appointment events that tell someone (a no-show tells nobody).
APPOINTMENT_EVENTS = frozenset(
    {"appointment.booked", "appointment.cancelled", "appointment.rescheduled", "appointment.completed"}
)


def _wants_email(user: User) -> bool:
    profile = getattr(user, "patient_profile", None) if user.is_patient else None
    return profile is not None and profile.preferred_channel == Channel.EMAIL and bool(user.email)


def notification_create(
    *,
    recipient: User,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    appointment=None,
    by_email: bool = False,
) -> Notification:
    """Put a notification in the recipient's inbox and its copy in the e-mail outbox.

    The copy goes to recipients who prefer e-mail, and always when `by_email` is set.
    """
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, title=title, body=body, link=link, appointment=appointment
    )
    if (by_email and recipient.email) or _wants_email(recipient):
        EmailDelivery.objects.create(notification=notification)
        email_hand_over_after_commit(notification_id=notification.pk)
    return notification


def appointment_event_notify(*, event: str, appointment_id: int, appointment=None) -> None:
    """Tell the people concerned about a booking, cancellation, reschedule or completed visit.

    Called inside the transaction of the change. `appointment` is the appointment as the caller
    holds it, its patient (with their profile) and doctor loaded; without it, the appointment is read.
    """
    from apps.scheduling.models import Appointment

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
                recipient=recipient, kind=kind, title=title, body=body, link=link, appointment=appointment
            )


def clinical_event_notify(*, kind: str, patient_id: int, link: str) -> None:
    """Tell a patient that a new record entry or report is in their history (no clinical detail).

    Called inside the transaction that writes the entry or report.
    """
    patient = User.objects.select_related("patient_profile").filter(pk=patient_id, is_active=True).first()
    if patient is None:
        return
    titles = {Kind.RECORD_ADDED: Title.RECORD_ADDED, Kind.REPORT_ADDED: Title.REPORT_ADDED}
    notification_create(recipient=patient, kind=kind, title=titles[Kind(kind)], body="", link=link)


def registration_attempt_notify(*, owner_id: int) -> None:
    """Tell the owner of an e-mail address that someone tried to register a new account with it.

    By e-mail whatever their preferred channel (the address is what was tried), and in their inbox.
    Nothing the registrant typed is repeated: this message must not become a way to send one.
    """
    owner = User.objects.filter(pk=owner_id).first()
    if owner is None:
        return
    notification_create(
        recipient=owner,
        kind=Kind.REGISTRATION_ATTEMPT,
        title=Title.REGISTRATION_ATTEMPT,
        body=(
            f"On {when(timezone.now())} someone tried to create a new patient account with this e-mail "
            "address. No account was made and yours is unchanged. If it was you, sign in with your "
            "existing account. If it was not, there is nothing you need to do."
        ),
        by_email=True,
    )


def password_reset_notify(*, user: User) -> Notification:
    """Send the user a password reset link by e-mail, whatever their preferred channel, and tell their inbox.

    Called inside the transaction that audits the request. The link itself is made when the e-mail
    is sent (`outbox`), so no token is stored; the inbox copy carries none.
    """
    return notification_create(
        recipient=user,
        kind=Kind.PASSWORD_RESET,
        title=Title.PASSWORD_RESET,
        body=(
            f"On {when(timezone.now())} someone asked for a link to set a new password for this account. "
            f"If it was you, use the link in the e-mail we sent to this address: it works once, within "
            f"{settings.PASSWORD_RESET_TIMEOUT // 60} minutes. If it was not, ignore it: your password is unchanged."
        ),
        by_email=True,
    )


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read (idempotent)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; answers how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
