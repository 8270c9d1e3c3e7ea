"""Keys that cannot read the stored data are refused loudly: system check, start-up and health."""

import io
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from cryptography.fernet import Fernet
from django.core.checks import run_checks
from django.core.management import call_command
from django.db import connection

from apps.accounts.tests.factories import PatientFactory
from apps.core.encryption_keys import CANARY_TEXT, KeyState, encryption_keys_state
from apps.core.models import EncryptionCanary

from .test_settings import BACKEND_DIR, PRODUCTION_ENV, run_python

pytestmark = pytest.mark.django_db

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()
HEALTH = "/api/v1/health/"
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def canary_key() -> str | None:
    """Which of OLD and NEW the stored canary is encrypted under."""
    token = EncryptionCanary.objects.get().token.encode()
    for name, key in (("old", OLD), ("new", NEW)):
        try:
            Fernet(key).decrypt(token)
        except Exception:  # noqa: S112 - not this key
            continue
        return name
    return None


def check_ids() -> list[str]:
    return [message.id for message in run_checks() if message.id.startswith("core.")]


@pytest.fixture
def written_under_old(settings):
    """A patient's encrypted profile and the canary, both written while OLD was the only key."""
    settings.FIELD_ENCRYPTION_KEY = [OLD]
    patient = PatientFactory()
    patient.patient_profile.phone = "+44 7700 900123"
    patient.patient_profile.save()
    assert encryption_keys_state() is KeyState.OK
    return patient


def test_the_first_check_writes_a_canary_that_the_keys_in_force_decrypt(settings):
    assert not EncryptionCanary.objects.exists()
    assert check_ids() == []
    token = EncryptionCanary.objects.get().token
    assert Fernet(settings.FIELD_ENCRYPTION_KEY[0]).decrypt(token.encode()) == CANARY_TEXT
    assert CANARY_TEXT.decode() not in token


def test_a_wrong_key_fails_the_system_check_with_the_reason_and_what_to_do(settings, written_under_old):
    settings.FIELD_ENCRYPTION_KEY = [NEW]
    messages = [message for message in run_checks() if message.id.startswith("core.")]
    assert [message.id for message in messages] == ["core.E001"]
    assert "cannot decrypt the data" in messages[0].msg
    assert "Put back the key" in messages[0].hint


def test_a_value_that_is_no_fernet_key_fails_the_system_check(settings):
    settings.FIELD_ENCRYPTION_KEY = ["not-a-fernet-key"]
    assert check_ids() == ["core.E002"]


def test_health_answers_503_with_a_reason_code_when_the_keys_are_wrong(settings, api_client, written_under_old):
    settings.FIELD_ENCRYPTION_KEY = [NEW]
    response = api_client.get(HEALTH)
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["encryption_keys"]) == ("degraded", "ok", "wrong_key")
    assert body["code"] == "encryption_key_mismatch"
    # A configuration fault: retrying later does not mend it.
    assert "Retry-After" not in response


def test_health_answers_ok_under_the_right_key(settings, api_client, written_under_old):
    response = api_client.get(HEALTH)
    assert response.status_code == 200
    assert response.json()["encryption_keys"] == "ok"


def test_without_a_canary_a_key_that_cannot_read_existing_data_is_refused_and_blesses_nothing(
    settings, written_under_old
):
    EncryptionCanary.objects.all().delete()  # a database from before canaries
    settings.FIELD_ENCRYPTION_KEY = [NEW]
    assert encryption_keys_state() is KeyState.WRONG_KEY
    assert not EncryptionCanary.objects.exists()
    settings.FIELD_ENCRYPTION_KEY = [OLD]
    assert encryption_keys_state() is KeyState.OK
    assert canary_key() == "old"


def test_rotation_keeps_working_and_moves_the_canary_to_the_new_key_last(settings, api_client, written_under_old):
    settings.FIELD_ENCRYPTION_KEY = [NEW, OLD]
    assert encryption_keys_state() is KeyState.ROTATION_PENDING
    assert check_ids() == ["core.W001"]
    response = api_client.get(HEALTH)
    assert (response.status_code, response.json()["encryption_keys"]) == (200, "rotation_pending")

    call_command("rotate_encryption_keys", stdout=io.StringIO())
    assert canary_key() == "new"
    assert check_ids() == []
    settings.FIELD_ENCRYPTION_KEY = [NEW]  # the old key removed after the rotation
    assert encryption_keys_state() is KeyState.OK
    written_under_old.patient_profile.refresh_from_db()
    assert written_under_old.patient_profile.phone == "+44 7700 900123"
    settings.FIELD_ENCRYPTION_KEY = [OLD]  # the retired key alone no longer reads the data
    assert encryption_keys_state() is KeyState.WRONG_KEY


def test_rotation_on_a_database_without_a_canary_writes_one_under_the_newest_key(settings):
    settings.FIELD_ENCRYPTION_KEY = [NEW, OLD]
    call_command("rotate_encryption_keys", stdout=io.StringIO())
    assert canary_key() == "new"


# --- The real processes: manage.py and gunicorn against a database written under another key ----


@pytest.fixture
def committed_canary(settings):
    """The canary committed under OLD in the test database, and production-like settings pointing there."""
    settings.FIELD_ENCRYPTION_KEY = [OLD]
    assert encryption_keys_state() is KeyState.OK
    db = connection.settings_dict
    user = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    url = f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {**PRODUCTION_ENV, "DATABASE_URL": url}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_manage_py_refuses_to_run_under_a_key_that_cannot_read_the_data(committed_canary):
    wrong = run_python("manage.py", "check", env={**committed_canary, "FIELD_ENCRYPTION_KEYS": NEW})
    assert wrong.returncode != 0
    assert "core.E001" in wrong.stderr
    assert "cannot decrypt the data" in wrong.stderr
    rotating = run_python("manage.py", "check", env={**committed_canary, "FIELD_ENCRYPTION_KEYS": f"{NEW},{OLD}"})
    assert rotating.returncode == 0, rotating.stderr
    assert "core.W001" in rotating.stderr + rotating.stdout


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_wsgi_application_refuses_to_load_under_a_key_that_cannot_read_the_data(committed_canary):
    wrong = run_python("-c", "import config.wsgi", env={**committed_canary, "FIELD_ENCRYPTION_KEYS": NEW})
    assert wrong.returncode != 0
    assert "ImproperlyConfigured" in wrong.stderr
    assert "Put back the key" in wrong.stderr
    right = run_python("-c", "import config.wsgi", env={**committed_canary, "FIELD_ENCRYPTION_KEYS": OLD})
    assert right.returncode == 0, right.stderr


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_gunicorn_stops_with_the_reason_under_a_key_that_cannot_read_the_data(committed_canary):
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "REDIS_URL"}
    env.update(committed_canary, FIELD_ENCRYPTION_KEYS=NEW)
    server = subprocess.Popen(  # noqa: S603 - fixed argv, our own gunicorn
        [GUNICORN, "config.wsgi:application", "--bind", "127.0.0.1:18237", "--workers", "1", "--timeout", "30"],
        cwd=BACKEND_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output, _ = server.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=30)
        pytest.fail("gunicorn kept running under a key that cannot read the data")
    assert server.returncode != 0
    assert "cannot decrypt the data" in output
