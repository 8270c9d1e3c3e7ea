"""Real parts: a Celery worker process on a Redis of its own, a local SMTP server, racing reminder runs and sweeps."""

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection, transaction

from apps.notifications import handoff as handoff_module
from apps.notifications.handoff import Handoff, hand_over
from apps.notifications.models import DeliveryStatus, EmailDelivery, Notification, ReminderDelivery, Title
from apps.notifications.outbox import message_id
from apps.notifications.services import email_outbox_drain
from apps.scheduling.services.notifications import appointment_event_notify
from apps.scheduling.services.reminders import reminders_send
from config.celery import app as celery_app
from tests.processes import private_redis, spare_port

from .helpers import make_appointment, prefer_email, smtp_server  # noqa: F401

BACKEND_DIR = Path(__file__).resolve().parents[3]

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
def celery_worker(smtp_server, tmp_path):  # noqa: F811
    """A real worker process on a Redis of its own, using this test database and the local SMTP server."""
    with private_redis(tmp_path) as broker:
        broker_url = broker.url(0)
        db = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "CELERY_BROKER_URL": broker_url,
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
        _reset_broker_pool(broker_url=broker_url, task_always_eager=False)
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


def _pending_emails(patient, count: int) -> list[int]:
    """E-mails in the outbox as a process leaves them that committed them and died before handing them over."""
    ids = []
    for i in range(count):
        notification = Notification.objects.create(
            recipient=patient, kind="record_added", title=Title.RECORD_ADDED, body=f"Entry {i}"
        )
        EmailDelivery.objects.create(notification=notification)
        ids.append(notification.pk)
    return ids


def test_racing_sweeps_send_each_pending_email_exactly_once(people):
    prefer_email(people.owner)
    ids = _pending_emails(people.owner, 12)
    barrier = threading.Barrier(4)
    sent: list[int] = []

    def sweep():
        try:
            barrier.wait()
            sent.append(email_outbox_drain())
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent) == len(ids)
    assert sorted(message.extra_headers["Message-ID"] for message in mail.outbox) == sorted(
        message_id(notification) for notification in Notification.objects.filter(pk__in=ids)
    )
    assert set(EmailDelivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.SENT, 1)}


def test_the_handoff_thread_sends_what_it_is_given_and_sweeps_what_was_left_pending(people, settings):
    settings.OUTBOX_HANDOFF_THREAD = True
    settings.OUTBOX_DRAIN_SECONDS = 1
    prefer_email(people.owner)
    left_behind = _pending_emails(people.owner, 2)
    thread = Handoff()
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while len(mail.outbox) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(mail.outbox) == 2  # swept without being handed over
        (new,) = _pending_emails(people.owner, 1)
        thread.submit([new])
        assert thread.flush(timeout=10)
        assert len(mail.outbox) == 3
    finally:
        thread.stop()
    assert (
        EmailDelivery.objects.filter(notification_id__in=[*left_behind, new], status=DeliveryStatus.SENT).count() == 3
    )


def test_a_broker_that_is_down_leaves_the_email_pending_for_the_sweep_and_is_left_alone_a_while(people, settings):
    settings.OUTBOX_HANDOFF_THREAD = True
    prefer_email(people.owner)
    first, second = _pending_emails(people.owner, 2)
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    _reset_broker_pool(broker_url=f"redis://127.0.0.1:{spare_port()}/0", task_always_eager=False)
    thread = Handoff()
    try:
        started = time.monotonic()
        thread.submit([first])
        assert time.monotonic() - started < 0.5  # the caller never waits for the broker
        assert thread.flush(timeout=30)  # the thread does, for its connection attempts
        started = time.monotonic()
        hand_over([second])  # within the rest after a refusal: left to the sweep at once
        assert time.monotonic() - started < 0.5
    finally:
        thread.stop()
        _reset_broker_pool(**saved)
        handoff_module._broker_rests_until = 0.0
    assert set(EmailDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.PENDING}
    assert email_outbox_drain() == 2
