"""An idle session ends: a refresh token not used for SESSION_IDLE_MINUTES cannot be refreshed."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from apps.accounts.services.sessions import session_start_for

from .factories import DoctorFactory

pytestmark = pytest.mark.django_db

REFRESH_URL = "/api/v1/auth/token/refresh/"


def _later(monkeypatch, minutes: int) -> None:
    moment = timezone.now() + timedelta(minutes=minutes)
    monkeypatch.setattr("apps.accounts.services.sessions.timezone.now", lambda: moment)


def test_a_session_idle_for_longer_than_the_limit_cannot_be_refreshed(api_client, settings, monkeypatch):
    settings.SESSION_IDLE_MINUTES = 30
    pair = session_start_for(user=DoctorFactory())
    _later(monkeypatch, 31)
    response = api_client.post(REFRESH_URL, {"refresh": pair.refresh}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "session_idle"


def test_a_session_in_use_within_the_limit_goes_on(api_client, settings, monkeypatch):
    settings.SESSION_IDLE_MINUTES = 30
    pair = session_start_for(user=DoctorFactory())
    _later(monkeypatch, 29)
    response = api_client.post(REFRESH_URL, {"refresh": pair.refresh}, format="json")
    assert response.status_code == 200


def _as_of(monkeypatch, minutes_ago: int) -> None:
    """Tokens are issued, and idleness judged, as if it were `minutes_ago` minutes ago."""
    moment = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    monkeypatch.setattr("rest_framework_simplejwt.tokens.aware_utcnow", lambda: moment)
    monkeypatch.setattr("apps.accounts.services.sessions.timezone.now", lambda: moment)


def test_each_refresh_counts_as_activity(api_client, settings, monkeypatch):
    settings.SESSION_IDLE_MINUTES = 30
    doctor = DoctorFactory()
    _as_of(monkeypatch, 40)
    used, unused = session_start_for(user=doctor), session_start_for(user=doctor)
    _as_of(monkeypatch, 20)
    rotated = api_client.post(REFRESH_URL, {"refresh": used.refresh}, format="json").json()
    monkeypatch.undo()
    # Now: 20 minutes after the last refresh goes on; 40 minutes after the sign-in does not.
    again = api_client.post(REFRESH_URL, {"refresh": rotated["refresh"]}, format="json")
    assert again.status_code == 200, again.json()
    assert api_client.post(REFRESH_URL, {"refresh": unused.refresh}, format="json").json()["code"] == "session_idle"


def test_zero_turns_the_idle_limit_off(api_client, settings, monkeypatch):
    settings.SESSION_IDLE_MINUTES = 0
    pair = session_start_for(user=DoctorFactory())
    _later(monkeypatch, 600)
    assert api_client.post(REFRESH_URL, {"refresh": pair.refresh}, format="json").status_code == 200
