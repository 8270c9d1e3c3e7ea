"""API clients end to end: the token endpoint, secrets, rotation, revocation, limits, throttle, audit."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import check_password
from django.utils import timezone
from oauth2_provider.models import AccessToken, Application
from rest_framework.test import APIClient

from apps.accounts.tests.factories import AdminFactory, DoctorFactory, NurseFactory, PatientFactory
from apps.audit.models import AuditEvent
from apps.clients.models import ApiClient
from apps.clients.scopes import SCOPES
from apps.records.tests.factories import RecordEntryFactory

from .factories import TOKEN_URL, client_token, new_client, request_token

pytestmark = pytest.mark.django_db


def bearer(token: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


def signed_in(user) -> APIClient:
    from apps.accounts.services.sessions import session_start_for

    return bearer(session_start_for(user=user).access)


# --- the token endpoint (RFC 6749 section 4.4) ----------------------------------------------------


def test_the_token_endpoint_answers_a_bearer_token_with_every_scope_the_client_holds(settings):
    client, secret = new_client(scopes=["appointments:read", "patients:read"])
    response = request_token(client, secret)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == settings.OAUTH2_PROVIDER["ACCESS_TOKEN_EXPIRE_SECONDS"]
    assert set(body["scope"].split()) == {
        "appointments:read",
        "patients:read",
        # Their FHIR forms (apps/fhir/tests/test_smart.py).
        "system/Appointment.rs",
        "system/Encounter.rs",
        "system/Patient.rs",
    }
    assert response["Cache-Control"] == "no-store"


def test_a_client_may_ask_for_fewer_scopes_than_it_holds():
    client, secret = new_client(scopes=["appointments:read", "patients:read"])
    response = request_token(client, secret, scope="patients:read")
    assert response.json()["scope"] == "patients:read"
    assert bearer(response.json()["access_token"]).get("/api/v1/appointments/").status_code == 403


def test_a_client_asking_for_a_scope_it_does_not_hold_gets_invalid_scope():
    client, secret = new_client(scopes=["appointments:read"])
    response = request_token(client, secret, scope="appointments:read records:read")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"
    assert not AccessToken.objects.exists()


@pytest.mark.parametrize("secret", ["wrong-secret", ""])
def test_a_wrong_secret_gets_invalid_client(secret):
    client, _ = new_client(scopes=["appointments:read"])
    response = request_token(client, secret)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_an_unknown_client_gets_invalid_client():
    response = APIClient().post(
        TOKEN_URL,
        {"grant_type": "client_credentials", "client_id": "nobody", "client_secret": "x"},
        format="multipart",
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


@pytest.mark.parametrize("grant_type", ["password", "authorization_code", "refresh_token", "made-up"])
def test_every_grant_but_client_credentials_is_unsupported(grant_type):
    client, secret = new_client(scopes=["appointments:read"])
    response = request_token(client, secret, grant_type=grant_type)
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_a_token_request_without_a_grant_type_is_invalid():
    response = APIClient().post(TOKEN_URL, {}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


# --- secrets --------------------------------------------------------------------------------------


def test_the_secret_is_stored_hashed_and_shown_only_at_creation():
    admin = AdminFactory()
    response = signed_in(admin).post("/api/v1/api-clients/", {"name": "Lab", "scopes": ["records:read"]})
    assert response.status_code == 201
    secret = response.json()["client_secret"]
    stored = Application.objects.get(client_id=response.json()["client_id"]).client_secret
    assert secret not in stored
    assert check_password(secret, stored)
    detail = signed_in(admin).get(f"/api/v1/api-clients/{response.json()['id']}/").json()
    listed = signed_in(admin).get("/api/v1/api-clients/").json()["results"][0]
    assert "client_secret" not in detail
    assert "client_secret" not in listed


def test_rotation_ends_the_old_secret_and_its_tokens_at_once():
    admin = AdminFactory()
    client, old_secret = new_client(scopes=["appointments:read"], admin=admin)
    old_token = request_token(client, old_secret).json()["access_token"]
    response = signed_in(admin).post(f"/api/v1/api-clients/{client.pk}/rotate-secret/")
    assert response.status_code == 200
    new_secret = response.json()["client_secret"]
    assert request_token(client, old_secret).status_code == 401
    assert bearer(old_token).get("/api/v1/appointments/").status_code == 401
    new_token = request_token(client, new_secret).json()["access_token"]
    assert bearer(new_token).get("/api/v1/appointments/").status_code == 200


def test_revocation_ends_every_token_and_the_credentials_at_once():
    admin = AdminFactory()
    client, secret = new_client(scopes=["appointments:read"], admin=admin)
    token = request_token(client, secret).json()["access_token"]
    assert bearer(token).get("/api/v1/appointments/").status_code == 200
    response = signed_in(admin).post(f"/api/v1/api-clients/{client.pk}/revoke/")
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert bearer(token).get("/api/v1/appointments/").status_code == 401
    assert request_token(client, secret).status_code == 401
    # The client stays listed, so the audit log keeps naming it.
    assert ApiClient.objects.filter(pk=client.pk, application__isnull=True).exists()


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [("post", "revoke/", None), ("post", "rotate-secret/", None), ("patch", "", {"scopes": []})],
)
def test_a_revoked_client_cannot_be_changed(method, suffix, body):
    admin = AdminFactory()
    client, _ = new_client(scopes=["appointments:read"], admin=admin)
    signed_in(admin).post(f"/api/v1/api-clients/{client.pk}/revoke/")
    response = getattr(signed_in(admin), method)(f"/api/v1/api-clients/{client.pk}/{suffix}", body)
    assert response.status_code == 409
    assert response.json()["code"] == "client_revoked"


def test_an_expired_token_answers_401():
    _, token = client_token(scopes=["appointments:read"])
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert bearer(token).get("/api/v1/appointments/").status_code == 401


def test_a_scope_the_admin_takes_away_is_gone_from_existing_tokens_at_once():
    admin = AdminFactory()
    client, token = client_token(scopes=["appointments:read", "patients:read"], admin=admin)
    signed_in(admin).patch(f"/api/v1/api-clients/{client.pk}/", {"scopes": ["patients:read"]})
    assert bearer(token).get("/api/v1/appointments/").status_code == 403
    assert bearer(token).get("/api/v1/patients/").status_code == 200


@pytest.mark.parametrize("token", ["made-up-token-without-dots", "x" * 30, "épée"])
def test_an_unknown_token_answers_401(token):
    assert bearer(token).get("/api/v1/appointments/").status_code == 401


# --- the admin endpoints --------------------------------------------------------------------------


def test_an_admin_creates_a_client_limited_to_doctors_and_patients():
    admin, doctor, patient = AdminFactory(), DoctorFactory(), PatientFactory()
    response = signed_in(admin).post(
        "/api/v1/api-clients/",
        {"name": "Telehealth", "scopes": ["appointments:read"], "doctors": [doctor.pk], "patients": [patient.pk]},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["doctors"] == [{"id": doctor.pk, "name": doctor.full_name}]
    assert body["patients"] == [{"id": patient.pk, "name": patient.full_name}]
    assert body["last_used_at"] is None
    assert AuditEvent.objects.filter(action="api_client_created", actor=admin).count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Lab", "scopes": ["everything"]},
        {"name": "Lab", "scopes": "appointments:read"},
        {"name": "", "scopes": []},
        {"scopes": []},
        {"name": "Lab", "scopes": [], "doctors": ["x"]},
        {"name": "Lab", "scopes": [], "doctors": [2**70]},
    ],
)
def test_bad_input_creates_no_client(body):
    response = signed_in(AdminFactory()).post("/api/v1/api-clients/", body, format="json")
    assert response.status_code == 400
    assert not ApiClient.objects.exists()
    assert not Application.objects.exists()


def test_a_limit_must_name_a_person_of_that_role():
    nurse, patient = NurseFactory(), PatientFactory()
    response = signed_in(AdminFactory()).post(
        "/api/v1/api-clients/", {"name": "Lab", "scopes": [], "doctors": [patient.pk], "patients": [nurse.pk]}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_person"
    assert not ApiClient.objects.exists()


def test_the_list_shows_when_each_client_was_last_used():
    admin = AdminFactory()
    client, token = client_token(scopes=["appointments:read"], admin=admin)
    bearer(token).get("/api/v1/appointments/")
    listed = signed_in(admin).get("/api/v1/api-clients/").json()["results"]
    assert listed[0]["id"] == client.pk
    assert listed[0]["last_used_at"] is not None


def test_a_client_cannot_manage_clients():
    _, token = client_token(scopes=list(SCOPES))
    assert bearer(token).get("/api/v1/api-clients/").status_code == 403
    assert bearer(token).post("/api/v1/api-clients/", {"name": "Mine", "scopes": []}).status_code == 403


# --- audit ----------------------------------------------------------------------------------------


def test_every_audit_event_of_a_client_request_names_the_client():
    entry = RecordEntryFactory()
    client, token = client_token(scopes=["records:read"], name="Hospital lab")
    assert bearer(token).get(f"/api/v1/records/{entry.pk}/").status_code == 200
    assert bearer(token).get("/api/v1/records/").status_code == 200
    events = list(AuditEvent.objects.filter(patient=entry.patient))
    assert len(events) == 2
    assert all(event.client_id == client.pk and event.actor_id is None for event in events)
    assert {event.actor_role for event in events} == {"api_client"}
    log = signed_in(AdminFactory()).get(f"/api/v1/audit-events/?client={client.pk}").json()["results"]
    assert {row["client_name"] for row in log} == {"Hospital lab"}
    access_log = signed_in(entry.patient).get("/api/v1/me/access-log/").json()["results"]
    assert {row["actor_name"] for row in access_log} == {"Hospital lab"}


# --- the per-client throttle ----------------------------------------------------------------------


def test_each_client_has_its_own_rate_with_ratelimit_headers(settings):
    settings.API_CLIENT_RATE = "3/min"
    _, token = client_token(scopes=["appointments:read"])
    _, other_token = client_token(scopes=["appointments:read"], name="Other")
    remaining = []
    for _ in range(3):
        response = bearer(token).get("/api/v1/appointments/")
        assert response.status_code == 200
        assert response["RateLimit-Limit"] == "3"
        assert 0 < int(response["RateLimit-Reset"]) <= 60
        remaining.append(response["RateLimit-Remaining"])
    assert remaining == ["2", "1", "0"]
    refused = bearer(token).get("/api/v1/appointments/")
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused["RateLimit-Remaining"] == "0"
    # Another client counts apart.
    assert bearer(other_token).get("/api/v1/appointments/").status_code == 200


def test_the_throttle_lets_requests_through_again_after_its_window(settings):
    settings.API_CLIENT_RATE = "1/min"
    _, token = client_token(scopes=["appointments:read"])
    assert bearer(token).get("/api/v1/appointments/").status_code == 200
    assert bearer(token).get("/api/v1/appointments/").status_code == 429
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        assert bearer(token).get("/api/v1/appointments/").status_code == 200


def test_users_requests_carry_no_client_rate_headers(settings):
    settings.API_CLIENT_RATE = "1/min"
    nurse = NurseFactory()
    for _ in range(3):
        response = signed_in(nurse).get("/api/v1/appointments/")
        assert response.status_code == 200
        assert "RateLimit-Limit" not in response


def test_access_tokens_are_stored_only_as_their_checksum():
    import hashlib

    _, token = client_token(scopes=["appointments:read"])
    stored = AccessToken.objects.get()
    assert token not in stored.token
    assert stored.token_checksum == hashlib.sha256(token.encode()).hexdigest()
