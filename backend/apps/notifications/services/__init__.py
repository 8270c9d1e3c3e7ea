"""Notification writes: the in-app inbox, the e-mail outbox and reminders."""

from .inbox import (
    appointment_event_notify,
    clinical_event_notify,
    notification_create,
    notification_mark_all_read,
    notification_mark_read,
    password_reset_notify,
    registration_attempt_notify,
)
from .outbox import email_deliver, email_outbox_drain
from .reminders import reminders_send

__all__ = [
    "appointment_event_notify",
    "clinical_event_notify",
    "email_deliver",
    "email_outbox_drain",
    "notification_create",
    "notification_mark_all_read",
    "notification_mark_read",
    "password_reset_notify",
    "registration_attempt_notify",
    "reminders_send",
]
