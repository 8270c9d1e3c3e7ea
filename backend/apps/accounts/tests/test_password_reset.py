"""Password reset by e-mail: one answer for every address, a single-use expiring link, sessions ended."""

import re
import threading
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core import mail
from django.db import connection
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from apps.accounts.models import User
from apps.accounts.services.sessions import session_login
from apps.accounts.tokens import password_reset_tokens, password_reset_uid
from apps.audit.models import AuditEvent, Outcome
from apps.notifications.models import DeliveryStatus, EmailDelivery, Kind, Notification
from apps.notifications.services import email_outbox_drain

from .factories import PASSWORD, DoctorFactory, NurseFactory, PatientFactory, enrolled_authenticator

pytestmark = pytest.mark.django_db

REQUEST_URL = "/api/v1/auth/password-reset/"
CONFIRM_URL = "/api/v1/auth/password-reset/confirm/"
NEW_PASSWORD = "a-brand-new-passphrase-42"
LINK = re.compile(r"(http\S+/reset-password#\S+)")
# A fixed moment, so that no test depends on the hour it runs at.
NOON = datetime(2027, 3, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def ask(api_client, django_capture_on_commit_callbacks):
    """POST a reset request with its after-commit work (the e-mail) done; answers the response."""

    def post(email: str, client: APIClient | None = None):
        with django_capture_on_commit_callbacks(execute=True):
            return (client or api_client).post(REQUEST_URL, {"email": email}, format="json")

    return post


def confirm(uid: str, token: str, password: str = NEW_PASSWORD, client: APIClient | None = None):
    return (client or APIClient()).post(
        CONFIRM_URL, {"uid": uid, "token": token, "new_password": password}, format="json"
    )


def link_in(message) -> tuple[str, str]:
    """The uid and token of the reset link in an e-mail."""
    (url,) = LINK.findall(message.body)
    fragment = parse_qs(urlsplit(url).fragment)
    return fragment["uid"][0], fragment["token"][0]


def sign_in(user: User, password: str):
    return APIClient().post("/api/v1/auth/token/", {"username": user.username, "password": password}, format="json")


def test_an_account_gets_a_link_to_the_spa_by_e_mail_and_a_note_in_its_inbox(ask, settings):
    settings.SITE_URL = "https://clinic.example"
    patient = PatientFactory(email="olive@example.org")  # prefers the in-app inbox, and still gets the e-mail
    response = ask("OLIVE@example.org")
    assert response.status_code == 202
    (message,) = mail.outbox
    assert message.to == ["olive@example.org"]
    assert message.subject == "Patient Tracker: Reset your password"
    (url,) = LINK.findall(message.body)
    assert url.startswith("https://clinic.example/reset-password#uid=")
    uid, token = link_in(message)
    assert uid == password_reset_uid(patient)
    assert password_reset_tokens.check_token(patient, token)
    notification = Notification.objects.get(recipient=patient)
    assert notification.kind == Kind.PASSWORD_RESET
    # The token is made when the e-mail is sent and never stored, not even encrypted.
    assert token not in notification.body
    assert notification.link == ""


def test_the_e_mail_carries_no_health_data_nor_anything_the_requester_typed(ask):
    patient = PatientFactory(email="olive@example.org")
    patient.patient_profile.address = "7 Secret Lane"
    patient.patient_profile.save()
    ask("olive@example.org")
    (message,) = mail.outbox
    text = message.subject + message.body
    for private in ("7 Secret Lane", patient.patient_profile.phone, patient.first_name, patient.last_name):
        assert private not in text


def test_an_unknown_address_gets_the_very_answer_a_known_one_gets_and_no_e_mail(ask):
    PatientFactory(email="olive@example.org")
    known = ask("olive@example.org")
    mail.outbox.clear()
    unknown = ask("nobody@example.org")
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert mail.outbox == []


def test_an_inactive_account_gets_the_same_answer_and_no_e_mail(ask):
    PatientFactory(email="gone@example.org", is_active=False)
    assert ask("gone@example.org").status_code == 202
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_malformed_address_is_a_field_error(api_client):
    response = api_client.post(REQUEST_URL, {"email": "not an address"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["email"]


def test_the_request_waits_for_no_smtp_server_the_e_mail_goes_through_the_outbox(api_client):
    PatientFactory(email="olive@example.org")
    # Without the after-commit hand-over (as if the worker were down), the e-mail waits in the outbox.
    api_client.post(REQUEST_URL, {"email": "olive@example.org"}, format="json")
    assert mail.outbox == []
    assert EmailDelivery.objects.get().status == DeliveryStatus.PENDING
    assert email_outbox_drain() == 1
    assert len(mail.outbox) == 1


def test_the_link_sets_a_new_password_once_and_the_old_one_stops_working(ask):
    patient = PatientFactory(email="olive@example.org")
    ask("olive@example.org")
    uid, token = link_in(mail.outbox[0])
    assert confirm(uid, token).status_code == 204
    assert sign_in(patient, PASSWORD).status_code == 401
    assert sign_in(patient, NEW_PASSWORD).status_code == 200
    again = confirm(uid, token, "yet-another-passphrase-77")
    assert again.status_code == 400
    assert again.json()["code"] == "reset_link_invalid"
    patient.refresh_from_db()
    assert patient.check_password(NEW_PASSWORD)


def test_the_link_expires_after_the_reset_timeout(ask, clock, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    patient = PatientFactory(email="olive@example.org")
    ask("olive@example.org")
    uid, token = link_in(mail.outbox[0])
    clock.shift(timedelta(seconds=3601))
    response = confirm(uid, token)
    assert (response.status_code, response.json()["code"]) == (400, "reset_link_invalid")
    patient.refresh_from_db()
    assert patient.check_password(PASSWORD)


def test_the_link_still_works_just_before_it_expires(ask, clock, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    ask(PatientFactory(email="olive@example.org").email)
    uid, token = link_in(mail.outbox[0])
    clock.shift(timedelta(seconds=3590))
    assert confirm(uid, token).status_code == 204


def test_an_e_mail_the_outbox_could_not_send_within_the_links_lifetime_is_dropped(api_client, clock, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    PatientFactory(email="olive@example.org")
    api_client.post(REQUEST_URL, {"email": "olive@example.org"}, format="json")
    clock.shift(timedelta(hours=2))
    assert email_outbox_drain() == 0
    assert mail.outbox == []
    assert EmailDelivery.objects.get().status == DeliveryStatus.SKIPPED


def test_a_sign_in_after_the_request_voids_the_link(ask):
    patient = PatientFactory(email="olive@example.org")
    ask("olive@example.org")
    uid, token = link_in(mail.outbox[0])
    assert sign_in(patient, PASSWORD).status_code == 200
    assert confirm(uid, token).json()["code"] == "reset_link_invalid"


@pytest.mark.parametrize(
    ("uid", "token"),
    [
        ("own", "tampered"),
        ("other", "own"),
        ("not-base64!", "own"),
        ("", "own"),
        ("OTk5OTk5OTk5OTk5OTk5OTk5OTk5OQ", "own"),  # 99999999999999999999999: past any id
        ("LTE", "own"),  # -1
        ("own", "1-2-3"),
        ("own", ""),
    ],
)
def test_an_altered_or_incomplete_link_is_refused_and_changes_nothing(uid, token):
    patient, other = PatientFactory(), PatientFactory()
    own_uid, own_token = password_reset_uid(patient), password_reset_tokens.make_token(patient)
    uid = {"own": own_uid, "other": password_reset_uid(other)}.get(uid, uid)
    token = {"own": own_token, "tampered": own_token[:-1] + ("0" if own_token[-1] != "0" else "1")}.get(token, token)
    response = confirm(uid, token)
    assert response.status_code == 400
    assert response.json()["code"] in {"reset_link_invalid", "validation_error"}
    if uid and token:
        assert response.json()["code"] == "reset_link_invalid"
    for user in (patient, other):
        user.refresh_from_db()
        assert user.check_password(PASSWORD)


def test_the_new_password_goes_through_the_validators_and_the_link_stays_usable():
    patient = PatientFactory(username="olive.owner")
    uid, token = password_reset_uid(patient), password_reset_tokens.make_token(patient)
    for weak in ("short", "password1234", "12345678901234", "olive.owner1"):
        response = confirm(uid, token, weak)
        assert response.status_code == 400
        assert list(response.json()["fields"]) == ["new_password"]
    patient.refresh_from_db()
    assert patient.check_password(PASSWORD)
    assert confirm(uid, token).status_code == 204


def test_a_reset_ends_every_session_and_refresh_token_of_the_account(ask, client_for):
    patient = PatientFactory(email="olive@example.org")
    signed_in = [session_login(username=patient.username, password=PASSWORD) for _ in range(2)]
    ask("olive@example.org")
    uid, token = link_in(mail.outbox[0])
    assert confirm(uid, token).status_code == 204
    for pair in signed_in:
        me = APIClient()
        me.credentials(HTTP_AUTHORIZATION=f"Bearer {pair.access}")
        assert me.get("/api/v1/me/").status_code == 401
        refresh = APIClient().post("/api/v1/auth/token/refresh/", {"refresh": pair.refresh}, format="json")
        assert (refresh.status_code, refresh.json()["code"]) == (401, "session_ended")


def test_a_reset_signs_nobody_in():
    patient = PatientFactory()
    response = confirm(password_reset_uid(patient), password_reset_tokens.make_token(patient))
    assert response.status_code == 204
    assert response.content == b""


@pytest.mark.parametrize("factory", [DoctorFactory, NurseFactory])
def test_staff_with_a_second_factor_still_need_it_after_a_reset(factory, ask):
    staff = factory(email="staff@example.org")
    totp, _ = enrolled_authenticator(staff)
    ask("staff@example.org")
    uid, token = link_in(mail.outbox[0])
    assert confirm(uid, token).status_code == 204
    first_step = sign_in(staff, NEW_PASSWORD).json()
    assert first_step["mfa_required"] is True
    assert "access" not in first_step
    second = APIClient().post(
        "/api/v1/auth/token/mfa/", {"mfa_token": first_step["mfa_token"], "code": totp.now()}, format="json"
    )
    assert second.status_code == 200
    assert set(second.json()) == {"access", "refresh", "expires_in"}


def _event_values(event: AuditEvent) -> str:
    return " ".join(str(getattr(event, field.attname)) for field in AuditEvent._meta.concrete_fields)


def test_the_request_and_the_reset_are_audited_without_the_address_or_the_token(ask):
    patient = PatientFactory(email="olive@example.org")
    ask("olive@example.org")
    ask("nobody@example.org")
    uid, token = link_in(mail.outbox[0])
    confirm(uid, token)
    confirm(uid, token)
    events = [
        (e.action, e.actor_id, e.resource_id, e.outcome, e.client_ip)
        for e in AuditEvent.objects.filter(action__startswith="auth.password_reset").order_by("id")
    ]
    assert events == [
        ("auth.password_reset_request", None, str(patient.pk), Outcome.SUCCESS, "127.0.0.1"),
        ("auth.password_reset_request", None, "", Outcome.FAILURE, "127.0.0.1"),
        ("auth.password_reset", patient.pk, str(patient.pk), Outcome.SUCCESS, "127.0.0.1"),
        ("auth.password_reset", None, str(patient.pk), Outcome.FAILURE, "127.0.0.1"),
    ]
    for event in AuditEvent.objects.all():
        values = _event_values(event)
        for secret in ("olive@example.org", "nobody@example.org", token, NEW_PASSWORD):
            assert secret not in values


def test_nothing_is_logged_with_the_address_or_the_token(ask, caplog):
    PatientFactory(email="olive@example.org")
    with caplog.at_level("DEBUG"):
        ask("olive@example.org")
        uid, token = link_in(mail.outbox[0])
        confirm(uid, token)
    for secret in ("olive@example.org", token):
        assert secret not in caplog.text


@pytest.fixture
def reset_rates(monkeypatch):
    def set_rates(**rates):
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, **rates})

    return set_rates


def test_requests_are_throttled_per_client_address_with_retry_after(ask, reset_rates):
    reset_rates(password_reset_client="3/hour")
    answers = [ask(f"person{n}@example.org").status_code for n in range(4)]
    assert answers == [202, 202, 202, 429]
    throttled = ask("person9@example.org")
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert 0 < int(throttled["Retry-After"]) <= 3600
    assert ask("person9@example.org", APIClient(REMOTE_ADDR="10.0.0.9")).status_code == 202


def test_requests_are_throttled_per_e_mail_address_across_client_addresses(ask, reset_rates):
    reset_rates(password_reset_email="2/hour")
    PatientFactory(email="olive@example.org")
    addresses = ["olive@example.org", "OLIVE@example.org", "olive@example.org"]
    answers = [ask(email, APIClient(REMOTE_ADDR=f"10.0.0.{n}")) for n, email in enumerate(addresses)]
    assert [a.status_code for a in answers] == [202, 202, 429]
    assert "Retry-After" in answers[-1]
    assert len(mail.outbox) == 2
    assert ask("other@example.org", APIClient(REMOTE_ADDR="10.0.0.7")).status_code == 202


def test_a_throttled_request_is_audited_for_the_account_without_the_address(ask, reset_rates):
    reset_rates(password_reset_email="1/hour")
    patient = PatientFactory(email="olive@example.org")
    ask("olive@example.org")
    ask("olive@example.org")
    event = AuditEvent.objects.get(action="auth.password_reset_request_throttled")
    assert (event.actor, event.resource_id, event.outcome) == (None, str(patient.pk), Outcome.DENIED)
    assert "olive@example.org" not in _event_values(event)


def test_attempts_to_set_a_new_password_are_throttled_per_client_address(reset_rates):
    reset_rates(password_reset_confirm="2/hour")
    client = APIClient()
    answers = [confirm("MQ", "1-2", client=client).status_code for _ in range(3)]
    assert answers == [400, 400, 429]


@pytest.mark.parametrize(
    "body",
    [{}, {"email": ["a@b.org"]}, {"email": "a" * 300 + "@example.org"}, {"email": None}],
)
def test_malformed_requests_are_field_errors_and_send_nothing(api_client, body):
    response = api_client.post(REQUEST_URL, body, format="json")
    assert response.status_code == 400
    assert mail.outbox == []


@pytest.mark.parametrize(
    "body",
    [{}, {"uid": "MQ", "token": "x"}, {"uid": ["MQ"], "token": "x", "new_password": NEW_PASSWORD}],
)
def test_malformed_confirmations_are_field_errors(body):
    assert APIClient().post(CONFIRM_URL, body, format="json").status_code == 400


def test_signed_in_callers_may_reset_too_their_credentials_are_ignored(client_for, ask):
    patient = PatientFactory(email="olive@example.org")
    client = client_for(patient)
    assert ask("olive@example.org", client).status_code == 202
    uid, token = link_in(mail.outbox[0])
    assert confirm(uid, token, client=client).status_code == 204
    assert client.get("/api/v1/me/").status_code == 401


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_resets_with_one_link_let_exactly_one_succeed():
    patient = PatientFactory()
    uid, token = password_reset_uid(patient), password_reset_tokens.make_token(patient)
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def reset(password: str) -> None:
        try:
            barrier.wait(timeout=10)
            statuses.append(confirm(uid, token, password).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=reset, args=(p,)) for p in ("first-new-passphrase-1", "second-new-passphrase-2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [204, 400]
