"""The app's database connections are ended under load: 503 with Retry-After or success, never 500.

gunicorn serves reads and bookings from three clients while the test ends every connection of the
app's processes (`pg_terminate_backend`, filtered by the application_name only they use) again and
again. No answer is a 500; every 503 carries Retry-After and the shared error body; a booking that
answered 503 and was retried with its Idempotency-Key exists exactly once, with its notifications
and its audit event (nothing half-written).
"""

import threading
import time
import uuid

import pytest
import requests
from django.db import DEFAULT_DB_ALIAS, connections

from apps.audit.models import AuditEvent
from apps.core.models import IdempotentRequest
from apps.notifications.models import Notification
from apps.scheduling.models import Appointment
from apps.scheduling.tests.factories import open_every_day
from tests.processes import Server, app_env, database_url

from .helpers import bearer, slot

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

LOAD_SECONDS = 8
KILL_EVERY = 0.4
# Within the booking horizon and the patient's upcoming limit (set for the server below).
MAX_BOOKINGS = 300


def end_connections_of(application_name: str) -> int:
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = %s",
                [application_name],
            )
            return cursor.fetchone()[0]
    finally:
        other.close()


def test_ending_the_apps_database_connections_under_load_answers_503_or_success_never_500(people, processes, tmp_path):
    open_every_day(people.doctor)
    application_name = f"pt-fault-{uuid.uuid4().hex[:8]}"
    server = processes(
        Server(app_env(DATABASE_URL=database_url(application_name), BOOKING_MAX_UPCOMING_PER_PATIENT="500"), tmp_path)
    )
    headers = bearer(people.owner)
    responses: list[tuple[str, requests.Response]] = []
    booked: dict[str, int] = {}
    stop = threading.Event()
    failures: list[BaseException] = []

    def reads():
        with requests.Session() as session:
            while not stop.is_set():
                for path in ("/api/v1/me/", "/api/v1/appointments/", "/api/v1/notifications/"):
                    responses.append(("read", session.get(f"{server.url}{path}", headers=headers, timeout=15)))

    def bookings():
        with requests.Session() as session:
            index = 0
            while not stop.is_set() and index < MAX_BOOKINGS:
                key = f"fault-booking-{index}"
                calm_since = None
                while True:  # a 503 is retried with the same key, as a client should
                    response = session.post(
                        f"{server.url}/api/v1/appointments/",
                        json={"doctor": people.doctor.pk, "start": slot(index).isoformat()},
                        headers={**headers, "Idempotency-Key": key},
                        timeout=15,
                    )
                    responses.append(("write", response))
                    if response.status_code != 503:
                        break
                    # Under a slow machine every try may lose its connection while they are ended;
                    # once they no longer are, the next try must go through.
                    calm_since = calm_since or (time.monotonic() if stop.is_set() else None)
                    assert calm_since is None or time.monotonic() - calm_since < 10, "503 after the faults"
                    time.sleep(0.05)
                assert response.status_code == 201, response.text
                booked[key] = response.json()["id"]
                index += 1

    def guarded(work):
        def run():
            try:
                work()
            except BaseException as exc:  # reported by the test thread
                failures.append(exc)
                stop.set()

        return run

    clients = [threading.Thread(target=guarded(work)) for work in (reads, reads, bookings)]
    for client in clients:
        client.start()
    ended, deadline = 0, time.monotonic() + LOAD_SECONDS
    while time.monotonic() < deadline and not stop.is_set():
        time.sleep(KILL_EVERY)
        ended += end_connections_of(application_name)
    stop.set()
    for client in clients:
        client.join(timeout=30)
    assert not failures, failures

    statuses = [(kind, response.status_code) for kind, response in responses]
    counts = {key: statuses.count(key) for key in sorted(set(statuses))}
    print(f"\n{ended} connections ended; answers {counts}; {len(booked)} bookings")
    assert ended > 0
    assert all(status in (200, 201, 503) for _, status in statuses), counts
    for _, response in responses:
        if response.status_code == 503:
            body = response.json()
            assert response.headers["Retry-After"] == "2"
            assert body["code"] == "service_unavailable"
            assert body["request_id"] == response.headers["X-Request-ID"]
    # The fault reached requests (each one a read run again or a 503), or this test shows nothing.
    assert "The database could not answer" in server.log_path.read_text()

    appointments = Appointment.objects.filter(pk__in=booked.values())
    assert appointments.count() == len(booked) == Appointment.objects.count()
    assert IdempotentRequest.objects.count() == len(booked)
    assert Notification.objects.filter(appointment__in=appointments).count() == 2 * len(booked)
    assert AuditEvent.objects.filter(action="appointment.book").count() == len(booked)
