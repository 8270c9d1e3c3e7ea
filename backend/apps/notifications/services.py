"""Notification writes: the in-app inbox, the e-mail copy queued after commit, and reminders.

Callers queue appointment events with `transaction.on_commit`, never inside a transaction.
Titles and bodies carry no clinical detail: what happened, the time, the doctor's name. Titles are
fixed phrases (`Title`); names and times go in the body, which is encrypted at rest.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from apps.accounts.models import Channel, User

from .models import DeliveryStatus, EmailDelivery, Kind, Notification, ReminderDelivery, Title

logger = logging.getLogger(__name__)

# The longest reminder lead time a patient can choose (PatientProfile allows 1 to 168 hours).
MAX_REMINDER_LEAD = timedelta(hours=168)


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%a %d %b %Y, %H:%M")


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
    """Put a notification in the recipient's inbox and queue an e-mail copy after commit.

    The copy goes to recipients who prefer e-mail, and always when `by_email` is set.
    """
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, title=title, body=body, link=link, appointment=appointment
    )
    if (by_email and recipient.email) or _wants_email(recipient):
        EmailDelivery.objects.create(notification=notification)
        transaction.on_commit(lambda: email_enqueue(notification_id=notification.pk))
    return notification


def email_enqueue(*, notification_id: int) -> None:
    """Hand the e-mail to the queue; a broker outage never fails the request (a periodic task requeues)."""
    from .tasks import send_notification_email

    try:
        send_notification_email.delay(notification_id)
    except Exception:  # the broker is down: the delivery stays pending and is requeued later
        logger.warning("Could not queue the e-mail of notification %s; it stays pending.", notification_id)


def _appointment_link(appointment) -> str:
    return f"/appointments/{appointment.pk}"


def appointment_event_notify(*, event: str, appointment_id: int, appointment=None) -> None:
    """Tell the people concerned about a booking, cancellation, reschedule or completed visit.

    `appointment` is the committed appointment as the caller holds it, its patient (with their
    profile) and doctor loaded; without it, the appointment is read.
    """
    from apps.scheduling.models import Appointment

    if appointment is None:
        appointment = (
            Appointment.objects.select_related("patient__patient_profile", "doctor", "cancelled_by")
            .filter(pk=appointment_id)
            .first()
        )
    if appointment is None:
        return
    patient, doctor = appointment.patient, appointment.doctor
    when, doctor_name, link = _when(appointment.start), f"Dr {doctor.full_name}", _appointment_link(appointment)
    messages: list[tuple[User, str, str, str]] = []
    if event == "appointment.booked":
        messages = [
            (patient, Kind.APPOINTMENT_BOOKED, Title.APPOINTMENT_BOOKED, f"With {doctor_name}, {when}"),
            (doctor, Kind.APPOINTMENT_BOOKED, Title.NEW_APPOINTMENT, f"{patient.full_name}, {when}"),
        ]
    elif event == "appointment.cancelled":
        # The other party learns of it; when staff cancel, both do.
        recipients = [user for user in (patient, doctor) if user.pk != appointment.cancelled_by_id]
        messages = [
            (user, Kind.APPOINTMENT_CANCELLED, Title.APPOINTMENT_CANCELLED, f"{doctor_name}, {when}")
            for user in recipients
        ]
    elif event == "appointment.rescheduled":
        messages = [
            (patient, Kind.APPOINTMENT_RESCHEDULED, Title.APPOINTMENT_MOVED, f"With {doctor_name}, now {when}"),
            (doctor, Kind.APPOINTMENT_RESCHEDULED, Title.APPOINTMENT_MOVED, f"{patient.full_name}, now {when}"),
        ]
    elif event == "appointment.completed":
        messages = [(patient, Kind.VISIT_COMPLETED, Title.VISIT_COMPLETED, f"Your visit with {doctor_name}, {when}")]
    with transaction.atomic():
        for recipient, kind, title, body in messages:
            notification_create(
                recipient=recipient, kind=kind, title=title, body=body, link=link, appointment=appointment
            )


def clinical_event_notify(*, kind: str, patient_id: int, link: str) -> None:
    """Tell a patient that a new record entry or report is in their history (no clinical detail)."""
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
            f"On {_when(timezone.now())} someone tried to create a new patient account with this e-mail "
            "address. No account was made and yours is unchanged. If it was you, sign in with your "
            "existing account. If it was not, there is nothing you need to do."
        ),
        by_email=True,
    )


def reminders_send(*, now: datetime | None = None) -> int:
    """Send each due reminder exactly once, at the patient's lead time; answers how many were sent."""
    from apps.scheduling.models import Appointment, Status

    now = now or timezone.now()
    already = ReminderDelivery.objects.filter(appointment=OuterRef("pk"), appointment_start=OuterRef("start"))
    candidates = (
        Appointment.objects.filter(status=Status.BOOKED, start__gt=now, start__lte=now + MAX_REMINDER_LEAD)
        .exclude(Exists(already))
        .select_related("patient__patient_profile", "doctor")
        .order_by("start")
    )
    sent = 0
    for appointment in candidates.iterator(chunk_size=500):
        profile = getattr(appointment.patient, "patient_profile", None)
        lead = timedelta(hours=profile.reminder_lead_hours if profile else 24)
        if appointment.start - lead > now:
            continue
        try:
            with transaction.atomic():
                # The unique delivery row is the guarantee: a racing run fails here and sends nothing.
                ReminderDelivery.objects.create(appointment=appointment, appointment_start=appointment.start)
                notification_create(
                    recipient=appointment.patient,
                    kind=Kind.REMINDER,
                    title=Title.REMINDER,
                    body=f"With Dr {appointment.doctor.full_name}, {_when(appointment.start)}",
                    link=_appointment_link(appointment),
                    appointment=appointment,
                )
        except IntegrityError:
            continue
        sent += 1
    return sent


def _reminder_is_stale(notification: Notification) -> bool:
    from apps.scheduling.models import Status

    appointment = notification.appointment
    if notification.kind != Kind.REMINDER or appointment is None:
        return False
    current = ReminderDelivery.objects.filter(appointment=appointment, appointment_start=appointment.start).exists()
    return appointment.status != Status.BOOKED or not current


def email_deliver(*, notification_id: int) -> str:
    """Send one pending e-mail; SMTP errors propagate so the task retries with backoff."""
    failure: Exception | None = None
    with transaction.atomic():
        # The row lock keeps two workers from sending the same e-mail twice.
        delivery = (
            EmailDelivery.objects.select_for_update(of=("self",))
            .select_related("notification__recipient", "notification__appointment")
            .filter(notification_id=notification_id)
            .first()
        )
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return delivery.status if delivery else "missing"
        notification = delivery.notification
        if _reminder_is_stale(notification):
            delivery.status = DeliveryStatus.SKIPPED
            delivery.save(update_fields=["status"])
            return delivery.status
        delivery.attempts += 1
        try:
            send_mail(
                subject=f"Patient Tracker: {notification.title}",
                message=f"{notification.title}\n\n{notification.body}\n\n{settings.SITE_URL}{notification.link}\n",
                from_email=None,
                recipient_list=[notification.recipient.email],
            )
        except Exception as exc:
            failure = exc
            if delivery.attempts >= settings.EMAIL_MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
            delivery.save(update_fields=["attempts", "status"])
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["attempts", "status", "sent_at"])
    if failure is not None:
        raise failure
    return delivery.status


def email_requeue_pending(*, older_than: timedelta = timedelta(minutes=10)) -> int:
    """Queue again the e-mails that never left (for example while the broker was down)."""
    stale = EmailDelivery.objects.filter(
        status=DeliveryStatus.PENDING, notification__created_at__lt=timezone.now() - older_than
    ).values_list("notification_id", flat=True)
    count = 0
    for notification_id in stale.iterator():
        email_enqueue(notification_id=notification_id)
        count += 1
    return count


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read (idempotent)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; answers how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
