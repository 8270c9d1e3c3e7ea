"""Free slots: of some doctors over clinic-local days, of one doctor, and the earliest across doctors."""

import heapq
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from apps.accounts.models import User
from apps.core.errors import NotFoundError

from ... import clock
from .days import (
    Busy,
    RuleRow,
    Slot,
    Span,
    bookable_days,
    clinic_date,
    day_bounds,
    day_slots,
    day_spans,
    days_between,
    micros,
    slot_order,
    weekly_windows,
    windows_for,
)
from .reads import DoctorRow, active_doctor_rules, booked_spans, dated_exceptions, searched_doctors, weekly_rules


def free_slots(
    *,
    doctor_ids: list[int],
    first: date,
    last: date,
    now: datetime | None = None,
    enough: int | None = None,
    rules: dict[int, list[RuleRow]] | None = None,
) -> list[Slot]:
    """Free slots of these doctors on clinic-local days first..last, sorted; three queries at most.

    Availability minus days off, minus booked appointments, minus the past and the minimum notice,
    within the booking horizon. With `enough`, only the earliest `enough` slots can matter: each
    doctor's later ones, and the days after the one by which that many were found, are skipped
    (they could only come after those). `rules` spares their query when the caller already
    holds these doctors' weekly rules.
    """
    now = now or clock.now()
    first, last = bookable_days(first, last, now)
    if first > last or not doctor_ids:
        return []
    if rules is None:
        rules = weekly_rules(doctor_ids)
    exceptions = dated_exceptions(doctor_ids, first, last)
    earliest = now + timedelta(minutes=settings.BOOKING_MIN_NOTICE_MINUTES)
    lower, upper = day_bounds(first, last)
    # A booking that ends before the earliest bookable start cannot overlap any slot offered.
    busy = booked_spans(doctor_ids, max(lower, earliest), upper)
    earliest_us, tz, idle = micros(earliest), timezone.get_default_timezone(), Busy([])
    weekly = {doctor_id: weekly_windows(rules.get(doctor_id, ())) for doctor_id in doctor_ids}
    cap = sys.maxsize if enough is None else enough  # slots worth finding per doctor
    found = dict.fromkeys(doctor_ids, 0)
    slots = []
    # Day by day: a day's slots all start before the next day's (windows never cross midnight).
    for day in days_between(first, last):
        weekday = day.weekday()
        for doctor_id in doctor_ids:
            if found[doctor_id] >= cap:
                continue
            dated = exceptions.get(doctor_id, {}).get(day)
            if dated is None:
                windows = weekly[doctor_id].get(weekday, ())
            else:
                windows = tuple(windows_for(day, rules.get(doctor_id, ()), dated))
            doctor_busy = busy.get(doctor_id, idle)
            for start_us, end_us, start, end in day_slots(day, windows, tz):
                if start_us >= earliest_us and not doctor_busy.overlaps(start_us, end_us):
                    slots.append(Slot(start=start, end=end, doctor_id=doctor_id))
                    found[doctor_id] += 1
                    if found[doctor_id] >= cap:
                        break
        if enough is not None and len(slots) >= enough:
            break
    slots.sort(key=slot_order)
    return slots


def doctor_free_slots(*, doctor_id: int, first: date, last: date, now: datetime | None = None) -> list[Slot]:
    """Free slots of one active doctor on clinic-local days first..last; any other id is not found."""
    rules = active_doctor_rules(doctor_id)
    if rules is None:
        raise NotFoundError(code="not_found", message="No active doctor with this id.")
    return free_slots(doctor_ids=[doctor_id], first=first, last=last, now=now, rules={doctor_id: rules})


def availability_span_at(*, doctor_id: int, start: datetime) -> Span | None:
    """The availability slot of this doctor that begins exactly at `start`, booked or not; else None."""
    day = clinic_date(start)
    rules = weekly_rules([doctor_id]).get(doctor_id, [])
    exceptions = dated_exceptions([doctor_id], day, day).get(doctor_id, {}).get(day, [])
    for span in day_spans(day, windows_for(day, rules, exceptions)):
        if span[0] == start:
            return span
    return None


@dataclass(frozen=True)
class NextSlot:
    start: datetime
    end: datetime
    doctor: DoctorRow
    is_primary_doctor: bool


# The search reads three days first and doubles the span each round: three days hold a full page on
# a busy calendar, and a sparse one still takes few rounds (five over a 90-day horizon).
FIRST_SEARCH_DAYS = 3


def slots_next(
    *,
    actor: User,
    specialty: str | None = None,
    doctor_id: int | None = None,
    limit: int = 10,
    now: datetime | None = None,
) -> list[NextSlot]:
    """The earliest `limit` free slots across matching doctors; the caller's primary doctor first on ties.

    Matching: the active doctors who take the caller (`doctors_accepting`), of
    `specialty` when given; or exactly the active doctor `doctor_id`. Searched in doubling spans of days.
    """
    now = now or clock.now()
    by_id, names, primary_id, rules = searched_doctors(actor, specialty, doctor_id)
    if doctor_id is not None and not by_id:
        raise NotFoundError(code="not_found", message="No active doctor with this id.")
    found: list[Slot] = []
    first, horizon = bookable_days(clinic_date(now), date.max, now)
    span = FIRST_SEARCH_DAYS
    while by_id and first <= horizon and len(found) < limit:
        last = min(first + timedelta(days=span - 1), horizon)
        found += free_slots(
            doctor_ids=sorted(by_id), first=first, last=last, now=now, enough=limit - len(found), rules=rules
        )
        first, span = last + timedelta(days=1), span * 2

    def order(slot: Slot) -> tuple:
        return (slot.start, slot.doctor_id != primary_id, *names[slot.doctor_id], slot.doctor_id)

    return [
        NextSlot(start=s.start, end=s.end, doctor=by_id[s.doctor_id], is_primary_doctor=s.doctor_id == primary_id)
        for s in heapq.nsmallest(limit, found, key=order)
    ]
