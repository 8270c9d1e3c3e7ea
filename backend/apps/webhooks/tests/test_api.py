"""The webhook API: a client manages its own endpoints, admins all; the delivery log, replay, re-enable."""

import pytest
from rest_framework.test import APIClient
from standardwebhooks import Webhook

from apps.accounts.tests.factories import AdminFactory, DoctorFactory, PatientFactory
from apps.audit.models import AuditEvent
from apps.clients.tests.factories import client_token
from apps.scheduling.services import appointment_book
from apps.scheduling.tests.factories import days_ahead, local, open_every_day
from apps.webhooks.models import WebhookDelivery, WebhookEndpoint

from .factories import new_endpoint

pytestmark = pytest.mark.django_db
ENDPOINTS = "/api/v1/webhooks/endpoints/"
NEW = {"url": "https://receiver.example/hooks", "event_types": ["appointment.booked"]}


def as_client(*scopes: str, **limits):
    client, token = client_token(scopes=list(scopes), **limits)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client, api


def as_admin(admin=None):
    api = APIClient()
    api.force_authenticate(admin or AdminFactory())
    return api


def test_a_client_creates_its_own_endpoint_and_sees_the_secret_only_then():
    client, api = as_client("webhooks:manage", "appointments:read")
    response = api.post(ENDPOINTS, NEW, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["secret"].startswith("whsec_")
    assert (body["client"], body["client_name"], body["enabled"]) == (client.pk, client.name, True)
    shown = api.get(f"{ENDPOINTS}{body['id']}/").json()
    assert "secret" not in shown
    assert WebhookEndpoint.objects.get().client == client
    event = AuditEvent.objects.get(action="webhook_endpoint.create")
    assert (event.client_id, event.actor_id) == (client.pk, None)


def test_a_client_sees_and_changes_only_its_own_endpoints():
    _, api = as_client("webhooks:manage", "appointments:read")
    _, other = as_client("webhooks:manage", "appointments:read")
    mine = api.post(ENDPOINTS, NEW, format="json").json()["id"]
    theirs = other.post(ENDPOINTS, NEW, format="json").json()["id"]
    admins, _ = new_endpoint(url="https://admins.example/hooks")
    assert [row["id"] for row in api.get(ENDPOINTS).json()["results"]] == [mine]
    assert api.get(f"{ENDPOINTS}{theirs}/").status_code == 404
    assert api.patch(f"{ENDPOINTS}{admins.pk}/", {"description": "x"}, format="json").status_code == 404
    assert api.delete(f"{ENDPOINTS}{theirs}/").status_code == 404
    assert api.patch(f"{ENDPOINTS}{mine}/", {"description": "Lab feed"}, format="json").json()["description"] == (
        "Lab feed"
    )
    # Admins manage every endpoint.
    assert {row["id"] for row in as_admin().get(ENDPOINTS).json()["results"]} == {mine, theirs, admins.pk}


def test_a_client_may_not_subscribe_to_events_it_could_not_read():
    _, api = as_client("webhooks:manage", "appointments:read")
    response = api.post(ENDPOINTS, {**NEW, "event_types": ["record.created"]}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "event_type_not_allowed"


def test_a_client_without_the_scope_is_refused():
    _, api = as_client("appointments:read")
    assert api.get(ENDPOINTS).status_code == 403
    assert api.post(ENDPOINTS, NEW, format="json").status_code == 403


def test_people_other_than_admins_are_refused():
    api = APIClient()
    api.force_authenticate(DoctorFactory())
    assert api.get(ENDPOINTS).status_code == 403


def test_an_endpoint_must_use_https(settings):
    settings.WEBHOOK_ALLOW_HTTP_LOOPBACK = False
    response = as_admin().post(ENDPOINTS, {**NEW, "url": "http://127.0.0.1:8000/hooks"}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "insecure_url")
    settings.WEBHOOK_ALLOW_HTTP_LOOPBACK = True
    assert as_admin().post(ENDPOINTS, {**NEW, "url": "http://127.0.0.1:8000/hooks"}, format="json").status_code == 201
    response = as_admin().post(ENDPOINTS, {**NEW, "url": "http://receiver.example/hooks"}, format="json")
    assert response.status_code == 400


def test_an_unknown_event_type_is_refused():
    response = as_admin().post(ENDPOINTS, {**NEW, "event_types": ["appointment.lost"]}, format="json")
    assert response.status_code == 400


def test_a_retried_create_with_the_same_idempotency_key_makes_one_endpoint_for_a_client_too():
    _, api = as_client("webhooks:manage", "appointments:read")
    first = api.post(ENDPOINTS, NEW, format="json", HTTP_IDEMPOTENCY_KEY="create-1")
    again = api.post(ENDPOINTS, NEW, format="json", HTTP_IDEMPOTENCY_KEY="create-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert WebhookEndpoint.objects.count() == 1
    other = api.post(ENDPOINTS, {**NEW, "description": "x"}, format="json", HTTP_IDEMPOTENCY_KEY="create-1")
    assert (other.status_code, other.json()["code"]) == (409, "idempotency_key_reused")


def test_the_event_types_name_the_scope_each_needs():
    rows = as_admin().get("/api/v1/webhooks/event-types/").json()
    assert {"type": "report.uploaded", "description": "A report was uploaded", "scope": "reports:read"} in rows
    assert len(rows) == 11


def test_the_log_shows_a_failed_delivery_which_is_replayed_disabled_and_enabled_again(
    receiver, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 2
    admin = AdminFactory()
    api = as_admin(admin)
    doctor, patient = DoctorFactory(), PatientFactory()
    open_every_day(doctor)
    receiver.statuses = [500, 200]
    endpoint = api.post(ENDPOINTS, {**NEW, "url": receiver.url}, format="json").json()
    with django_capture_on_commit_callbacks(execute=True):
        appointment_book(actor=patient, patient=patient, doctor=doctor, start=local(days_ahead(6), "10:00"))

    log = api.get(f"{ENDPOINTS}{endpoint['id']}/deliveries/").json()["results"]
    assert len(log) == 1
    row = log[0]
    assert (row["status"], row["attempts"], row["last_error"], row["last_status_code"]) == (
        "pending",
        1,
        "HTTP 500",
        500,
    )
    assert row["event_type"] == "appointment.booked"
    assert set(row["payload"]) == {"type", "timestamp", "data"}
    assert row["next_attempt_at"] is not None

    with django_capture_on_commit_callbacks(execute=True):
        replay = api.post(f"/api/v1/webhooks/deliveries/{row['id']}/replay/")
    assert replay.status_code == 201, replay.content
    assert (replay.json()["status"], replay.json()["replay_of"]) == ("pending", row["id"])
    assert WebhookDelivery.objects.get(pk=replay.json()["id"]).status == "succeeded"
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == row["event_id"]
    assert Webhook(endpoint["secret"]).verify(second.body, second.headers)["data"] == row["payload"]["data"]

    WebhookEndpoint.objects.filter(pk=endpoint["id"]).update(enabled=False, disabled_at="2026-01-01T00:00:00Z")
    refused = api.post(f"/api/v1/webhooks/deliveries/{row['id']}/replay/")
    assert (refused.status_code, refused.json()["code"]) == (409, "endpoint_disabled")
    enabled = api.post(f"{ENDPOINTS}{endpoint['id']}/enable/").json()
    assert (enabled["enabled"], enabled["consecutive_failures"], enabled["disabled_at"]) == (True, 0, None)


def test_a_client_reads_the_log_of_its_own_endpoint_only(receiver, django_capture_on_commit_callbacks):
    doctor, patient = DoctorFactory(), PatientFactory()
    open_every_day(doctor)
    _, api = as_client("webhooks:manage", "appointments:read")
    _, other = as_client("webhooks:manage", "appointments:read")
    mine = api.post(ENDPOINTS, {**NEW, "url": receiver.url}, format="json").json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        appointment_book(actor=patient, patient=patient, doctor=doctor, start=local(days_ahead(6), "10:00"))
    rows = api.get(f"{ENDPOINTS}{mine}/deliveries/").json()["results"]
    assert [row["status"] for row in rows] == ["succeeded"]
    assert other.get(f"{ENDPOINTS}{mine}/deliveries/").status_code == 404
    assert other.post(f"/api/v1/webhooks/deliveries/{rows[0]['id']}/replay/").status_code == 404
