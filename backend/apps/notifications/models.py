from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.core.fields import EncryptedTextField


class Kind(models.TextChoices):
    APPOINTMENT_BOOKED = "appointment_booked", "Appointment booked"
    APPOINTMENT_CANCELLED = "appointment_cancelled", "Appointment cancelled"
    APPOINTMENT_RESCHEDULED = "appointment_rescheduled", "Appointment rescheduled"
    VISIT_COMPLETED = "visit_completed", "Visit notes available"
    RECORD_ADDED = "record_added", "New record entry"
    REPORT_ADDED = "report_added", "New report"
    REMINDER = "reminder", "Appointment reminder"
    REGISTRATION_ATTEMPT = "registration_attempt", "Registration attempt with your e-mail address"
    PASSWORD_RESET = "password_reset", "Password reset requested"
    WEBHOOK_DISABLED = "webhook_disabled", "Webhook endpoint disabled"


class Title(models.TextChoices):
    """Every title a notification may have: fixed phrases, so that no name or time is ever stored in clear."""

    APPOINTMENT_BOOKED = "Appointment booked", "Appointment booked"
    NEW_APPOINTMENT = "New appointment", "New appointment"
    APPOINTMENT_CANCELLED = "Appointment cancelled", "Appointment cancelled"
    APPOINTMENT_MOVED = "Appointment moved", "Appointment moved"
    VISIT_COMPLETED = "Visit notes available", "Visit notes available"
    RECORD_ADDED = "New entry in your record", "New entry in your record"
    REPORT_ADDED = "New report in your record", "New report in your record"
    REMINDER = "Appointment reminder", "Appointment reminder"
    REGISTRATION_ATTEMPT = (
        "Someone tried to register with your e-mail address",
        "Someone tried to register with your e-mail address",
    )
    PASSWORD_RESET = "Reset your password", "Reset your password"
    WEBHOOK_DISABLED = "Webhook endpoint disabled", "Webhook endpoint disabled"


class Notification(models.Model):
    """One message in a user's in-app inbox. Titles and bodies never carry clinical detail.

    The title is one of `Title`'s fixed phrases (the database refuses any other text); whatever
    names a person or a time goes in the body, which is encrypted at rest.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    title = models.CharField(max_length=200, choices=Title.choices)
    # Who and when, e.g. "Dr Grey, Tue 3 Mar 09:30": personal, so encrypted at rest.
    body = EncryptedTextField(blank=True, default="")
    # The SPA path of the object, e.g. "/appointments/12".
    link = models.CharField(max_length=200, blank=True, default="")
    appointment = models.ForeignKey(
        "scheduling.Appointment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notif_recipient_newest"),
            # The unread badge is polled often: a partial index keeps its count cheap.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notif_recipient_unread"),
        ]
        constraints = [
            # Stored in clear, so never free text: a name or a time could slip into it.
            models.CheckConstraint(condition=Q(title__in=Title.values), name="notif_title_fixed_phrase"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for user {self.recipient_id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Skipped"
    FAILED = "failed", "Failed"


class EmailDelivery(models.Model):
    """The e-mail copy of a notification, for recipients who prefer e-mail: the e-mail outbox.

    Written in the transaction of the change it tells about, handed to the worker after the commit,
    and swept periodically while pending. A sender claims it by moving `next_attempt_at` past now
    (a conditional UPDATE), so no two send it at once; after a failure it is due again later.
    """

    notification = models.OneToOneField(Notification, on_delete=models.CASCADE, related_name="email_delivery")
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # A pending e-mail is due from this time on: now when written, later while claimed or after a failure.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The sweep reads the due e-mails only, so its cost does not grow with the sent ones.
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="notif_email_pending_due"),
        ]

    def __str__(self) -> str:
        return f"e-mail for notification {self.notification_id}: {self.status}"


class ReminderDelivery(models.Model):
    """The one reminder for an appointment at a given start time.

    The unique constraint is the exactly-once guarantee: two workers or two beat runs racing
    cannot both insert it. A rescheduled appointment has a new start, hence its own reminder.
    """

    appointment = models.ForeignKey("scheduling.Appointment", on_delete=models.CASCADE, related_name="+")
    appointment_start = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["appointment", "appointment_start"], name="notif_one_reminder_per_start"),
        ]

    def __str__(self) -> str:
        return f"reminder for appointment {self.appointment_id} at {self.appointment_start:%Y-%m-%d %H:%M}"
