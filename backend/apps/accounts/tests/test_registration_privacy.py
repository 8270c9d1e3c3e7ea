"""Registration does not reveal whether an e-mail address has an account (SECURITY.md)."""

import threading

import pytest
from django.core import mail
from django.db import connection
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from apps.accounts.models import User
from apps.audit.models import AuditEvent, Outcome
from apps.notifications.models import Kind, Notification

from .factories import DoctorFactory, PatientFactory

pytestmark = pytest.mark.django_db

REGISTER_URL = "/api/v1/auth/register/"


def registration(**overrides):
    return {
        "username": "mallory",
        "email": "someone@example.org",
        "password": "a-long-enough-passphrase",
        "first_name": "Mallory",
        "last_name": "Visit-evil.example",
        **overrides,
    }


@pytest.fixture
def register(api_client, django_capture_on_commit_callbacks):
    """POST a registration with its after-commit work (the owner's e-mail) done; answers (status, body)."""

    def post(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client.post(REGISTER_URL, registration(**overrides), format="json")
        return response.status_code, response.json()

    return post


def test_a_taken_address_gets_the_very_answer_a_new_account_gets(register):
    PatientFactory(email="owner@example.org")
    new = register(username="first.one", email="free@example.org")
    taken = register(username="second.one", email="OWNER@example.org")
    assert new == taken
    assert new[0] == 202
    assert not User.objects.filter(username="second.one").exists()


@pytest.mark.parametrize("owner_factory", [PatientFactory, DoctorFactory])
def test_the_owner_of_a_taken_address_is_told_by_e_mail_and_in_the_inbox(register, owner_factory):
    owner = owner_factory(email="owner@example.org")  # a patient who prefers the in-app inbox, or staff
    register(email="owner@example.org")
    (message,) = mail.outbox
    assert message.to == ["owner@example.org"]
    assert "Someone tried to register with your e-mail address" in message.subject
    # Nothing the registrant typed is repeated: the notice cannot carry their message.
    for typed in ("mallory", "Mallory", "evil.example"):
        assert typed not in message.subject + message.body
    assert list(Notification.objects.filter(recipient=owner).values_list("kind", flat=True)) == [
        Kind.REGISTRATION_ATTEMPT
    ]


def test_a_new_account_sends_no_such_notice(register):
    register(email="free@example.org")
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_the_attempt_is_audited_as_a_refusal_against_the_existing_account(register):
    owner = PatientFactory(email="owner@example.org")
    register(email="owner@example.org")
    event = AuditEvent.objects.get(action="account.register")
    assert (event.outcome, event.resource_type, event.resource_id, event.actor_id) == (
        Outcome.FAILURE,
        "user",
        str(owner.pk),
        None,
    )


def test_a_weak_password_is_refused_alike_whether_or_not_the_address_is_taken(register):
    PatientFactory(email="owner@example.org")
    free = register(email="free@example.org", password="password1234")
    taken = register(email="owner@example.org", password="password1234")
    assert free[0] == taken[0] == 400
    assert free[1]["fields"] == taken[1]["fields"]
    assert mail.outbox == []


@pytest.fixture
def register_rate(monkeypatch):
    rates = {**SimpleRateThrottle.THROTTLE_RATES, "register": "3/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def test_a_taken_username_is_told_only_at_the_registration_throttles_rate_per_client(register_rate):
    PatientFactory(username="taken")
    here, elsewhere = APIClient(REMOTE_ADDR="203.0.113.7"), APIClient(REMOTE_ADDR="203.0.113.8")
    answers = [here.post(REGISTER_URL, registration(username="taken"), format="json") for _ in range(3)]
    assert [(a.status_code, list(a.json()["fields"])) for a in answers] == [(400, ["username"])] * 3
    assert here.post(REGISTER_URL, registration(username="taken"), format="json").status_code == 429
    assert here.post(REGISTER_URL, registration(username="any.other"), format="json").status_code == 429
    assert elsewhere.post(REGISTER_URL, registration(username="taken"), format="json").status_code == 400


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_registrations_with_one_address_make_one_account_and_answer_alike():
    barrier = threading.Barrier(2)
    answers: list[tuple[int, dict]] = []

    def register_as(username: str) -> None:
        try:
            barrier.wait(timeout=10)
            response = APIClient().post(REGISTER_URL, registration(username=username), format="json")
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=register_as, args=(name,)) for name in ("racer.one", "racer.two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(answers) == 2
    assert answers[0] == answers[1]
    assert answers[0][0] == 202
    assert User.objects.filter(email="someone@example.org").count() == 1
