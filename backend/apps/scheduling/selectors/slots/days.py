"""The clinic's calendar arithmetic behind free slots: windows, grid times, instants, busy spans.

Rules are clinic-local wall-clock times (settings.TIME_ZONE). A day's slots are laid on the
wall-clock grid of each window; each grid time is turned into an instant with zoneinfo, and
from there on everything is UTC arithmetic (an aware local datetime plus a timedelta would add
wall-clock time and be wrong across a daylight-saving change). A grid time that a spring-forward
change skips does not exist and gives no slot; one that a fall-back change repeats gives a slot at
each of its two instants unless they would overlap.
"""

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from django.conf import settings
from django.utils import timezone

from ...models import AvailabilityException, AvailabilityRule, ExceptionKind

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


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def micros(instant: datetime) -> int:
    """An instant as whole microseconds since the epoch: the search compares integers, not datetimes."""
    return (instant - EPOCH) // MICROSECOND


DaySlot = tuple[int, int, datetime, datetime]  # start and end in microseconds, then as datetimes


@lru_cache(maxsize=4096)
def day_slots(day: date, windows: tuple[Window, ...], tz: tzinfo) -> tuple[DaySlot, ...]:
    """`_day_spans` with each span's ends also in microseconds (cached alike)."""
    return tuple((micros(start), micros(end), start, end) for start, end in _day_spans(day, windows, tz))


def days_between(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


class Busy:
    """Booked spans of one doctor (in microseconds), answering "does this span overlap any?" in log time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [start for start, _ in spans]
        self.max_ends = list(accumulate((end for _, end in spans), max))

    def overlaps(self, start: int, end: int) -> bool:
        before_end = bisect_left(self.starts, end)
        return before_end > 0 and self.max_ends[before_end - 1] > start


def bookable_days(first: date, last: date, now: datetime) -> tuple[date, date]:
    """first..last clipped to today..the booking horizon (clinic-local days)."""
    today = clinic_date(now)
    return max(first, today), min(last, today + timedelta(days=settings.BOOKING_HORIZON_DAYS))


def slot_order(slot: Slot) -> tuple[datetime, datetime, int]:
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


def weekly_windows(rules: Iterable[RuleRow]) -> dict[int, tuple[Window, ...]]:
    """A doctor's windows by weekday, from their weekly rules."""
    by_weekday: dict[int, list[Window]] = defaultdict(list)
    for rule in rules:
        by_weekday[rule.weekday].append((rule.start_time, rule.end_time, rule.slot_minutes))
    return {weekday: tuple(windows) for weekday, windows in by_weekday.items()}
