"""Appointment reminders: each sent exactly once, at the patient's lead time."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from apps.accounts.models import REMINDER_LEAD_HOURS_DEFAULT, REMINDER_LEAD_HOURS_MAX
from apps.notifications.models import Kind, Notification, ReminderDelivery, Title
from apps.notifications.services import EmailPolicy, notification_create, when

from ..models import Appointment, Status
from .notifications import appointment_link

MAX_REMINDER_LEAD = timedelta(hours=REMINDER_LEAD_HOURS_MAX)


def reminders_send(*, now: datetime | None = None) -> int:
    """Send each due reminder exactly once, at the patient's lead time; answers how many were sent."""
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
        lead = timedelta(hours=profile.reminder_lead_hours if profile else REMINDER_LEAD_HOURS_DEFAULT)
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
                    body=f"With Dr {appointment.doctor.full_name}, {when(appointment.start)}",
                    link=appointment_link(appointment),
                    appointment=appointment,
                    by_email=appointment.patient.prefers_email,
                )
        except IntegrityError:
            continue
        sent += 1
    return sent


def reminder_is_stale(notification: Notification) -> bool:
    """A reminder's e-mail still waiting when its appointment was cancelled or moved is not sent."""
    appointment = notification.appointment
    if appointment is None:
        return False
    current = ReminderDelivery.objects.filter(appointment=appointment, appointment_start=appointment.start).exists()
    return appointment.status != Status.BOOKED or not current


REMINDER_EMAIL = EmailPolicy(is_stale=reminder_is_stale)
