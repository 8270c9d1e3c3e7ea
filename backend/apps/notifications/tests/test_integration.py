"""Real parts: a Celery worker process on this machine's Redis, a local SMTP server, racing reminder runs."""

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.core import mail
from django.db import connection, transaction

from apps.notifications.models import DeliveryStatus, EmailDelivery, Notification, ReminderDelivery
from apps.notifications.services import appointment_event_notify, reminders_send
from config.celery import app as celery_app

from .helpers import make_appointment, prefer_email, smtp_server  # noqa: F401

BACKEND_DIR = Path(__file__).resolve().parents[3]
BROKER_URL = "redis://127.0.0.1:6379/13"

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_racing_reminder_runs_send_exactly_one_email_per_appointment(people):
    for patient in (people.owner, people.other_patient):
        prefer_email(patient)
    appointments = [
        make_appointment(patient, people.doctor, starts_in=timedelta(hours=3 + i))
        for i, patient in enumerate([people.owner, people.other_patient])
    ]
    barrier = threading.Barrier(2)
    results: list[int] = []

    def run():
        try:
            barrier.wait()
            results.append(reminders_send())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == len(appointments)
    assert ReminderDelivery.objects.count() == len(appointments)
    assert Notification.objects.filter(kind="reminder").count() == len(appointments)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        p.email for p in (people.owner, people.other_patient)
    )


def _reset_broker_pool(**conf):
    # The producer pool keeps the broker it was first made with: drop it along with the change.
    celery_app.pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.conf.update(**conf)


@pytest.fixture
def celery_worker(smtp_server):  # noqa: F811
    """A real worker process on the local Redis, using this test database and the local SMTP server."""
    # A broker database of its own, emptied first, so no stale message reaches this worker.
    redis.Redis.from_url(BROKER_URL).flushdb()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": BROKER_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server[1]),
    }
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [
            *(sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=WARNING"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ],
        cwd=BACKEND_DIR,
        env=env,
    )
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    _reset_broker_pool(broker_url=BROKER_URL, task_always_eager=False)
    try:
        yield smtp_server[0]
    finally:
        _reset_broker_pool(**saved)
        worker.terminate()
        worker.wait(timeout=20)


def test_a_real_worker_delivers_an_email_queued_after_commit(people, celery_worker):
    prefer_email(people.owner)
    appointment = make_appointment(people.owner, people.doctor)
    with transaction.atomic():
        appointment_event_notify(event="appointment.booked", appointment_id=appointment.pk)
        # Inside the transaction nothing is queued yet.
        assert EmailDelivery.objects.get().status == DeliveryStatus.PENDING
    deadline = time.monotonic() + 60
    while not celery_worker.messages and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(celery_worker.messages) == 1
    assert celery_worker.messages[0].rcpt_tos == [people.owner.email]
    for _ in range(50):
        if EmailDelivery.objects.get().status == DeliveryStatus.SENT:
            break
        time.sleep(0.1)
    assert EmailDelivery.objects.get().status == DeliveryStatus.SENT
