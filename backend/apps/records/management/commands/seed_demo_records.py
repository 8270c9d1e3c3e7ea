"""Idempotent demo history: a few record entries and medications for the demo patients. Refused in production."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.records.models import Medication, RecordEntry
from apps.records.services.medications import medication_create
from apps.records.services.records import record_create

# patient, author, days ago, diagnosis, treatment plan
ENTRIES = [
    (
        "alice",
        "dr.grey",
        14,
        "Seasonal allergic rhinitis",
        "Daily antihistamine during pollen season; review in spring.",
    ),
    ("alice", "nurse.joy", 14, "", "Blood pressure 118/76, pulse 68. Weight 61 kg."),
    ("bob", "dr.house", 30, "Iron-deficiency anaemia", "Oral iron for three months; repeat blood count in six weeks."),
]
# patient, prescriber, name, dose, frequency, days ago
MEDICATIONS = [
    ("alice", "dr.grey", "Cetirizine", "10 mg", "once daily", 14),
    ("bob", "dr.house", "Ferrous sulfate", "200 mg", "twice daily", 30),
]


class Command(BaseCommand):
    help = "Write a few demo record entries and medications (idempotent; run after seed_demo)."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is refused under these settings (production).")
        users = {
            user.username: user
            for user in User.objects.filter(username__in=["alice", "bob", "dr.grey", "dr.house", "nurse.joy"])
        }
        if len(users) < 5:
            raise CommandError("Demo accounts missing: run `manage.py seed_demo` first.")
        today = timezone.localdate()
        for patient, author, days, diagnosis, plan in ENTRIES:
            if not RecordEntry.objects.filter(patient=users[patient], author=users[author]).exists():
                record_create(
                    actor=users[author],
                    patient_id=users[patient].pk,
                    entry_date=today - timedelta(days=days),
                    diagnosis=diagnosis,
                    treatment_plan=plan,
                )
        for patient, prescriber, name, dose, frequency, days in MEDICATIONS:
            if not Medication.objects.filter(patient=users[patient], prescriber=users[prescriber]).exists():
                medication_create(
                    actor=users[prescriber],
                    patient_id=users[patient].pk,
                    name=name,
                    dose=dose,
                    frequency=frequency,
                    start_date=today - timedelta(days=days),
                )
        self.stdout.write("Demo history ready.")
