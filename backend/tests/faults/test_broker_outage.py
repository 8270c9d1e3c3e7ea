"""The broker (Redis) hangs, then dies and comes back empty: no request waits, every e-mail leaves once.

The app runs under gunicorn with a Celery worker and beat, broker and cache on one Redis of the
test's own (as in docker-compose), e-mails to a real SMTP server. While Redis hangs and while it is
gone, bookings and sign-ins answer at once; their e-mails, written to the outbox, are sent by the
serving processes' sweeps; once Redis is back the worker takes new ones again. Each e-mail arrives
exactly once, told apart by its Message-ID.
"""

import time
from email import message_from_bytes

import pytest
import requests

from apps.notifications.models import DeliveryStatus, EmailDelivery, Notification
from apps.notifications.outbox import message_id
from apps.notifications.tests.helpers import prefer_email
from apps.scheduling.tests.factories import open_every_day
from tests.processes import Server, Worker, app_env, wait_until

from .helpers import bearer, slot

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DRAIN_SECONDS = 2
# A sweep or two, and the worker's reconnection once the broker is back: "within a few minutes".
BOUND = 60


def test_emails_written_while_the_broker_hangs_or_is_gone_leave_exactly_once(
    people, redis_server, smtp_inbox, processes, tmp_path
):
    open_every_day(people.doctor)
    prefer_email(people.owner)
    env = {
        "REDIS_URL": redis_server.url(0),
        "CELERY_BROKER_URL": redis_server.url(1),
        "OUTBOX_DRAIN_SECONDS": str(DRAIN_SECONDS),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_inbox.port),
    }
    processes(Worker(app_env(DJANGO_SETTINGS_MODULE="config.settings.test", **env), tmp_path))
    server = processes(Server(app_env(**env, BOOKING_MAX_UPCOMING_PER_PATIENT="50"), tmp_path))
    headers = bearer(people.owner)
    booked: list[int] = []
    latencies: list[float] = []

    def book() -> None:
        started = time.monotonic()
        response = requests.post(
            f"{server.url}/api/v1/appointments/",
            json={"doctor": people.doctor.pk, "start": slot(len(booked)).isoformat()},
            headers=headers,
            timeout=15,
        )
        latencies.append(time.monotonic() - started)
        assert response.status_code == 201, response.text
        booked.append(response.json()["id"])

    def all_sent() -> bool:
        return len(smtp_inbox.messages) >= len(booked)

    # The broker answers: the worker sends the e-mail (and is up once it has).
    book()
    wait_until(all_sent, timeout=90, what="the first e-mail")

    redis_server.freeze()
    try:
        for _ in range(4):
            book()
        sign_in = requests.post(
            f"{server.url}/api/v1/auth/token/",
            json={"username": people.other_patient.username, "password": "wrong-password"},
            timeout=15,
        )
        assert sign_in.status_code == 401
        while_hanging = wait_until(all_sent, timeout=BOUND, what="the e-mails written while the broker hangs")
    finally:
        redis_server.stop()  # dies hung: what it held in memory is lost
    for _ in range(2):
        book()
    while_gone = wait_until(all_sent, timeout=BOUND, what="the e-mails written while the broker is gone")
    assert max(latencies[1:]) < 3, latencies

    redis_server.start()
    book()
    after = wait_until(all_sent, timeout=BOUND, what="the e-mail written once the broker is back")
    time.sleep(2 * DRAIN_SECONDS + 1)  # later sweeps send nothing again
    print(
        f"\nbroker hanging: e-mails out after {while_hanging:.1f} s; gone: {while_gone:.1f} s; "
        f"back: {after:.1f} s; booking latencies {[round(t, 3) for t in latencies]}"
    )

    sent = sorted(message_from_bytes(message.content)["Message-ID"] for message in smtp_inbox.messages)
    owners = Notification.objects.filter(appointment_id__in=booked, recipient=people.owner)
    assert sent == sorted(message_id(notification) for notification in owners)
    assert len(sent) == len(booked) == 8
    assert set(EmailDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
