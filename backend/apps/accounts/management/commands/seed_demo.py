"""Idempotent demo data: accounts of every role, their schedule and history. Refused in production."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.accounts.models import DoctorProfile, PatientProfile, Role, User

# Demo-only credentials, printed by ./run.sh. Production settings refuse this command.
DEMO_PASSWORD = "demo-clinic-2026"

ACCOUNTS: list[dict[str, Any]] = [
    {"username": "admin", "role": Role.ADMIN, "first_name": "Ada", "last_name": "Admin"},
    {
        "username": "dr.house",
        "role": Role.DOCTOR,
        "first_name": "Gregory",
        "last_name": "House",
        "doctor": {"specialty": "Diagnostics", "licence_number": "DEMO-0001", "bio": "Diagnostic medicine."},
    },
    {
        "username": "dr.grey",
        "role": Role.DOCTOR,
        "first_name": "Meredith",
        "last_name": "Grey",
        "doctor": {"specialty": "General practice", "licence_number": "DEMO-0002", "bio": "Family doctor."},
    },
    {"username": "nurse.joy", "role": Role.NURSE, "first_name": "Joy", "last_name": "Nightingale"},
    {
        "username": "alice",
        "role": Role.PATIENT,
        "first_name": "Alice",
        "last_name": "Patel",
        "patient": {"phone": "+44 20 7946 0001", "primary_doctor": "dr.grey"},
    },
    {
        "username": "bob",
        "role": Role.PATIENT,
        "first_name": "Bob",
        "last_name": "Okafor",
        "patient": {"phone": "+44 20 7946 0002", "primary_doctor": "dr.house"},
    },
]


class Command(BaseCommand):
    help = "Load idempotent demo accounts (refused under production settings)."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is refused under these settings (production).")
        with transaction.atomic():
            for spec in ACCOUNTS:
                self._account(spec)
        # The other apps' demo data builds on these accounts.
        for command in ("seed_demo_schedule", "seed_demo_records"):
            call_command(command, stdout=self.stdout)
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for spec in ACCOUNTS:
            self.stdout.write(f"  {spec['role']:<8} {spec['username']}")

    def _account(self, spec: dict) -> User:
        user, created = User.objects.get_or_create(
            username=spec["username"],
            defaults={
                "role": spec["role"],
                "email": f"{spec['username']}@clinic.example",
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "is_staff": spec["role"] == Role.ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if "doctor" in spec:
            DoctorProfile.objects.get_or_create(user=user, defaults=spec["doctor"])
        if "patient" in spec:
            details = dict(spec["patient"])
            doctor = User.objects.get(username=details.pop("primary_doctor"))
            PatientProfile.objects.get_or_create(user=user, defaults={**details, "primary_doctor": doctor})
        return user
