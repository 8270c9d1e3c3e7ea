"""Events written with their change, delivered signed to a real receiver, retried, and scoped."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from standardwebhooks import Webhook

from apps.accounts.tests.factories import AdminFactory, DoctorFactory, PatientFactory
from apps.audit.models import AuditEvent
from apps.clients.tests.factories import new_client
from apps.notifications.models import Kind, Notification
from apps.scheduling.services import appointment_book
from apps.scheduling.tests.factories import days_ahead, local, open_every_day
from apps.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from apps.webhooks.services import webhook_deliveries_sweep
from apps.webhooks.services.delivery import retry_delay
from apps.webhooks.services.events import client_principal

from .factories import new_endpoint


@pytest.fixture
def start():
    """The moment the clock is held at: now, to the second (bookings are made days ahead of it)."""
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def clinic(db):
    doctor, other_doctor, patient = DoctorFactory(), DoctorFactory(), PatientFactory()
    open_every_day(doctor)
    open_every_day(other_doctor)
    return doctor, other_doctor, patient


def book(patient, doctor, hour="10:00", day=6):
    return appointment_book(actor=patient, patient=patient, doctor=doctor, start=local(days_ahead(day), hour))


def test_a_booking_delivers_an_event_the_reference_library_verifies(
    clinic, receiver, django_capture_on_commit_callbacks
):
    doctor, _, patient = clinic
    _, secret = new_endpoint(url=receiver.url, event_types=["appointment.booked"])
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book(patient, doctor)

    assert len(receiver.received) == 1
    arrived = receiver.received[0]
    payload = Webhook(secret).verify(arrived.body, arrived.headers)
    assert payload["type"] == "appointment.booked"
    assert payload["data"] == {"id": appointment.pk}
    assert set(payload) == {"type", "timestamp", "data"}
    assert arrived.headers["webhook-id"].startswith("msg_")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.SUCCEEDED, 1, 200)


def test_a_signature_made_with_another_secret_is_refused_by_the_reference_library(
    clinic, receiver, django_capture_on_commit_callbacks
):
    from standardwebhooks.webhooks import WebhookVerificationError

    doctor, _, patient = clinic
    new_endpoint(url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        book(patient, doctor)
    _, other_secret = new_endpoint(url="https://elsewhere.example/hooks")
    arrived = receiver.received[0]
    with pytest.raises(WebhookVerificationError):
        Webhook(other_secret).verify(arrived.body, arrived.headers)


def test_an_endpoint_receives_only_the_event_types_it_subscribed_to(
    clinic, receiver, django_capture_on_commit_callbacks
):
    doctor, _, patient = clinic
    new_endpoint(url=receiver.url, event_types=["appointment.cancelled"])
    with django_capture_on_commit_callbacks(execute=True):
        book(patient, doctor)
    assert receiver.received == []
    assert not WebhookDelivery.objects.exists()


def test_the_request_writes_rows_only_and_the_sweep_sends_what_a_lost_hand_over_left(clinic, receiver):
    doctor, _, patient = clinic
    _, secret = new_endpoint(url=receiver.url)
    # No commit callbacks run: as if the process died before handing the event over.
    book(patient, doctor)
    event = WebhookEvent.objects.get()
    assert event.fanned_out_at is None
    assert receiver.received == []

    assert webhook_deliveries_sweep() == 1
    assert Webhook(secret).verify(receiver.received[0].body, receiver.received[0].headers)["type"] == event.type
    # A second sweep sends nothing again.
    assert webhook_deliveries_sweep() == 0
    assert len(receiver.received) == 1


def test_nothing_is_written_while_no_endpoint_is_enabled(clinic):
    doctor, _, patient = clinic
    book(patient, doctor)
    assert not WebhookEvent.objects.exists()


def test_a_failing_receiver_is_retried_with_exponential_back_off_until_it_answers(
    start, clinic, receiver, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_RETRY_FIRST_SECONDS = 60
    doctor, _, patient = clinic
    receiver.statuses = [500, 503, 200]
    new_endpoint(url=receiver.url)
    with time_machine.travel(start, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            book(patient, doctor)
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.last_error) == ("pending", 1, "HTTP 500")
        assert delivery.next_attempt_at == start + timedelta(seconds=60)

        clock.shift(timedelta(seconds=59))
        assert webhook_deliveries_sweep() == 0
        assert len(receiver.received) == 1

        clock.shift(timedelta(seconds=1))
        assert webhook_deliveries_sweep() == 0
        delivery.refresh_from_db()
        assert (delivery.attempts, delivery.last_error, delivery.last_status_code) == (2, "HTTP 503", 503)
        assert delivery.next_attempt_at == start + timedelta(seconds=60 + 120)
        assert WebhookEndpoint.objects.get().consecutive_failures == 2

        clock.shift(timedelta(seconds=120))
        assert webhook_deliveries_sweep() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("succeeded", 3, "")
    assert WebhookEndpoint.objects.get().consecutive_failures == 0
    # Every attempt is the same message, signed at the time it was sent.
    assert len({arrived.headers["webhook-id"] for arrived in receiver.received}) == 1
    assert len({arrived.body for arrived in receiver.received}) == 1
    stamps = [int(arrived.headers["webhook-timestamp"]) for arrived in receiver.received]
    assert stamps == [int(start.timestamp()), int(start.timestamp()) + 60, int(start.timestamp()) + 180]


def test_the_default_schedule_retries_for_about_a_day(settings):
    delays = [retry_delay(attempt) for attempt in range(1, settings.WEBHOOK_MAX_ATTEMPTS)]
    assert delays[0] == timedelta(minutes=1)
    assert delays[1] == timedelta(minutes=2)
    assert timedelta(hours=20) < sum(delays, timedelta()) < timedelta(hours=30)


def test_a_delivery_fails_for_good_after_the_last_attempt(
    start, clinic, receiver, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    doctor, _, patient = clinic
    receiver.statuses = [500]
    new_endpoint(url=receiver.url)
    with time_machine.travel(start, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            book(patient, doctor)
        for _ in range(5):
            clock.shift(timedelta(days=1))
            webhook_deliveries_sweep()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert len(receiver.received) == 3


def test_a_receiver_that_does_not_answer_in_time_counts_as_a_failure(
    clinic, receiver, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    receiver.delay_seconds = 2
    doctor, _, patient = clinic
    new_endpoint(url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        book(patient, doctor)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_error, delivery.last_status_code) == ("pending", "Timed out", None)


def test_a_receiver_that_is_not_listening_counts_as_a_failure(clinic, django_capture_on_commit_callbacks):
    import socket

    doctor, _, patient = clinic
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    new_endpoint(url=f"http://127.0.0.1:{port}/hooks")
    with django_capture_on_commit_callbacks(execute=True):
        book(patient, doctor)
    assert WebhookDelivery.objects.get().last_error == "Connection refused"


def test_an_admin_endpoint_that_keeps_failing_is_disabled_and_the_admins_told(
    start, clinic, receiver, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 2
    doctor, _, patient = clinic
    admin = AdminFactory()
    receiver.statuses = [500]
    endpoint, _ = new_endpoint(url=receiver.url, owner=admin)
    with time_machine.travel(start, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            book(patient, doctor)
        assert WebhookEndpoint.objects.get().enabled
        clock.shift(timedelta(hours=1))
        webhook_deliveries_sweep()
        endpoint.refresh_from_db()
        assert (endpoint.enabled, endpoint.consecutive_failures) == (False, 2)
        assert endpoint.disabled_at == start + timedelta(hours=1)
        # Disabled: the next due attempt is not made, and nothing new is fanned out to it.
        clock.shift(timedelta(hours=1))
        webhook_deliveries_sweep()
    assert len(receiver.received) == 2
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED
    notice = Notification.objects.get(kind=Kind.WEBHOOK_DISABLED)
    assert notice.recipient == admin
    assert AuditEvent.objects.filter(action="webhook_endpoint.disabled", resource_id=str(endpoint.pk)).exists()
    with django_capture_on_commit_callbacks(execute=True):
        book(patient, doctor, hour="11:00")
    assert len(receiver.received) == 2


def test_a_client_endpoint_that_keeps_failing_is_disabled_with_an_audit_event_naming_the_client(
    clinic, receiver, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 1
    doctor, _, patient = clinic
    client, _ = new_client(scopes=["appointments:read", "webhooks:manage"])
    receiver.statuses = [500]
    endpoint, _ = new_endpoint(url=receiver.url, owner=client_principal(client), event_types=["appointment.booked"])
    with django_capture_on_commit_callbacks(execute=True):
        book(patient, doctor)
    endpoint.refresh_from_db()
    assert not endpoint.enabled
    event = AuditEvent.objects.get(action="webhook_endpoint.disabled")
    assert (event.client_id, event.actor_id, event.actor_role) == (client.pk, None, "api_client")
    assert not Notification.objects.filter(kind=Kind.WEBHOOK_DISABLED).exists()


def test_a_client_limited_to_one_doctor_gets_no_event_about_another_doctor(
    clinic, receiver, django_capture_on_commit_callbacks
):
    doctor, other_doctor, patient = clinic
    client, _ = new_client(scopes=["appointments:read", "webhooks:manage"], doctors=[doctor])
    new_endpoint(url=receiver.url, owner=client_principal(client), event_types=["appointment.booked"])
    with django_capture_on_commit_callbacks(execute=True):
        other = book(patient, other_doctor, hour="10:00")
    assert receiver.received == []
    with django_capture_on_commit_callbacks(execute=True):
        mine = book(patient, doctor, hour="14:00")
    assert [json.loads(arrived.body)["data"]["id"] for arrived in receiver.received] == [mine.pk]
    assert other.pk != mine.pk


def test_a_client_that_lost_the_read_scope_or_was_revoked_gets_no_event(
    clinic, receiver, django_capture_on_commit_callbacks
):
    from apps.clients.services import api_client_revoke, api_client_update

    doctor, _, patient = clinic
    admin = AdminFactory()
    client, _ = new_client(scopes=["appointments:read", "webhooks:manage"], admin=admin)
    new_endpoint(url=receiver.url, owner=client_principal(client), event_types=["appointment.booked"])
    api_client_update(client=client, actor=admin, scopes=["webhooks:manage"])
    with django_capture_on_commit_callbacks(execute=True):
        book(patient, doctor, hour="10:00")
    assert receiver.received == []
    api_client_update(client=client, actor=admin, scopes=["appointments:read", "webhooks:manage"])
    api_client_revoke(client=client, actor=admin)
    with django_capture_on_commit_callbacks(execute=True):
        book(patient, doctor, hour="11:00")
    assert receiver.received == []


@pytest.mark.django_db(transaction=True)
def test_a_slow_receiver_never_holds_up_the_request_that_caused_the_event(clinic, receiver, settings):
    import time

    # As in production: the hand-over runs on a thread of the process, after the commit.
    settings.OUTBOX_HANDOFF_THREAD = True
    # The pool's sweep thread, started with it, stays asleep past the end of the suite.
    settings.WEBHOOK_SWEEP_SECONDS = 24 * 3600
    receiver.delay_seconds = 2
    doctor, _, patient = clinic
    _, secret = new_endpoint(url=receiver.url)
    began = time.monotonic()
    book(patient, doctor)
    assert time.monotonic() - began < receiver.delay_seconds
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and WebhookDelivery.objects.filter(status="succeeded").count() == 0:
        time.sleep(0.1)
    assert WebhookDelivery.objects.get().status == DeliveryStatus.SUCCEEDED
    assert (
        Webhook(secret).verify(receiver.received[0].body, receiver.received[0].headers)["type"] == "appointment.booked"
    )
