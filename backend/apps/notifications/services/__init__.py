"""Notification writes: the in-app inbox and the e-mail outbox."""

from ..outbox import EmailPolicy, email_deliver, email_outbox_drain, email_policy_register
from .inbox import notification_create, notification_mark_all_read, notification_mark_read, when

__all__ = [
    "EmailPolicy",
    "email_deliver",
    "email_outbox_drain",
    "email_policy_register",
    "notification_create",
    "notification_mark_all_read",
    "notification_mark_read",
    "when",
]
