"""Idempotent demo schedule: weekday hours for the demo doctors and a few appointments. Refused in production.

Run after `seed_demo` (it needs the demo accounts). Future appointments are booked through the
booking service, so they obey every rule; the one past, completed visit is inserted directly,
since the past cannot be booked.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.scheduling import clock
from apps.scheduling.models import Appointment, AvailabilityRule, Status
from apps.scheduling.selectors import clinic_date, free_slots
from apps.scheduling.services import appointment_book

DOCTORS = ("dr.house", "dr.grey")
# patient, doctor, days ahead (at least), clinic-local start, the patient's note
BOOKINGS = [
    ("alice", "dr.grey", 3, time(10, 0), "Annual check-up."),
    ("alice", "dr.house", 10, time(14, 0), "Recurring headaches in the afternoon."),
    ("bob", "dr.house", 2, time(11, 30), "Follow-up on my blood test results."),
    ("bob", "dr.grey", 6, time(9, 30), "Flu vaccination."),
]


class Command(BaseCommand):
    help = "Give the demo doctors weekday hours and book a few demo appointments (idempotent)."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is refused under these settings (production).")
        users = {user.username: user for user in User.objects.filter(username__in=[*DOCTORS, "alice", "bob"])}
        missing = sorted({*DOCTORS, "alice", "bob"} - set(users))
        if missing:
            raise CommandError(f"Demo accounts missing ({', '.join(missing)}): run `manage.py seed_demo` first.")
        for username in DOCTORS:
            self._weekday_hours(users[username])
        booked = [self._book(users, *booking) for booking in BOOKINGS]
        self._past_visit(patient=users["alice"], doctor=users["dr.grey"])
        self.stdout.write(f"Demo schedule ready ({sum(booked)} new appointments).")

    def _weekday_hours(self, doctor: User) -> None:
        if AvailabilityRule.objects.filter(doctor=doctor).exists():
            return
        AvailabilityRule.objects.bulk_create(
            AvailabilityRule(doctor=doctor, weekday=day, start_time=time(9), end_time=time(17), slot_minutes=30)
            for day in range(5)
        )

    def _book(self, users: dict[str, User], patient: str, doctor: str, days: int, at: time, reason: str) -> bool:
        upcoming = Appointment.objects.filter(status=Status.BOOKED, start__gt=clock.now())
        if upcoming.filter(patient=users[patient], doctor=users[doctor]).exists():
            return False
        first = clinic_date(clock.now()) + timedelta(days=days)
        candidates = free_slots(doctor_ids=[users[doctor].pk], first=first, last=first + timedelta(days=14))
        for slot in candidates:
            if timezone.localtime(slot.start, timezone.get_default_timezone()).time() == at:
                appointment_book(
                    actor=users[patient], patient=users[patient], doctor=users[doctor], start=slot.start, reason=reason
                )
                return True
        return False

    @transaction.atomic
    def _past_visit(self, *, patient: User, doctor: User) -> None:
        if Appointment.objects.filter(patient=patient, status=Status.COMPLETED).exists():
            return
        day = clinic_date(clock.now()) - timedelta(days=14)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        start = _local(day, time(10))
        Appointment.objects.create(
            patient=patient,
            doctor=doctor,
            start=start,
            end=start + timedelta(minutes=30),
            status=Status.COMPLETED,
            reason="Persistent cough for three weeks.",
            consultation_notes="Likely viral bronchitis. Rest and fluids; come back if not better in two weeks.",
            booked_by=patient,
            completed_at=start + timedelta(minutes=30),
        )


def _local(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())
