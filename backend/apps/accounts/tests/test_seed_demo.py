import io

import pytest
from django.core.management import CommandError, call_command

from apps.accounts.management.commands.seed_demo import DEMO_PASSWORD
from apps.accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_one_account_per_demo_role_and_prints_them():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    roles = sorted(User.objects.values_list("role", flat=True))
    assert roles == ["admin", "doctor", "doctor", "nurse", "patient", "patient"]
    assert "dr.house" in out.getvalue()
    assert User.objects.get(username="alice").check_password(DEMO_PASSWORD)
    assert User.objects.get(username="alice").patient_profile.primary_doctor.username == "dr.grey"


def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.count() == 6


def test_seed_demo_is_refused_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.count() == 0


def test_seed_demo_also_gives_the_demo_doctors_hours_appointments_and_history():
    from apps.records.models import Medication, RecordEntry
    from apps.scheduling.models import Appointment, AvailabilityRule

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert AvailabilityRule.objects.filter(doctor__username="dr.grey").count() == 5
    assert Appointment.objects.filter(patient__username="alice").exists()
    assert RecordEntry.objects.count() == 3
    assert Medication.objects.count() == 2
