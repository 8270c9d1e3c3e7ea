"""API clients on FHIR: SMART v2 system scopes, asked for at the token endpoint, opened by the client's scopes."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from apps.clients.services import api_client_update
from apps.clients.tests.factories import new_client, request_token
from apps.records.models import RecordEntry
from apps.scheduling.tests.factories import AppointmentFactory, local

from .conftest import validate

pytestmark = pytest.mark.django_db


def _token(client, secret, scope: str | None = None) -> dict:
    response = request_token(client, secret, **({"scope": scope} if scope else {}))
    assert response.status_code == 200, response.content
    return response.json()


def _get(token: str, path: str):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api.get(path)


def test_a_token_asked_for_without_scope_holds_the_smart_forms_of_the_clients_scopes(people):
    client, secret = new_client(scopes=["patients:read"], admin=people.admin)
    scopes = set(_token(client, secret)["scope"].split())
    assert scopes == {"patients:read", "system/Patient.rs"}


def test_a_client_may_ask_for_a_smart_scope_its_client_scopes_open_and_no_other(people):
    client, secret = new_client(scopes=["patients:read"], admin=people.admin)
    assert _token(client, secret, "system/Patient.rs")["scope"] == "system/Patient.rs"
    refused = request_token(client, secret, scope="system/Condition.rs")
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid_scope"


def test_read_and_search_are_granted_apart(people):
    client, secret = new_client(scopes=["patients:read"], admin=people.admin)
    reader = _token(client, secret, "system/Patient.r")["access_token"]
    searcher = _token(client, secret, "system/Patient.s")["access_token"]
    read_path, search_path = f"/fhir/R4/Patient/{people.owner.pk}", "/fhir/R4/Patient"
    assert _get(reader, read_path).status_code == 200
    refused = _get(reader, search_path)
    assert refused.status_code == 403
    assert validate(refused.json())["resourceType"] == "OperationOutcome"
    assert "system/Patient.rs" in refused.json()["issue"][0]["diagnostics"]
    assert _get(searcher, search_path).status_code == 200
    assert _get(searcher, read_path).status_code == 403


def test_a_token_with_only_rest_scopes_is_refused_by_fhir(people):
    client, secret = new_client(scopes=["patients:read"], admin=people.admin)
    token = _token(client, secret, "patients:read")["access_token"]
    assert _get(token, "/api/v1/patients/").status_code == 200
    assert _get(token, "/fhir/R4/Patient").status_code == 403


def test_taking_the_client_scope_away_closes_its_smart_scopes_at_once(people):
    client, secret = new_client(scopes=["patients:read", "appointments:read"], admin=people.admin)
    token = _token(client, secret)["access_token"]
    assert _get(token, "/fhir/R4/Patient").status_code == 200
    api_client_update(client=client, actor=people.admin, scopes=["appointments:read"])
    assert _get(token, "/fhir/R4/Patient").status_code == 403
    assert _get(token, "/fhir/R4/Appointment").status_code == 200


def test_everything_holds_only_the_kinds_the_token_names_and_no_reason_without_records(people):
    AppointmentFactory(
        patient=people.owner, doctor=people.doctor, start=local(date(2026, 3, 16), "10:00"), reason="Sore ear"
    )
    RecordEntry.objects.create(
        patient=people.owner, author=people.doctor, entry_date=date(2026, 3, 1), diagnosis="Otitis media"
    )
    client, secret = new_client(scopes=["patients:read", "appointments:read"], admin=people.admin)
    token = _token(client, secret)["access_token"]
    response = _get(token, f"/fhir/R4/Patient/{people.owner.pk}/$everything")
    assert response.status_code == 200, response.content
    body = validate(response.json())
    kinds = sorted(entry["resource"]["resourceType"] for entry in body["entry"])
    assert kinds == ["Appointment", "Patient"]
    assert b"Sore ear" not in response.content

    client, secret = new_client(scopes=["patients:read", "appointments:read", "records:read"], admin=people.admin)
    token = _token(client, secret)["access_token"]
    response = _get(token, f"/fhir/R4/Patient/{people.owner.pk}/$everything")
    kinds = sorted(entry["resource"]["resourceType"] for entry in validate(response.json())["entry"])
    assert kinds == ["Appointment", "Condition", "Patient"]
    assert b"Sore ear" in response.content


def test_everything_needs_the_patient_scope(people):
    client, secret = new_client(scopes=["records:read"], admin=people.admin)
    token = _token(client, secret)["access_token"]
    assert _get(token, f"/fhir/R4/Patient/{people.owner.pk}/$everything").status_code == 403


def test_smart_discovery_names_the_token_endpoint_and_the_scopes(client_for):
    response = client_for(None).get("/fhir/R4/.well-known/smart-configuration")
    assert response.status_code == 200
    body = response.json()
    assert body["token_endpoint"] == "http://testserver/api/v1/oauth/token/"
    assert body["grant_types_supported"] == ["client_credentials"]
    assert "system/Patient.rs" in body["scopes_supported"]
    assert not [scope for scope in body["scopes_supported"] if not scope.startswith("system/")]
    metadata = client_for(None).get("/fhir/R4/metadata").json()
    assert metadata["rest"][0]["security"]["service"][0]["coding"][0]["code"] == "SMART-on-FHIR"
