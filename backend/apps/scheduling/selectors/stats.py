"""Clinic statistics for admins: counts and minutes only, never clinical content."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from apps.accounts.models import Role, User

from ..models import Appointment, AvailabilityException, AvailabilityRule, Status
from .appointments import _clinic_midnight
from .slots import day_spans, windows_for

STATUSES = [choice.value for choice in Status]
# Appointments that hold a slot: everything but a cancellation.
_HOLDS_SLOT = [Status.BOOKED, Status.COMPLETED, Status.NO_SHOW]


@dataclass(frozen=True)
class ClinicStatistics:
    first: date
    last: date
    per_day: list[dict[str, Any]]
    per_doctor: list[dict[str, Any]]
    totals: dict[str, Any]


def _status_counts() -> dict[str, Count]:
    return {status: Count("id", filter=Q(status=status)) for status in STATUSES}


def _available_minutes(first: date, last: date) -> dict[int, int]:
    """Minutes of availability per doctor over clinic-local days first..last (slots derived, not stored)."""
    rules: dict[int, list[AvailabilityRule]] = defaultdict(list)
    for rule in AvailabilityRule.objects.filter(doctor__role=Role.DOCTOR):
        rules[rule.doctor_id].append(rule)
    exceptions: dict[int, list[AvailabilityException]] = defaultdict(list)
    for exception in AvailabilityException.objects.filter(date__gte=first, date__lte=last):
        exceptions[exception.doctor_id].append(exception)
    minutes: dict[int, int] = defaultdict(int)
    for doctor_id in set(rules) | set(exceptions):
        day = first
        while day <= last:
            for start, end in day_spans(day, windows_for(day, rules[doctor_id], exceptions[doctor_id])):
                minutes[doctor_id] += int((end - start).total_seconds() // 60)
            day += timedelta(days=1)
    return minutes


def clinic_statistics(*, first: date, last: date) -> ClinicStatistics:
    """Appointments per day, outcomes per doctor and the share of available time that was booked."""
    window = Appointment.objects.filter(
        start__gte=_clinic_midnight(first), start__lt=_clinic_midnight(last) + timedelta(days=1)
    )
    tz = timezone.get_default_timezone()
    by_day: dict[date, dict[str, Any]] = {
        row["day"]: dict(row)
        for row in window.annotate(day=TruncDate("start", tzinfo=tz))
        .values("day")
        .annotate(total=Count("id"), **_status_counts())
        .order_by("day")
    }
    per_day: list[dict[str, Any]] = []
    day = first
    while day <= last:
        row: dict[str, Any] = by_day.get(day, {})
        per_day.append({"date": day, "total": row.get("total", 0), **{s: row.get(s, 0) for s in STATUSES}})
        day += timedelta(days=1)

    by_doctor: dict[int, dict[str, Any]] = {
        row["doctor_id"]: dict(row) for row in window.values("doctor_id").annotate(**_status_counts())
    }
    held_minutes: dict[int, int] = defaultdict(int)
    for doctor_id, start, end in window.filter(status__in=_HOLDS_SLOT).values_list("doctor_id", "start", "end"):
        held_minutes[doctor_id] += int((end - start).total_seconds() // 60)
    available = _available_minutes(first, last)
    doctors = (
        User.objects.filter(role=Role.DOCTOR)
        .filter(Q(is_active=True) | Q(pk__in=list(by_doctor)))
        .select_related("doctor_profile")
        .order_by("last_name", "first_name", "id")
    )
    per_doctor: list[dict[str, Any]] = []
    for doctor in doctors:
        counts: dict[str, Any] = by_doctor.get(doctor.pk, {})
        minutes = available.get(doctor.pk, 0)
        per_doctor.append(
            {
                "doctor": doctor,
                "total": sum(counts.get(s, 0) for s in STATUSES),
                **{s: counts.get(s, 0) for s in STATUSES},
                "available_minutes": minutes,
                "booked_minutes": held_minutes.get(doctor.pk, 0),
                "utilisation": round(held_minutes.get(doctor.pk, 0) / minutes, 4) if minutes else None,
            }
        )
    total_available = sum(available.values())
    total_held = sum(held_minutes.values())
    totals = {
        "total": sum(row["total"] for row in per_day),
        **{s: sum(row[s] for row in per_day) for s in STATUSES},
        "available_minutes": total_available,
        "booked_minutes": total_held,
        "utilisation": round(total_held / total_available, 4) if total_available else None,
    }
    return ClinicStatistics(first=first, last=last, per_day=per_day, per_doctor=per_doctor, totals=totals)
