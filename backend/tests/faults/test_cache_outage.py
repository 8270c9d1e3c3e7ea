"""Redis, the shared cache, stops or hangs: sign-in still answers 200, 401 or 429, and still counts.

The app's cache points at a Redis of the test's own, which the test stops, restarts and freezes.
"""

import threading
import time

import pytest
import redis
from django.core.cache import caches
from django.db import connection
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from apps.accounts.tests.factories import PASSWORD, PatientFactory
from config.settings.base import redis_caches

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.django_db]

TOKEN_URL = "/api/v1/auth/token/"
REGISTER_URL = "/api/v1/auth/register/"
FALLBACK_SECONDS = 0.5


@pytest.fixture
def cache_on(redis_server, settings, monkeypatch):
    """The app's cache on the test's Redis; sign-in locks after 3 failures, 6 attempts per client a minute."""
    caches_config = redis_caches(redis_server.url(0), "pt-fault")
    caches_config["default"]["FALLBACK_SECONDS"] = FALLBACK_SECONDS
    settings.CACHES = caches_config
    settings.LOGIN_LOCKOUT_THRESHOLD = 3
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "login_client": "6/min"}
    )
    try:
        yield redis_server
    finally:
        caches["database"].clear()


def sign_in(client: APIClient, username: str, password: str = PASSWORD):
    return client.post(TOKEN_URL, {"username": username, "password": password}, format="json")


def keys_in(server) -> list[bytes]:
    return redis.Redis(port=server.port).keys("*")


def test_with_redis_stopped_sign_in_still_answers_and_the_lock_out_and_throttles_still_count(cache_on):
    alice, bob = PatientFactory(), PatientFactory()
    client = APIClient(REMOTE_ADDR="10.0.0.1")
    assert sign_in(client, alice.username, "wrong-password").status_code == 401
    assert keys_in(cache_on)  # counted in Redis while it answers

    cache_on.stop()
    statuses = [sign_in(client, alice.username).status_code]  # the right password: signed in
    statuses += [sign_in(client, alice.username, "wrong-password").status_code for _ in range(3)]
    locked = sign_in(client, alice.username)  # the right password, but locked: not failing open
    statuses.append(locked.status_code)
    statuses.append(sign_in(client, bob.username, "wrong-password").status_code)
    throttled = sign_in(client, bob.username)  # the client's 7th attempt this minute
    statuses.append(throttled.status_code)
    assert statuses == [200, 401, 401, 401, 429, 401, 429]
    assert locked.json()["code"] == "login_locked"
    assert throttled.json()["code"] == "throttled"
    # Registration counts in the same cache: it answers as it would with Redis.
    registration = {
        "username": "nora.newman",
        "email": "nora.newman@example.org",
        "password": "a-long-enough-passphrase",
        "first_name": "Nora",
        "last_name": "Newman",
    }
    assert APIClient(REMOTE_ADDR="10.0.0.2").post(REGISTER_URL, registration, format="json").status_code == 202

    cache_on.start()
    time.sleep(FALLBACK_SECONDS + 0.1)
    elsewhere = APIClient(REMOTE_ADDR="10.0.0.3")
    assert sign_in(elsewhere, bob.username).status_code == 200
    assert keys_in(cache_on)  # back on Redis once it answers again


@pytest.mark.django_db(transaction=True)
def test_with_redis_hanging_sign_in_answers_within_its_socket_timeout_and_still_locks(cache_on, settings):
    hanging = redis_caches(cache_on.url(0), "pt-fault")  # Redis is tried again after 5 s, as deployed
    settings.CACHES = hanging
    alice = PatientFactory()
    client = APIClient(REMOTE_ADDR="10.0.0.4")
    assert sign_in(client, alice.username).status_code == 200
    statuses: list[int] = []

    def sign_ins():
        try:
            statuses.extend(sign_in(client, alice.username, "wrong-password").status_code for _ in range(3))
            statuses.append(sign_in(client, alice.username).status_code)
        finally:
            connection.close()

    cache_on.freeze()
    try:
        # In a thread, so that a sign-in that waits for Redis fails the test instead of hanging it.
        started = time.monotonic()
        thread = threading.Thread(target=sign_ins)
        thread.start()
        thread.join(timeout=20)
        elapsed = time.monotonic() - started
    finally:
        cache_on.thaw()
        thread.join()
    assert elapsed < 20, "a sign-in waited for the hanging Redis"
    assert statuses == [401, 401, 401, 429]
