"""Free slots, derived (never stored) from weekly rules, dated exceptions and booked appointments.

`days`: the calendar arithmetic (pure); `reads`: what a search reads; `search`: the searches.
"""

from .days import Slot, clinic_date, day_bounds, day_spans, local_instants, windows_for
from .reads import DoctorRow
from .search import NextSlot, availability_span_at, doctor_free_slots, free_slots, slots_next

__all__ = [
    "DoctorRow",
    "NextSlot",
    "Slot",
    "availability_span_at",
    "clinic_date",
    "day_bounds",
    "day_spans",
    "doctor_free_slots",
    "free_slots",
    "local_instants",
    "slots_next",
    "windows_for",
]
