"""Scheduling reads (selectors): availability, free slots and appointments."""

from .appointments import (
    appointment_get,
    appointment_list,
    appointment_rows,
    appointment_scope_q,
    booking_parties,
    visit_closed_at,
    visit_undo_until,
)
from .availability import Availability, availability_get
from .slots import NextSlot, Slot, availability_span_at, clinic_date, doctor_free_slots, free_slots, slots_next

__all__ = [
    "Availability",
    "NextSlot",
    "Slot",
    "appointment_get",
    "appointment_list",
    "appointment_rows",
    "appointment_scope_q",
    "availability_get",
    "availability_span_at",
    "booking_parties",
    "clinic_date",
    "doctor_free_slots",
    "free_slots",
    "slots_next",
    "visit_closed_at",
    "visit_undo_until",
]
