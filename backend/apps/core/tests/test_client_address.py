"""The client's address: no forwarded header is trusted by default; NUM_PROXIES=N trusts exactly N hops.

Throttles, the lock-out's audit events and the audit log all ask `client_address`, so a forged
`X-Forwarded-For` neither escapes a throttle nor writes a false address into the audit log.
"""

import pytest
import yaml
from django.test import RequestFactory, override_settings
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from apps.accounts.tests.factories import PASSWORD, PatientFactory
from apps.accounts.throttles import LoginClientThrottle, RegisterThrottle
from apps.audit.models import AuditEvent
from apps.core.addresses import client_address
from config.settings.base import REPO_DIR

pytestmark = pytest.mark.django_db

PEER = "10.0.0.1"
CLIENT = "203.0.113.5"
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def proxies(settings):
    """Sets NUM_PROXIES for the test (DRF reloads its settings when REST_FRAMEWORK changes)."""

    def set_proxies(count: int) -> None:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}

    return set_proxies


@pytest.fixture
def throttle_rates(monkeypatch):
    def set_rates(**rates):
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, **rates})

    return set_rates


def request_from(remote_addr: str, forwarded_for: str | None = None):
    extra = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **extra)


CASES = [
    # (trusted proxies, X-Forwarded-For, the client's address)
    (0, None, PEER),
    (0, "6.6.6.6", PEER),
    (0, f"6.6.6.6, {CLIENT}", PEER),
    (1, None, PEER),
    (1, CLIENT, CLIENT),
    (1, f"6.6.6.6, {CLIENT}", CLIENT),
    (1, f"6.6.6.6,7.7.7.7 ,  {CLIENT}", CLIENT),
    (2, f"{CLIENT}, 10.0.0.2", CLIENT),
    (2, f"6.6.6.6, 7.7.7.7, {CLIENT}, 10.0.0.2", CLIENT),
    # Fewer hops than proxies: every entry was written by a trusted proxy; the leftmost is the client.
    (2, CLIENT, CLIENT),
    (1, "2001:DB8:0:0::1", "2001:db8::1"),
    (1, "not-an-address", None),
    (1, f"{CLIENT}:4711", None),
    (1, ",,", PEER),
]


@pytest.mark.parametrize(("count", "forwarded_for", "expected"), CASES)
def test_the_client_address_trusts_exactly_the_configured_proxies(proxies, count, forwarded_for, expected):
    proxies(count)
    request = request_from(PEER, forwarded_for)
    assert client_address(request) == expected
    # The throttles count by the same address.
    assert LoginClientThrottle().get_ident(request) == RegisterThrottle().get_ident(request) == (expected or "")


def test_no_forwarded_header_is_trusted_by_default():
    assert api_settings.NUM_PROXIES == 0
    assert client_address(request_from(PEER, "6.6.6.6")) == PEER


def test_a_peer_address_with_a_zone_index_is_kept_without_it():
    assert client_address(request_from("fe80::1%eth0")) == "fe80::1"


def login(client, username: str, **extra):
    return client.post(TOKEN_URL, {"username": username, "password": "wrong-password"}, format="json", **extra)


@override_settings(LOGIN_LOCKOUT_THRESHOLD=1000)
def test_sixty_sign_ins_each_with_a_new_forged_forwarded_for_are_throttled(api_client):
    # The fault run: with the default of 30 a minute per address, half of them are throttled.
    statuses = [login(api_client, f"user-{n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(60)]
    assert statuses == [401] * 30 + [429] * 30


@pytest.mark.parametrize("count", [1, 2])
def test_behind_trusted_proxies_clients_are_throttled_apart_and_forged_hops_change_nothing(
    api_client, proxies, throttle_rates, count
):
    proxies(count)
    throttle_rates(login_client="3/min")
    behind = ", 10.0.0.2" * (count - 1)  # what the proxies after the first appended
    first = [
        login(api_client, f"a-{n}", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, {CLIENT}{behind}").status_code for n in range(4)
    ]
    other = login(api_client, "b", HTTP_X_FORWARDED_FOR=f"203.0.113.6{behind}").status_code
    assert first == [401, 401, 401, 429]
    assert other == 401


@pytest.mark.parametrize(
    ("count", "forwarded_for", "recorded"),
    [(0, "6.6.6.6", "127.0.0.1"), (1, f"6.6.6.6, {CLIENT}", CLIENT), (2, f"6.6.6.6, {CLIENT}, 10.0.0.2", CLIENT)],
)
def test_the_audit_log_records_the_address_the_trusted_proxies_saw(api_client, proxies, count, forwarded_for, recorded):
    proxies(count)
    patient = PatientFactory()
    login(api_client, patient.username, HTTP_X_FORWARDED_FOR=forwarded_for)
    assert AuditEvent.objects.get(action="auth.login").client_ip == recorded


@override_settings(LOGIN_LOCKOUT_THRESHOLD=1)
def test_a_locked_out_sign_in_is_audited_with_the_same_address(api_client):
    patient = PatientFactory()
    login(api_client, patient.username, HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert login(api_client, patient.username, HTTP_X_FORWARDED_FOR="7.7.7.7").status_code == 429
    events = AuditEvent.objects.filter(action="auth.login").order_by("id")
    assert [(event.outcome, event.client_ip) for event in events] == [
        ("failure", "127.0.0.1"),
        ("denied", "127.0.0.1"),
    ]


def test_a_forwarded_for_that_is_no_address_signs_in_and_audits_no_address(api_client, proxies):
    proxies(1)
    patient = PatientFactory()
    response = api_client.post(
        TOKEN_URL, {"username": patient.username, "password": PASSWORD}, format="json", HTTP_X_FORWARDED_FOR="unknown"
    )
    assert response.status_code == 200
    assert AuditEvent.objects.get(action="auth.login").client_ip is None


def test_the_compose_topology_trusts_exactly_its_one_proxy():
    compose = yaml.safe_load((REPO_DIR / "docker-compose.yml").read_text())
    assert compose["services"]["api"]["environment"]["NUM_PROXIES"] == "1"
    # nginx is the edge: it replaces whatever the client sent, so the header holds exactly one hop.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in (REPO_DIR / "frontend" / "nginx.conf").read_text()
