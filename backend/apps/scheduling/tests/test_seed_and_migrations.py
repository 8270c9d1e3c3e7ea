"""The demo schedule command, and the migrations on the embedded SQLite database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.core.tests.test_settings import LOCAL_KEYS
from apps.scheduling.models import Appointment, AvailabilityRule, Status

BACKEND_DIR = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_the_demo_schedule_is_idempotent(capsys):
    call_command("seed_demo")
    call_command("seed_demo_schedule")
    counts = (AvailabilityRule.objects.count(), Appointment.objects.count())
    call_command("seed_demo_schedule")
    assert (AvailabilityRule.objects.count(), Appointment.objects.count()) == counts
    assert AvailabilityRule.objects.filter(doctor__username="dr.house").count() == 5
    assert Appointment.objects.filter(patient__username="alice", status=Status.BOOKED).exists()
    assert Appointment.objects.filter(patient__username="bob", status=Status.BOOKED).exists()
    assert Appointment.objects.filter(status=Status.COMPLETED).exclude(consultation_notes="").count() == 1


@pytest.mark.django_db
def test_the_demo_schedule_needs_the_demo_accounts_and_is_refused_in_production(settings):
    with pytest.raises(CommandError):
        call_command("seed_demo_schedule")
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("seed_demo_schedule")


def test_migrations_apply_on_sqlite_where_the_exclusion_constraints_are_skipped(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(LOCAL_KEYS, DJANGO_SETTINGS_MODULE="config.settings.local", VAR_DIR=str(tmp_path), DATABASE_URL="")
    result = subprocess.run(  # fixed argv, our own interpreter
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=BACKEND_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "scheduling.0001_initial... OK" in result.stdout
