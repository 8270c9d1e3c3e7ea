"""Availability reads: a doctor's weekly rules and their exceptions from today on."""

from dataclasses import dataclass

from django.db.models import QuerySet

from apps.accounts.models import User

from .. import clock
from ..models import AvailabilityException, AvailabilityRule
from .slots import clinic_date


@dataclass(frozen=True)
class Availability:
    doctor: User
    rules: QuerySet[AvailabilityRule]
    exceptions: QuerySet[AvailabilityException]


def availability_get(*, doctor: User) -> Availability:
    """The doctor's weekly rules and the exceptions dated today or later (past ones no longer matter)."""
    today = clinic_date(clock.now())
    return Availability(
        doctor=doctor,
        rules=AvailabilityRule.objects.filter(doctor=doctor).order_by("weekday", "start_time"),
        exceptions=AvailabilityException.objects.filter(doctor=doctor, date__gte=today).order_by("date", "start_time"),
    )
