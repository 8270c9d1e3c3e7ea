"""With no broker (`./run.sh`): the serving processes send committed e-mails and sweep the outbox.

Two gunicorn workers, each with its hand-off thread, share the outbox: what a dead process left
pending goes out by itself, what a booking writes goes out at once, and each e-mail goes out once.
"""

import time
from email import message_from_bytes

import pytest
import requests

from apps.notifications.models import DeliveryStatus, EmailDelivery, Notification, Title
from apps.notifications.outbox import message_id
from apps.notifications.tests.helpers import prefer_email
from apps.scheduling.tests.factories import open_every_day
from tests.processes import Server, app_env, wait_until

from .helpers import bearer, slot

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DRAIN_SECONDS = 1


def test_the_serving_processes_send_pending_and_new_emails_exactly_once(people, smtp_inbox, processes, tmp_path):
    open_every_day(people.doctor)
    prefer_email(people.owner)
    # Committed by a process that died before handing them over.
    left_behind = []
    for i in range(10):
        notification = Notification.objects.create(
            recipient=people.owner, kind="record_added", title=Title.RECORD_ADDED, body=f"Entry {i}"
        )
        EmailDelivery.objects.create(notification=notification)
        left_behind.append(notification)
    server = processes(
        Server(
            app_env(
                OUTBOX_DRAIN_SECONDS=str(DRAIN_SECONDS),
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=str(smtp_inbox.port),
            ),
            tmp_path,
        )
    )
    swept = wait_until(lambda: len(smtp_inbox.messages) >= 10, timeout=30, what="the sweep of the left-behind e-mails")

    headers = bearer(people.owner)
    booked = []
    for i in range(3):
        response = requests.post(
            f"{server.url}/api/v1/appointments/",
            json={"doctor": people.doctor.pk, "start": slot(i).isoformat()},
            headers=headers,
            timeout=15,
        )
        assert response.status_code == 201, response.text
        booked.append(response.json()["id"])
    handed = wait_until(lambda: len(smtp_inbox.messages) >= 13, timeout=30, what="the bookings' e-mails")
    time.sleep(3 * DRAIN_SECONDS)  # both workers sweep again: nothing is sent twice
    print(f"\nno broker: left-behind e-mails out {swept:.1f} s after the start, bookings' {handed:.1f} s after")

    expected = [message_id(n) for n in left_behind]
    expected += [message_id(n) for n in Notification.objects.filter(appointment_id__in=booked, recipient=people.owner)]
    sent = [message_from_bytes(message.content)["Message-ID"] for message in smtp_inbox.messages]
    assert sorted(sent) == sorted(expected)
    assert len(sent) == 13
    assert set(EmailDelivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.SENT, 1)}
