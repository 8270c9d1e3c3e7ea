from datetime import date, datetime, time, timedelta

import factory
from django.utils import timezone

from apps.accounts.tests.factories import DoctorFactory, PatientFactory
from apps.scheduling.models import Appointment, AvailabilityRule, Status


def local(day: date, at: str) -> datetime:
    """A clinic-local wall-clock time on `day`, as an aware datetime."""
    hours, minutes = (int(part) for part in at.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hours, minutes)), timezone.get_default_timezone())


def clinic_today() -> date:
    return timezone.localdate(timezone.now(), timezone.get_default_timezone())


def days_ahead(days: int) -> date:
    return clinic_today() + timedelta(days=days)


def open_every_day(doctor, start: str = "09:00", end: str = "17:00", minutes: int = 30) -> None:
    """Weekly hours on all seven days, so tests do not depend on today's weekday."""
    AvailabilityRule.objects.bulk_create(
        [
            AvailabilityRule(
                doctor=doctor,
                weekday=weekday,
                start_time=time.fromisoformat(start),
                end_time=time.fromisoformat(end),
                slot_minutes=minutes,
            )
            for weekday in range(7)
        ]
    )


class AppointmentFactory(factory.django.DjangoModelFactory):
    """An appointment inserted directly (past ones cannot be booked through the services)."""

    class Meta:
        model = Appointment

    patient = factory.SubFactory(PatientFactory)
    doctor = factory.SubFactory(DoctorFactory)
    start = factory.LazyFunction(lambda: local(days_ahead(3), "10:00"))
    end = factory.LazyAttribute(lambda a: a.start + timedelta(minutes=30))
    status = Status.BOOKED
    reason = "A persistent cough"
    booked_by = factory.SelfAttribute("patient")
