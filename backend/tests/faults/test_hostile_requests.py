"""Hostile requests against the app as it is served (nginx in front of gunicorn; see
test_slow_clients.py): each answers a JSON 4xx and changes nothing, never a 5xx, and a forged
X-Forwarded-For buys no extra sign-in attempts. All traffic goes to 127.0.0.1.
"""

import json
import urllib.error
import urllib.request

import pytest

from apps.accounts.models import User
from apps.accounts.services.sessions import session_start_for
from apps.accounts.tests.factories import DoctorFactory
from apps.scheduling.models import Appointment

from .test_slow_clients import served  # noqa: F401 - the fixture

pytestmark = [pytest.mark.faults, pytest.mark.postgres]


def _send(url: str, *, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
    """(status, parsed JSON body or None, headers) of one request."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - loopback
            raw, status, got = answer.read(), answer.status, answer.headers
    except urllib.error.HTTPError as error:
        raw, status, got = error.read(), error.code, error.headers
    try:
        return status, json.loads(raw), got
    except ValueError:
        return status, None, got


def _deep(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def test_hostile_bodies_and_pages_answer_json_4xx(served):  # noqa: F811
    token = session_start_for(user=DoctorFactory()).access
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    users, appointments = User.objects.count(), Appointment.objects.count()
    cases = [
        ("a 10 MB JSON body", "POST", "/api/v1/auth/token/", b'{"username": "' + b"a" * 10_000_000 + b'"}'),
        ("a 100,000-deep JSON array", "POST", "/api/v1/auth/token/", _deep(100_000)),
        ("a huge page number", "GET", "/api/v1/appointments/?page=99999999999999999999", None),
        ("a negative page size", "GET", "/api/v1/appointments/?page_size=-5", None),
        ("a non-numeric page", "GET", "/api/v1/patients/?page=abc", None),
        ("a 6 kB query string", "GET", "/api/v1/appointments/?search=" + "x" * 6_000, None),
    ]
    for name, method, path, body in cases:
        status, payload, _ = _send(f"{served}{path}", method=method, body=body, headers=auth)
        assert 400 <= status < 500, (name, status, payload)
        assert payload is not None, (name, status)
        assert "code" in payload, (name, payload)
    assert (User.objects.count(), Appointment.objects.count()) == (users, appointments)


def test_a_forged_forwarded_address_buys_no_extra_sign_in_attempts(served):  # noqa: F811
    """The client throttle counts per address; nginx overwrites X-Forwarded-For, so 60 forged
    addresses are one client, throttled like any other."""
    statuses = []
    for attempt in range(60):
        status, _, headers = _send(
            f"{served}/api/v1/auth/token/",
            method="POST",
            body=json.dumps({"username": f"nobody{attempt}", "password": "wrong password 1"}).encode(),
            headers={"Content-Type": "application/json", "X-Forwarded-For": f"203.0.113.{attempt}"},
        )
        statuses.append(status)
        if status == 429:
            assert headers.get("Retry-After")
    assert set(statuses) <= {401, 429}
    # THROTTLE_LOGIN_CLIENT is 30/min by default: the 31st attempt onwards is refused.
    assert statuses[:30] == [401] * 30
    assert statuses[30:] == [429] * 30
