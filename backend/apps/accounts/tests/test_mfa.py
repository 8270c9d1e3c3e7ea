"""A second factor for staff: enrolment, the two-step sign-in, no replay, recovery codes, the clinic-wide rule."""

import threading
import time
from datetime import timedelta

import pyotp
import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from apps.accounts.models import RecoveryCode, TotpDevice
from apps.accounts.services.mfa import mfa_enrol_start
from apps.accounts.services.sessions import session_start_for
from apps.audit.models import AuditEvent, Outcome
from apps.core.fields import encrypted_fields

from .factories import PASSWORD, AdminFactory, DoctorFactory, NurseFactory, PatientFactory, enrolled_authenticator

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
MFA_URL = "/api/v1/auth/token/mfa/"
MFA_ENROL_URL = "/api/v1/auth/token/mfa/enrol/"


def login(client, user):
    return client.post(TOKEN_URL, {"username": user.username, "password": PASSWORD}, format="json")


def second_step(client, mfa_token, code):
    return client.post(MFA_URL, {"mfa_token": mfa_token, "code": code}, format="json")


def enrolled(user) -> tuple[pyotp.TOTP, list[str]]:
    """A confirmed authenticator for `user`; the code used to confirm it is spent, so the next step's is used."""
    return enrolled_authenticator(user)


@pytest.mark.parametrize("factory", [DoctorFactory, NurseFactory, AdminFactory])
def test_staff_enrol_an_authenticator_and_confirm_it_with_a_code(client_for, factory):
    user = factory()
    client = client_for(user)
    assert client.get("/api/v1/me/mfa/").json()["enabled"] is False
    enrolment = client.post("/api/v1/me/mfa/enrol/").json()
    assert enrolment["otpauth_uri"].startswith("otpauth://totp/")
    assert f"secret={enrolment['secret']}" in enrolment["otpauth_uri"]
    assert "issuer=Patient%20Tracker" in enrolment["otpauth_uri"]
    assert client.get("/api/v1/me/mfa/").json()["pending"] is True
    confirmed = client.post("/api/v1/me/mfa/confirm/", {"code": pyotp.TOTP(enrolment["secret"]).now()})
    assert confirmed.status_code == 200
    codes = confirmed.json()["recovery_codes"]
    assert len(codes) == len(set(codes)) == 10
    status = client.get("/api/v1/me/mfa/").json()
    assert (status["enabled"], status["pending"], status["recovery_codes_left"]) == (True, False, 10)
    assert set(AuditEvent.objects.filter(actor=user).values_list("action", flat=True)) >= {
        "mfa.enrol_start",
        "mfa.enable",
    }


def test_the_secret_is_encrypted_at_rest_and_rotated_with_the_keys():
    user = DoctorFactory()
    secret = mfa_enrol_start(user=user).secret
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_totpdevice WHERE user_id = %s", [user.pk])
        stored = cursor.fetchone()[0]
    assert secret not in stored
    assert "secret" in [field.name for field in encrypted_fields(TotpDevice)]


def test_recovery_codes_are_stored_hashed_only():
    user = NurseFactory()
    _, codes = enrolled(user)
    stored = set(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not {code.replace("-", "") for code in codes} & stored


def test_a_wrong_first_code_does_not_confirm_the_authenticator(client_for):
    user = DoctorFactory()
    client = client_for(user)
    client.post("/api/v1/me/mfa/enrol/")
    response = client.post("/api/v1/me/mfa/confirm/", {"code": "000000"})
    assert response.status_code == 400
    assert response.json()["code"] == "mfa_code_invalid"
    assert client.get("/api/v1/me/mfa/").json()["enabled"] is False


def test_once_enrolled_a_password_alone_issues_no_tokens(api_client):
    doctor = DoctorFactory()
    enrolled(doctor)
    body = login(api_client, doctor).json()
    assert body["mfa_required"] is True
    assert body["enrolment_required"] is False
    assert body["expires_in"] == 300
    assert "access" not in body
    assert "refresh" not in body


def test_the_second_step_with_a_code_issues_the_token_pair_and_is_audited(api_client):
    doctor = DoctorFactory()
    totp, _ = enrolled(doctor)
    challenge = login(api_client, doctor).json()
    response = second_step(api_client, challenge["mfa_token"], totp.now())
    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh", "expires_in"}
    me = APIClient()
    me.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert me.get("/api/v1/me/").json()["id"] == doctor.pk
    actions = list(AuditEvent.objects.filter(actor=doctor).order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["auth.mfa_challenge", "auth.login"]


def test_a_code_cannot_be_replayed_in_its_window(api_client):
    doctor = DoctorFactory()
    totp, _ = enrolled(doctor)
    code = totp.now()
    assert second_step(api_client, login(api_client, doctor).json()["mfa_token"], code).status_code == 200
    replay = second_step(api_client, login(api_client, doctor).json()["mfa_token"], code)
    assert replay.status_code == 401
    assert replay.json()["code"] == "mfa_code_invalid"


def test_an_older_code_is_refused_once_a_newer_one_was_used(api_client):
    doctor = DoctorFactory()
    totp, _ = enrolled(doctor)
    now = timezone.now()
    token = login(api_client, doctor).json()["mfa_token"]
    assert second_step(api_client, token, totp.at(now + timedelta(seconds=30))).status_code == 200
    assert second_step(api_client, token, totp.at(now)).status_code == 401


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_ins_with_one_code_let_exactly_one_succeed(settings):
    # The refused attempts are failures; they must not lock the account during the race.
    settings.LOGIN_LOCKOUT_THRESHOLD = 100
    doctor = DoctorFactory()
    totp, _ = enrolled(doctor)
    tokens = [login(APIClient(), doctor).json()["mfa_token"] for _ in range(8)]
    code = totp.now()
    barrier = threading.Barrier(len(tokens))
    statuses: list[int] = []
    lock = threading.Lock()

    def sign_in(token):
        try:
            client = APIClient()
            barrier.wait()
            status = second_step(client, token, code).status_code
            with lock:
                statuses.append(status)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_in, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [401] * (len(tokens) - 1)


def test_a_recovery_code_signs_in_once(api_client):
    nurse = NurseFactory()
    _, codes = enrolled(nurse)
    token = login(api_client, nurse).json()["mfa_token"]
    assert second_step(api_client, token, codes[0].lower()).status_code == 200
    assert second_step(api_client, token, codes[0]).status_code == 401
    assert RecoveryCode.objects.filter(user=nurse, used_at__isnull=True).count() == 9


def test_wrong_codes_are_audited_and_lock_the_account_like_wrong_passwords(api_client, settings):
    admin = AdminFactory()
    totp, _ = enrolled(admin)
    token = login(api_client, admin).json()["mfa_token"]
    for _ in range(settings.LOGIN_LOCKOUT_THRESHOLD):
        assert second_step(api_client, token, "123456").status_code == 401
    locked = second_step(api_client, token, totp.now())
    assert locked.status_code == 429
    assert locked.json()["code"] == "login_locked"
    assert login(api_client, admin).status_code == 429
    failures = AuditEvent.objects.filter(actor=admin, action="auth.mfa", outcome=Outcome.FAILURE)
    assert failures.count() == settings.LOGIN_LOCKOUT_THRESHOLD
    assert AuditEvent.objects.filter(actor=admin, action="auth.mfa", outcome=Outcome.DENIED).count() == 1
    assert AuditEvent.objects.filter(action="auth.login", outcome=Outcome.DENIED, resource_id=str(admin.pk)).exists()


def test_the_second_step_is_throttled_per_client_address(api_client, monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "login_client": "2/min"}
    )
    statuses = [second_step(api_client, "not-a-token", "123456").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


@pytest.mark.parametrize("url", [MFA_URL, MFA_ENROL_URL])
def test_a_throttled_second_step_is_audited_for_the_challenged_account(api_client, monkeypatch, url):
    admin = AdminFactory()
    totp, _ = enrolled(admin)
    token = login(api_client, admin).json()["mfa_token"]
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "login_client": "0/min"}
    )
    response = api_client.post(url, {"mfa_token": token, "code": totp.now()}, format="json")
    assert response.status_code == 429
    event = AuditEvent.objects.get(action="auth.mfa_throttled")
    assert (event.actor, event.resource_id, event.outcome, event.client_ip) == (
        admin,
        str(admin.pk),
        Outcome.DENIED,
        "127.0.0.1",
    )


def test_a_throttled_second_step_with_a_forged_challenge_is_audited_for_no_account(api_client, monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "login_client": "0/min"}
    )
    assert second_step(api_client, "not-a-token", "123456").status_code == 429
    event = AuditEvent.objects.get(action="auth.mfa_throttled")
    assert (event.actor, event.resource_id) == (None, "")


@pytest.mark.parametrize("token", ["not-a-token", "", "x" * 501])
def test_a_malformed_challenge_is_refused(api_client, token):
    assert second_step(api_client, token, "123456").status_code in (400, 401)


def test_an_expired_challenge_is_refused(api_client, monkeypatch, settings):
    doctor = DoctorFactory()
    totp, _ = enrolled(doctor)
    token = login(api_client, doctor).json()["mfa_token"]
    later = time.time() + settings.MFA_CHALLENGE_SECONDS + 5
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = second_step(api_client, token, totp.now())
    assert response.status_code == 401
    assert response.json()["code"] == "mfa_token_invalid"


def test_ending_every_session_voids_a_pending_challenge(api_client):
    doctor = DoctorFactory()
    totp, _ = enrolled(doctor)
    token = login(api_client, doctor).json()["mfa_token"]
    pair = session_start_for(user=doctor)
    APIClient(HTTP_AUTHORIZATION=f"Bearer {pair.access}").post(
        "/api/v1/auth/logout/", {"refresh": pair.refresh}, format="json"
    )
    assert second_step(api_client, token, totp.now()).json()["code"] == "mfa_token_invalid"


def test_patients_are_never_asked_for_a_second_factor(api_client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    patient = PatientFactory()
    assert set(login(api_client, patient).json()) == {"access", "refresh", "expires_in"}


def test_without_the_clinic_rule_unenrolled_staff_sign_in_with_the_password(api_client):
    assert set(login(api_client, NurseFactory()).json()) == {"access", "refresh", "expires_in"}


def test_when_required_unenrolled_staff_enrol_during_sign_in(api_client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    nurse = NurseFactory()
    challenge = login(api_client, nurse).json()
    assert (challenge["mfa_required"], challenge["enrolment_required"]) == (True, True)
    # Without an authenticator there is nothing to check a code against.
    assert second_step(api_client, challenge["mfa_token"], "123456").json()["code"] == "mfa_no_pending_enrolment"
    enrolment = api_client.post(MFA_ENROL_URL, {"mfa_token": challenge["mfa_token"]}, format="json")
    assert enrolment.status_code == 200
    totp = pyotp.TOTP(enrolment.json()["secret"])
    signed_in = second_step(api_client, challenge["mfa_token"], totp.now())
    assert signed_in.status_code == 200
    assert set(signed_in.json()) == {"access", "refresh", "expires_in", "recovery_codes"}
    assert len(signed_in.json()["recovery_codes"]) == 10
    assert login(api_client, nurse).json()["enrolment_required"] is False


def test_a_challenge_cannot_replace_a_confirmed_authenticator(api_client):
    doctor = DoctorFactory()
    enrolled(doctor)
    token = login(api_client, doctor).json()["mfa_token"]
    response = api_client.post(MFA_ENROL_URL, {"mfa_token": token}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "mfa_already_enabled"


def test_turning_the_second_factor_off_needs_a_code(client_for, api_client):
    doctor = DoctorFactory()
    totp, _ = enrolled(doctor)
    client = client_for(doctor)
    assert client.post("/api/v1/me/mfa/disable/", {"code": "000000"}).status_code == 400
    assert client.post("/api/v1/me/mfa/disable/", {"code": totp.now()}).status_code == 204
    assert not TotpDevice.objects.filter(user=doctor).exists()
    assert not RecoveryCode.objects.filter(user=doctor).exists()
    assert set(login(api_client, doctor).json()) == {"access", "refresh", "expires_in"}
    assert AuditEvent.objects.filter(actor=doctor, action="mfa.disable", outcome=Outcome.SUCCESS).count() == 1


def test_new_recovery_codes_replace_the_old_ones(client_for, api_client):
    nurse = NurseFactory()
    totp, old = enrolled(nurse)
    response = client_for(nurse).post("/api/v1/me/mfa/recovery-codes/", {"code": totp.now()})
    assert response.status_code == 200
    new = response.json()["recovery_codes"]
    token = login(api_client, nurse).json()["mfa_token"]
    assert second_step(api_client, token, old[0]).status_code == 401
    assert second_step(api_client, token, new[0]).status_code == 200


def test_an_enabled_authenticator_must_be_turned_off_before_enrolling_again(client_for):
    doctor = DoctorFactory()
    enrolled(doctor)
    response = client_for(doctor).post("/api/v1/me/mfa/enrol/")
    assert response.status_code == 409
    assert response.json()["code"] == "mfa_already_enabled"


@pytest.mark.parametrize("path", ["confirm", "recovery-codes", "disable"])
def test_code_endpoints_without_an_authenticator_answer_409(client_for, path):
    response = client_for(DoctorFactory()).post(f"/api/v1/me/mfa/{path}/", {"code": "123456"})
    assert response.status_code == 409


def test_an_operator_erases_a_lost_authenticator_with_a_command(api_client):
    from io import StringIO

    from django.core.management import CommandError, call_command

    doctor = DoctorFactory()
    enrolled(doctor)
    out = StringIO()
    call_command("mfa_reset", doctor.username, stdout=out)
    assert "erased" in out.getvalue()
    assert set(login(api_client, doctor).json()) == {"access", "refresh", "expires_in"}
    assert AuditEvent.objects.filter(action="mfa.reset", resource_id=str(doctor.pk)).count() == 1
    call_command("mfa_reset", doctor.username, stdout=out)
    assert "has no second factor" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("mfa_reset", "nobody-of-that-name")
