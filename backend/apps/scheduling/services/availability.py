"""Setting a doctor's availability: weekly rules and dated exceptions, replaced as a whole."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from apps.accounts.models import User
from apps.audit.services import audit_record

from .. import clock
from ..models import MAX_SLOT_MINUTES, MIN_SLOT_MINUTES, AvailabilityException, AvailabilityRule, ExceptionKind, Weekday
from ..selectors import clinic_date
from .rules import refuse, take_turn_on_doctor


@dataclass(frozen=True)
class RuleSpec:
    weekday: int
    start_time: time
    end_time: time
    slot_minutes: int


@dataclass(frozen=True)
class ExceptionSpec:
    date: date
    kind: str
    start_time: time | None = None
    end_time: time | None = None
    slot_minutes: int | None = None


def _window_problem(start: time | None, end: time | None, minutes: int | None) -> str | None:
    if start is None or end is None or minutes is None:
        return "needs start_time, end_time and slot_minutes."
    if not MIN_SLOT_MINUTES <= minutes <= MAX_SLOT_MINUTES:
        return f"slot_minutes must be between {MIN_SLOT_MINUTES} and {MAX_SLOT_MINUTES}."
    if end <= start:
        return "end_time must be after start_time."
    if datetime.combine(date.min, end) - datetime.combine(date.min, start) < timedelta(minutes=minutes):
        return "the window must hold at least one slot."
    return None


def _overlaps(windows: list[tuple[time, time, str]]) -> list[str]:
    problems = []
    ordered = sorted(windows)
    for (_, earlier_end, earlier), (later_start, _, later) in pairwise(ordered):
        if later_start < earlier_end:
            problems.append(f"{later} overlaps {earlier}.")
    return problems


def _validate(rules: list[RuleSpec], exceptions: list[ExceptionSpec]) -> None:
    """Refuse bad windows, overlaps, and exceptions in the past or contradicting each other."""
    problems: dict[str, list[str]] = defaultdict(list)
    by_weekday: dict[int, list[tuple[time, time, str]]] = defaultdict(list)
    for index, rule in enumerate(rules, start=1):
        label = f"Rule {index} ({Weekday(rule.weekday).label})"
        if problem := _window_problem(rule.start_time, rule.end_time, rule.slot_minutes):
            problems["rules"].append(f"{label}: {problem}")
        else:
            by_weekday[rule.weekday].append((rule.start_time, rule.end_time, label))
    for windows in by_weekday.values():
        problems["rules"] += _overlaps(windows)

    today = clinic_date(clock.now())
    by_date: dict[date, list[ExceptionSpec]] = defaultdict(list)
    for index, exception in enumerate(exceptions, start=1):
        label = f"Exception {index} ({exception.date.isoformat()})"
        times = (exception.start_time, exception.end_time, exception.slot_minutes)
        if exception.date < today:
            problems["exceptions"].append(f"{label}: the date is in the past.")
        elif exception.kind == ExceptionKind.OFF and any(value is not None for value in times):
            problems["exceptions"].append(f"{label}: a day off takes no times.")
        elif exception.kind == ExceptionKind.EXTRA and (problem := _window_problem(*times)):
            problems["exceptions"].append(f"{label}: {problem}")
        else:
            by_date[exception.date].append(exception)
    for day, dated in sorted(by_date.items()):
        kinds = [exception.kind for exception in dated]
        if ExceptionKind.OFF in kinds and len(kinds) > 1:
            problems["exceptions"].append(f"{day.isoformat()}: a day off cannot also have other exceptions.")
            continue
        extra = [
            (e.start_time, e.end_time, f"Extra hours on {day.isoformat()}")
            for e in dated
            if e.start_time is not None and e.end_time is not None
        ]
        if extra:
            problems["exceptions"] += _overlaps([*extra, *by_weekday.get(day.weekday(), [])])
    if any(problems.values()):
        raise ValidationError({field: messages for field, messages in problems.items() if messages})


@transaction.atomic
def availability_set(
    *,
    actor: User,
    doctor: User,
    rules: list[RuleSpec],
    exceptions: list[ExceptionSpec],
    request: HttpRequest | None = None,
) -> None:
    """Replace the doctor's weekly rules and their exceptions from today on; booked appointments stay."""
    if not (actor.is_admin or actor.pk == doctor.pk):
        raise refuse("Only the doctor themself or an admin sets availability.")
    _validate(rules, exceptions)
    # Two concurrent replacements of one doctor's availability run one after the other, and a booking
    # of this doctor checks its slot against the rules before or after the replacement, not during it.
    take_turn_on_doctor(doctor.pk)
    AvailabilityRule.objects.filter(doctor=doctor).delete()
    AvailabilityException.objects.filter(doctor=doctor, date__gte=clinic_date(clock.now())).delete()
    AvailabilityRule.objects.bulk_create(
        [
            AvailabilityRule(
                doctor=doctor,
                weekday=r.weekday,
                start_time=r.start_time,
                end_time=r.end_time,
                slot_minutes=r.slot_minutes,
            )
            for r in rules
        ]
    )
    AvailabilityException.objects.bulk_create(
        [
            AvailabilityException(
                doctor=doctor,
                date=e.date,
                kind=e.kind,
                start_time=e.start_time,
                end_time=e.end_time,
                slot_minutes=e.slot_minutes,
            )
            for e in exceptions
        ]
    )
    audit_record(actor=actor, action="availability.set", resource_type="doctor", resource_id=doctor.pk, request=request)
