"""Free slots, derived (never stored) from weekly rules, dated exceptions and booked appointments.

Rules are clinic-local wall-clock times (settings.TIME_ZONE). A day's slots are laid on the
wall-clock grid of each window; each grid time is turned into an instant with zoneinfo, and
from there on everything is UTC arithmetic (an aware local datetime plus a timedelta would add
wall-clock time and be wrong across a daylight-saving change). A grid time that a spring-forward
change skips does not exist and gives no slot; one that a fall-back change repeats gives a slot at
each of its two instants unless they would overlap.
"""

import heapq
import sys
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from itertools import accumulate
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connection
from django.utils import timezone

from apps.accounts.models import DoctorProfile, PatientProfile, Role, User
from apps.accounts.selectors import PERSON_FIELDS, could_be_user_id, person_row
from apps.core.errors import NotFoundError
from apps.core.rows import column, quote, select, statement_cursor

from .. import clock
from ..models import Appointment, AvailabilityException, AvailabilityRule, ExceptionKind, Status
from .appointment_rows import DoctorProfileRow, DoctorRow

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


def _us(instant: datetime) -> int:
    """An instant as whole microseconds since the epoch: the search compares integers, not datetimes."""
    return (instant - EPOCH) // MICROSECOND


DaySlot = tuple[int, int, datetime, datetime]  # start and end in microseconds, then as datetimes


@lru_cache(maxsize=4096)
def _day_slots(day: date, windows: tuple[Window, ...], tz: tzinfo) -> tuple[DaySlot, ...]:
    """`_day_spans` with each span's ends also in microseconds (cached alike)."""
    return tuple((_us(start), _us(end), start, end) for start, end in _day_spans(day, windows, tz))


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


class _Busy:
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


_R, _E, _A = AvailabilityRule._meta, AvailabilityException._meta, Appointment._meta
_U, _P, _PP = User._meta, DoctorProfile._meta, PatientProfile._meta
_RULE_COLUMNS = [("r", _R.get_field(name)) for name in RuleRow._fields]  # a weekly rule's, as RuleRow reads them


def _any(column_sql: str, values: list[int]) -> tuple[str, list[Any]]:
    """`column IN values` as SQL: one array parameter on PostgreSQL (one statement text for any number)."""
    if connection.vendor == "postgresql":
        return f"{column_sql} = ANY(%s)", [values]
    return f"{column_sql} IN ({', '.join(['%s'] * len(values))})", list(values)


def weekly_rules(doctor_ids: Iterable[int]) -> dict[int, list[RuleRow]]:
    """Each doctor's weekly rules (one statement)."""
    rules: dict[int, list[RuleRow]] = defaultdict(list)
    doctor_ids = list(doctor_ids)
    if not doctor_ids:
        return rules
    doctors, params = _any('r."doctor_id"', doctor_ids)
    columns = [("r", _R.get_field(name)) for name in ("doctor", *RuleRow._fields)]
    for doctor_id, *values in select(columns, f"FROM {quote(_R.db_table)} r WHERE {doctors}", params):
        rules[doctor_id].append(RuleRow(*values))
    return rules


def dated_exceptions(doctor_ids: list[int], first: date, last: date) -> dict[int, dict[date, list[ExceptionRow]]]:
    """Each doctor's exceptions on days first..last, by day (one statement)."""
    exceptions: dict[int, dict[date, list[ExceptionRow]]] = defaultdict(dict)
    doctors, params = _any('x."doctor_id"', doctor_ids)
    day = _E.get_field("date")
    columns = [("x", _E.get_field(name)) for name in ("doctor", *ExceptionRow._fields)]
    tail = f'FROM {quote(_E.db_table)} x WHERE {doctors} AND x."date" >= %s AND x."date" <= %s'
    bounds = [day.get_db_prep_value(first, connection), day.get_db_prep_value(last, connection)]
    for doctor_id, *values in select(columns, tail, [*params, *bounds]):
        row = ExceptionRow(*values)
        exceptions[doctor_id].setdefault(row.date, []).append(row)
    return exceptions


def booked_spans(doctor_ids: list[int], lower: datetime, upper: datetime) -> dict[int, _Busy]:
    """Each doctor's booked appointments that overlap [lower, upper), in microseconds (one statement).

    On PostgreSQL the database hands over whole microseconds: a search reads a few hundred
    bookings, and turning each timestamp into a datetime was a tenth of its cost.
    """
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    if connection.vendor == "postgresql":
        doctors, params = _any('a."doctor_id"', doctor_ids)
        start_us, end_us = (f"(EXTRACT(EPOCH FROM a.{quote(name)}) * 1000000)::bigint" for name in ("start", "end"))
        # The status is written in, not bound: a prepared plan can then use the index of booked rows.
        booked = f"a.{quote('status')} = '{Status.BOOKED.value}'"
        sql = (
            f"SELECT a.{quote('doctor_id')}, {start_us}, {end_us} FROM {quote(_A.db_table)} a "  # nosec B608 # noqa: S608
            f"WHERE {doctors} AND {booked} AND a.{quote('start')} < %s AND a.{quote('end')} > %s"
        )
        with statement_cursor() as cursor:
            cursor.execute(sql, [*params, upper, lower])
            for doctor_id, start, end in cursor.fetchall():
                spans[doctor_id].append((start, end))
    else:
        for doctor_id, start, end in (
            Appointment.objects.filter(doctor_id__in=doctor_ids, status=Status.BOOKED, start__lt=upper, end__gt=lower)
            .order_by()
            .values_list("doctor_id", "start", "end")
        ):
            spans[doctor_id].append((_us(start), _us(end)))
    return {doctor_id: _Busy(doctor_spans) for doctor_id, doctor_spans in spans.items()}


def _weekly_windows(rules: Iterable[RuleRow]) -> dict[int, tuple[Window, ...]]:
    """A doctor's windows by weekday, from their weekly rules."""
    by_weekday: dict[int, list[Window]] = defaultdict(list)
    for rule in rules:
        by_weekday[rule.weekday].append((rule.start_time, rule.end_time, rule.slot_minutes))
    return {weekday: tuple(windows) for weekday, windows in by_weekday.items()}


def free_slots(
    *,
    doctor_ids: list[int],
    first: date,
    last: date,
    now: datetime | None = None,
    enough: int | None = None,
    rules: dict[int, list[RuleRow]] | None = None,
) -> list[Slot]:
    """Free slots of these doctors on clinic-local days first..last, sorted; three statements at most.

    Availability minus days off, minus booked appointments, minus the past and the minimum notice,
    within the booking horizon. With `enough`, only the earliest `enough` slots can matter: each
    doctor's later ones, and the days after the one by which that many were found, are skipped
    (they could only come after those). `rules` spares their statement when the caller already
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
    earliest_us, tz, idle = _us(earliest), timezone.get_default_timezone(), _Busy([])
    weekly = {doctor_id: _weekly_windows(rules.get(doctor_id, ())) for doctor_id in doctor_ids}
    cap = sys.maxsize if enough is None else enough  # slots worth finding per doctor
    found = dict.fromkeys(doctor_ids, 0)
    slots = []
    # Day by day: a day's slots all start before the next day's (windows never cross midnight).
    for day in _days(first, last):
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
            for start_us, end_us, start, end in _day_slots(day, windows, tz):
                if start_us >= earliest_us and not doctor_busy.overlaps(start_us, end_us):
                    slots.append(Slot(start=start, end=end, doctor_id=doctor_id))
                    found[doctor_id] += 1
                    if found[doctor_id] >= cap:
                        break
        if enough is not None and len(slots) >= enough:
            break
    slots.sort(key=_slot_order)
    return slots


def _active_doctor_rules(doctor_id: int) -> list[RuleRow] | None:
    """The weekly rules of the active doctor `doctor_id` (one statement), or None for any other id.

    The doctor is read with their rules: a separate check by queryset cost this endpoint more CPU
    than the slots it computes (bench/README.md). `_matching_doctors` would answer the same with
    the doctor's name and profile joined as well, about 5% more of this endpoint's CPU.
    """
    if not could_be_user_id(doctor_id):
        return None
    user_id = column("u", _U.pk)
    tail = (
        f"FROM {quote(_U.db_table)} u LEFT JOIN {quote(_R.db_table)} r ON r.{quote('doctor_id')} = {user_id} "
        f"WHERE {user_id} = %s AND u.{quote('role')} = %s AND u.{quote('is_active')}"
    )
    rows = select([("u", _U.pk), *_RULE_COLUMNS], tail, [doctor_id, Role.DOCTOR.value])
    if not rows:
        return None
    return [RuleRow(*values) for _, *values in rows if values[0] is not None]  # a doctor without rules: one NULL row


def doctor_free_slots(*, doctor_id: int, first: date, last: date, now: datetime | None = None) -> list[Slot]:
    """Free slots of one active doctor on clinic-local days first..last; any other id is not found."""
    rules = _active_doctor_rules(doctor_id)
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


# The search reads three days first and doubles the span each round. Three days hold a full page
# (even 50 slots, or a request late in the day) on a busy calendar in one round, for under half the
# cost of reading a week of a specialty's bookings; a sparse calendar still takes few rounds of
# two statements (five over a 90-day horizon, where weeks took thirteen). The weekly rules are read
# once for all rounds. (Reading the exceptions up to the horizon once cost more than a statement per
# round: a specialty's doctors have hundreds.)
FIRST_SEARCH_DAYS = 3

_DOCTOR_COLUMNS = [
    *(("u", _U.get_field(name)) for name in PERSON_FIELDS),
    ("dp", _P.get_field("specialty")),
    ("pp", _PP.get_field("primary_doctor")),
]
_RULES_FROM = len(_DOCTOR_COLUMNS)  # where a doctor row's weekly rule columns start


def _matching_doctors(
    actor: User, specialty: str | None, doctor_id: int | None
) -> tuple[dict[int, DoctorRow], dict[int, tuple[str, str]], int | None, dict[int, list[RuleRow]]]:
    """The doctors searched with their weekly rules (one statement), their names for ordering ties,
    and the caller's primary doctor.

    Active doctors accepting new patients, and the caller's own primary doctor whatever that says;
    or exactly the active doctor `doctor_id`. Of `specialty` (any case) when given. Each doctor comes
    once per weekly rule (once with NULL rule columns when they have none): reading the rules in a
    statement of their own cost a tenth of a search (bench/README.md).
    """
    user_id = column("u", _U.pk)
    # The caller's own profile, joined to every doctor row: its primary doctor, or nothing.
    tail = (
        f"FROM {quote(_U.db_table)} u "
        f"INNER JOIN {quote(_P.db_table)} dp ON {column('dp', _P.pk)} = {user_id} "
        f"LEFT JOIN {quote(_PP.db_table)} pp ON {column('pp', _PP.pk)} = %s "
        f"LEFT JOIN {quote(_R.db_table)} r ON r.{quote('doctor_id')} = {user_id} "
        f"WHERE u.{quote('role')} = %s AND u.{quote('is_active')}"
    )
    params: list[Any] = [actor.pk if actor.is_patient else None, Role.DOCTOR.value]
    primary = column("pp", _PP.get_field("primary_doctor"))
    if doctor_id is not None:
        tail += f" AND {user_id} = %s"
        params.append(doctor_id)
    else:
        tail += f" AND (dp.{quote('accepting_new_patients')} OR {user_id} = {primary})"
    if specialty:
        tail += f" AND UPPER(dp.{quote('specialty')}) = UPPER(%s)"
        params.append(specialty)
    doctors: dict[int, DoctorRow] = {}
    names: dict[int, tuple[str, str]] = {}
    rules: dict[int, list[RuleRow]] = {}
    primary_id = None  # the same on every row: the caller's profile is joined to each
    for values in select([*_DOCTOR_COLUMNS, *_RULE_COLUMNS], tail, params):
        *person, specialty, primary_id = values[:_RULES_FROM]
        pk = person[0]
        if pk not in doctors:
            doctors[pk] = DoctorRow(*person_row(person), DoctorProfileRow(specialty))
            names[pk] = (person[2], person[1])  # last name, first name (PERSON_FIELDS order)
            rules[pk] = []
        if values[_RULES_FROM] is not None:  # a rule's weekday is never NULL: NULL means no rule
            rules[pk].append(RuleRow(*values[_RULES_FROM:]))
    return doctors, names, primary_id, rules


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
    by_id, names, primary_id, rules = _matching_doctors(actor, specialty, doctor_id)
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
