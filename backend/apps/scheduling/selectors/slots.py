"""Free slots, derived (never stored) from weekly rules, dated exceptions and booked appointments.

Rules are clinic-local wall-clock times (settings.TIME_ZONE). A day's slots are laid on the
wall-clock grid of each window; each grid time is turned into an instant with zoneinfo, and
from there on everything is UTC arithmetic (an aware local datetime plus a timedelta would add
wall-clock time and be wrong across a daylight-saving change). A grid time that a spring-forward
change skips does not exist and gives no slot; one that a fall-back change repeats gives a slot at
each of its two instants unless they would overlap.
"""

import heapq
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import PatientProfile, Role, User
from apps.core.errors import NotFoundError

from .. import clock
from ..models import Appointment, AvailabilityException, AvailabilityRule, ExceptionKind, Status

Window = tuple[time, time, int]  # start, end (wall clock), slot length in minutes
Span = tuple[datetime, datetime]  # [start, end) in UTC


@dataclass(frozen=True, order=True)
class Slot:
    start: datetime
    end: datetime
    doctor_id: int


def local_instants(naive: datetime) -> list[datetime]:
    """The UTC instants a clinic-local wall-clock time denotes: none (skipped), one, or two (repeated)."""
    return _local_instants(naive, timezone.get_default_timezone())


def _local_instants(naive: datetime, tz: tzinfo) -> list[datetime]:
    instants = []
    for fold in (0, 1):
        candidate = naive.replace(tzinfo=tz, fold=fold).astimezone(UTC)
        if candidate.astimezone(tz).replace(tzinfo=None) == naive and candidate not in instants:
            instants.append(candidate)
    return sorted(instants)


# Wider than any daylight-saving shift, so a midnight skipped or repeated by one is still inside.
DAY_BOUNDS_MARGIN = timedelta(hours=3)


def day_bounds(first: date, last: date) -> Span:
    """UTC instants safely around the clinic-local days first..last (from midnight to midnight, plus a margin)."""
    tz = timezone.get_default_timezone()
    start = datetime.combine(first, time.min, tzinfo=tz).astimezone(UTC) - DAY_BOUNDS_MARGIN
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz).astimezone(UTC) + DAY_BOUNDS_MARGIN
    return start, end


def clinic_date(instant: datetime) -> date:
    """The clinic-local calendar day of an instant."""
    return timezone.localdate(instant, timezone.get_default_timezone())


def windows_for(
    day: date,
    rules: "Iterable[AvailabilityRule | RuleRow]",
    exceptions: "Iterable[AvailabilityException | ExceptionRow]",
) -> list[Window]:
    """A day's working windows: the weekday's rules plus extra hours, or nothing on a day off."""
    dated = [exception for exception in exceptions if exception.date == day]
    if any(exception.kind == ExceptionKind.OFF for exception in dated):
        return []
    windows: list[Window] = [(r.start_time, r.end_time, r.slot_minutes) for r in rules if r.weekday == day.weekday()]
    windows += [
        (e.start_time, e.end_time, e.slot_minutes)
        for e in dated
        if e.kind == ExceptionKind.EXTRA and e.start_time and e.end_time and e.slot_minutes
    ]
    return windows


def day_spans(day: date, windows: Iterable[Window]) -> list[Span]:
    """The slots of one clinic-local day as UTC spans, in order and never overlapping."""
    return list(_day_spans(day, tuple(windows), timezone.get_default_timezone()))


# A pure function of its arguments, asked again for every doctor with the same hours on the same
# day and by every request: cached per process (a few KiB per entry). Its zone conversions were
# most of the cost of a slots request.
@lru_cache(maxsize=4096)
def _day_spans(day: date, windows: tuple[Window, ...], tz: tzinfo) -> tuple[Span, ...]:
    candidates: list[Span] = []
    for start_time, end_time, minutes in windows:
        step = timedelta(minutes=minutes)
        cursor, limit = datetime.combine(day, start_time), datetime.combine(day, end_time)
        while cursor + step <= limit:
            candidates.extend((instant, instant + step) for instant in _local_instants(cursor, tz))
            cursor += step
    spans: list[Span] = []
    for span in sorted(candidates):
        if not spans or span[0] >= spans[-1][1]:
            spans.append(span)
    return tuple(spans)


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


class _Busy:
    """Booked spans of one doctor, answering "does this span overlap any of them?" in log time."""

    def __init__(self, spans: list[Span]) -> None:
        spans.sort()
        self.starts = [start for start, _ in spans]
        self.max_ends = list(accumulate((end for _, end in spans), max))

    def overlaps(self, start: datetime, end: datetime) -> bool:
        before_end = bisect_left(self.starts, end)
        return before_end > 0 and self.max_ends[before_end - 1] > start


def bookable_days(first: date, last: date, now: datetime) -> tuple[date, date]:
    """first..last clipped to today..the booking horizon (clinic-local days)."""
    today = clinic_date(now)
    return max(first, today), min(last, today + timedelta(days=settings.BOOKING_HORIZON_DAYS))


def _slot_order(slot: Slot) -> tuple[datetime, datetime, int]:
    return (slot.start, slot.end, slot.doctor_id)


class RuleRow(NamedTuple):
    """What `windows_for` reads of a weekly rule (a row, not a model instance: a search reads hundreds)."""

    weekday: int
    start_time: time
    end_time: time
    slot_minutes: int


class ExceptionRow(NamedTuple):
    """What `windows_for` reads of a dated exception."""

    date: date
    kind: str
    start_time: time | None
    end_time: time | None
    slot_minutes: int | None


def weekly_rules(doctor_ids: Iterable[int]) -> dict[int, list[RuleRow]]:
    """Each doctor's weekly rules (one query)."""
    rules: dict[int, list[RuleRow]] = defaultdict(list)
    for doctor_id, *values in AvailabilityRule.objects.filter(doctor_id__in=list(doctor_ids)).values_list(
        "doctor_id", *RuleRow._fields
    ):
        rules[doctor_id].append(RuleRow(*values))
    return rules


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
    within the booking horizon. With `enough`, the days after the first one by which that many
    slots were found are skipped: their slots could only come after these. `rules` spares the
    first query when the caller already holds these doctors' weekly rules.
    """
    now = now or clock.now()
    first, last = bookable_days(first, last, now)
    if first > last or not doctor_ids:
        return []
    if rules is None:
        rules = weekly_rules(doctor_ids)
    exceptions: dict[int, list[ExceptionRow]] = defaultdict(list)
    for doctor_id, *values in AvailabilityException.objects.filter(
        doctor_id__in=doctor_ids, date__range=(first, last)
    ).values_list("doctor_id", *ExceptionRow._fields):
        exceptions[doctor_id].append(ExceptionRow(*values))
    earliest = now + timedelta(minutes=settings.BOOKING_MIN_NOTICE_MINUTES)
    lower, upper = day_bounds(first, last)
    # A booking that ends before the earliest bookable start cannot overlap any slot offered.
    lower = max(lower, earliest)
    booked: dict[int, list[Span]] = defaultdict(list)
    for doctor_id, start, end in (
        Appointment.objects.filter(doctor_id__in=doctor_ids, status=Status.BOOKED, start__lt=upper, end__gt=lower)
        .order_by()  # _Busy sorts each doctor's spans itself
        .values_list("doctor_id", "start", "end")
    ):
        booked[doctor_id].append((start, end))

    busy = {doctor_id: _Busy(booked[doctor_id]) for doctor_id in doctor_ids}
    slots = []
    # Day by day: a day's slots all start before the next day's (windows never cross midnight).
    for day in _days(first, last):
        for doctor_id in doctor_ids:
            for start, end in day_spans(day, windows_for(day, rules.get(doctor_id, ()), exceptions[doctor_id])):
                if start >= earliest and not busy[doctor_id].overlaps(start, end):
                    slots.append(Slot(start=start, end=end, doctor_id=doctor_id))
        if enough is not None and len(slots) >= enough:
            break
    slots.sort(key=_slot_order)
    return slots


def doctor_free_slots(*, doctor_id: int, first: date, last: date, now: datetime | None = None) -> list[Slot]:
    """Free slots of one active doctor on clinic-local days first..last; any other id is not found."""
    if not User.objects.filter(pk=doctor_id, role=Role.DOCTOR, is_active=True).exists():
        raise NotFoundError(code="not_found", message="No active doctor with this id.")
    return free_slots(doctor_ids=[doctor_id], first=first, last=last, now=now)


def availability_span_at(*, doctor_id: int, start: datetime) -> Span | None:
    """The availability slot of this doctor that begins exactly at `start`, booked or not; else None."""
    day = clinic_date(start)
    rules = AvailabilityRule.objects.filter(doctor_id=doctor_id, weekday=day.weekday())
    exceptions = AvailabilityException.objects.filter(doctor_id=doctor_id, date=day)
    for span in day_spans(day, windows_for(day, rules, exceptions)):
        if span[0] == start:
            return span
    return None


@dataclass(frozen=True)
class NextSlot:
    start: datetime
    end: datetime
    doctor: User
    is_primary_doctor: bool


# The search reads three days first and doubles the span each round. Three days hold a full page
# (even 50 slots, or a request late in the day) on a busy calendar in one round, for under half the
# cost of reading a week of a specialty's bookings; a sparse calendar still takes few rounds of
# two queries (five over a 90-day horizon, where weeks took thirteen). The weekly rules are read
# once for all rounds.
FIRST_SEARCH_DAYS = 3


def _primary_doctor_id(actor: User) -> int | None:
    if not actor.is_patient:
        return None
    return PatientProfile.objects.filter(pk=actor.pk).values_list("primary_doctor_id", flat=True).first()


def slots_next(
    *,
    actor: User,
    specialty: str | None = None,
    doctor_id: int | None = None,
    limit: int = 10,
    now: datetime | None = None,
) -> list[NextSlot]:
    """The earliest `limit` free slots across matching doctors; the caller's primary doctor first on ties.

    Matching: active doctors accepting new patients (the caller's own primary doctor always), of
    `specialty` when given; or exactly the active doctor `doctor_id`. Searched in doubling spans of days.
    """
    now = now or clock.now()
    primary_id = _primary_doctor_id(actor)
    doctors = (
        User.objects.filter(role=Role.DOCTOR, is_active=True)
        .select_related("doctor_profile")
        .only("id", "first_name", "last_name", "username", "role", "doctor_profile__specialty")
    )
    if doctor_id is not None:
        doctors = doctors.filter(pk=doctor_id)
    else:
        doctors = doctors.filter(Q(doctor_profile__accepting_new_patients=True) | Q(pk=primary_id))
    if specialty:
        doctors = doctors.filter(doctor_profile__specialty__iexact=specialty)
    by_id = {doctor.pk: doctor for doctor in doctors}
    if doctor_id is not None and not by_id:
        raise NotFoundError(code="not_found", message="No active doctor with this id.")

    found: list[Slot] = []
    rules = weekly_rules(by_id)
    first, horizon = bookable_days(clinic_date(now), date.max, now)
    span = FIRST_SEARCH_DAYS
    while by_id and first <= horizon and len(found) < limit:
        last = min(first + timedelta(days=span - 1), horizon)
        found += free_slots(
            doctor_ids=sorted(by_id), first=first, last=last, now=now, enough=limit - len(found), rules=rules
        )
        first, span = last + timedelta(days=1), span * 2

    def order(slot: Slot) -> tuple:
        doctor = by_id[slot.doctor_id]
        return (slot.start, slot.doctor_id != primary_id, doctor.last_name, doctor.first_name, doctor.pk)

    return [
        NextSlot(start=s.start, end=s.end, doctor=by_id[s.doctor_id], is_primary_doctor=s.doctor_id == primary_id)
        for s in heapq.nsmallest(limit, found, key=order)
    ]
