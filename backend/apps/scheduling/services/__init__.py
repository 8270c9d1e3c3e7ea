"""Scheduling writes (services): availability, booking, rescheduling and the visit lifecycle."""

from .arrivals import appointment_arrival_undo, appointment_arrive
from .availability import ExceptionSpec, RuleSpec, availability_set
from .booking import appointment_book, appointment_update
from .calendar_feeds import IssuedFeed, calendar_feed_issue, calendar_feed_read_audit, calendar_feed_revoke
from .visits import (
    appointment_cancel,
    appointment_complete,
    appointment_mark_no_show,
    appointment_reopen,
    appointment_reopen_check_register,
)

__all__ = [
    "ExceptionSpec",
    "IssuedFeed",
    "RuleSpec",
    "appointment_arrival_undo",
    "appointment_arrive",
    "appointment_book",
    "appointment_cancel",
    "appointment_complete",
    "appointment_mark_no_show",
    "appointment_reopen",
    "appointment_reopen_check_register",
    "appointment_update",
    "availability_set",
    "calendar_feed_issue",
    "calendar_feed_read_audit",
    "calendar_feed_revoke",
]
