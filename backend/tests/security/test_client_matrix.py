"""The authorization matrix of API clients: every operation of the schema for a client holding each single
scope (and none), and for clients limited to people inside and outside the owner's circle.

A client may use only the operations below, each with its one scope (a write scope includes the read
scope of its resource, `apps.clients.scopes.IMPLIED`); every other operation answers 403 whatever the
client holds (SPEC section 2: a client reads and writes what its scopes name and never acts as a
person). With the scope, an object outside the client's doctor or patient limits answers 404, and a
list leaves it out; a booking for a patient outside them answers 400, as for people (the patient is
named in the body: "no patient with this id"). `authz_matrix.MATRIX` has a row per operation of the schema
(test_authz_matrix.py holds it so): the cells below are its rows.
"""

import pytest

from apps.clients.scopes import SCOPES, with_implied
from apps.clients.tests.factories import client_token

from .authz_matrix import MATRIX, url_for
from .conftest import CLINICAL_MARKER, OWNER_MARKER

READ = 200
# (method, path) -> (the scope it needs, None for none; status with it; status when the owner is outside the limits)
CLIENT_CAN: dict[tuple[str, str], tuple[str | None, int, int]] = {
    ("GET", "/api/v1/health/"): (None, READ, READ),
    ("GET", "/api/v1/clinic/"): (None, READ, READ),
    # The directory and free slots are the clinic's, not anyone's data: limits do not narrow them.
    ("GET", "/api/v1/doctors/"): ("doctors:read", READ, READ),
    ("GET", "/api/v1/doctors/{doctor_id}/"): ("doctors:read", READ, READ),
    ("GET", "/api/v1/doctors/{doctor_id}/availability/"): ("doctors:read", READ, READ),
    ("GET", "/api/v1/doctors/{doctor_id}/slots/"): ("doctors:read", READ, READ),
    ("GET", "/api/v1/slots/next/"): ("doctors:read", READ, READ),
    ("GET", "/api/v1/patients/"): ("patients:read", READ, READ),
    ("GET", "/api/v1/patients/{patient_id}/"): ("patients:read", READ, 404),
    ("GET", "/api/v1/appointments/"): ("appointments:read", READ, READ),
    ("GET", "/api/v1/appointments/{appointment_id}/"): ("appointments:read", READ, 404),
    # Writes: the people's endpoints and rules; the rows name the client (test_client_writes.py).
    ("POST", "/api/v1/appointments/"): ("appointments:write", 201, 400),
    ("PATCH", "/api/v1/appointments/{appointment_id}/"): ("appointments:write", READ, 404),
    ("POST", "/api/v1/appointments/{appointment_id}/cancel/"): ("appointments:write", READ, 404),
    ("GET", "/api/v1/records/"): ("records:read", READ, READ),
    ("GET", "/api/v1/records/{record_id}/"): ("records:read", READ, 404),
    ("GET", "/api/v1/records/{record_id}/revisions/"): ("records:read", READ, 404),
    ("POST", "/api/v1/records/"): ("records:write", 201, 404),
    ("PATCH", "/api/v1/records/{record_id}/"): ("records:write", READ, 404),
    ("GET", "/api/v1/medications/"): ("records:read", READ, READ),
    ("GET", "/api/v1/medications/{medication_id}/"): ("records:read", READ, 404),
    ("GET", "/api/v1/patients/{patient_id}/timeline/"): ("records:read", READ, 404),
    ("GET", "/api/v1/reports/"): ("reports:read", READ, READ),
    ("GET", "/api/v1/reports/{report_id}/"): ("reports:read", READ, 404),
    ("GET", "/api/v1/reports/{report_id}/file/"): ("reports:read", READ, 404),
    # FHIR: each client scope opens its resource types as SMART v2 system scopes (`system/Patient.rs`),
    # which a token asked for without `scope` holds; the same limits apply.
    ("GET", "/fhir/R4/Patient"): ("patients:read", READ, READ),
    ("GET", "/fhir/R4/Patient/{patient_id}"): ("patients:read", READ, 404),
    ("GET", "/fhir/R4/Patient/{patient_id}/$everything"): ("patients:read", READ, 404),
    ("GET", "/fhir/R4/Practitioner"): ("doctors:read", READ, READ),
    ("GET", "/fhir/R4/Practitioner/{doctor_id}"): ("doctors:read", READ, READ),
    ("GET", "/fhir/R4/PractitionerRole"): ("doctors:read", READ, READ),
    ("GET", "/fhir/R4/PractitionerRole/{doctor_id}"): ("doctors:read", READ, READ),
    ("GET", "/fhir/R4/Schedule"): ("doctors:read", READ, READ),
    ("GET", "/fhir/R4/Schedule/{doctor_id}"): ("doctors:read", READ, READ),
    ("GET", "/fhir/R4/Slot"): ("doctors:read", READ, READ),
    ("GET", "/fhir/R4/Slot/{slot_id}"): ("doctors:read", READ, READ),
    ("GET", "/fhir/R4/Appointment"): ("appointments:read", READ, READ),
    ("GET", "/fhir/R4/Appointment/{appointment_id}"): ("appointments:read", READ, 404),
    ("GET", "/fhir/R4/Encounter"): ("appointments:read", READ, READ),
    ("GET", "/fhir/R4/Encounter/{encounter_id}"): ("appointments:read", READ, 404),
    ("GET", "/fhir/R4/Condition"): ("records:read", READ, READ),
    ("GET", "/fhir/R4/Condition/{record_id}"): ("records:read", READ, 404),
    ("GET", "/fhir/R4/MedicationStatement"): ("records:read", READ, READ),
    ("GET", "/fhir/R4/MedicationStatement/{medication_id}"): ("records:read", READ, 404),
    ("GET", "/fhir/R4/DocumentReference"): ("reports:read", READ, READ),
    ("GET", "/fhir/R4/DocumentReference/{report_id}"): ("reports:read", READ, 404),
    ("GET", "/fhir/R4/Binary/{report_id}"): ("reports:read", READ, 404),
    # Webhooks: a client manages only its own endpoints, so the world's (the admins') is not found.
    # Each event type also needs its read scope: with webhooks:manage alone none may be subscribed
    # to (400 event_type_not_allowed; apps/webhooks/tests/test_api.py creates with both scopes).
    ("GET", "/api/v1/webhooks/event-types/"): ("webhooks:manage", READ, READ),
    ("GET", "/api/v1/webhooks/endpoints/"): ("webhooks:manage", READ, READ),
    ("POST", "/api/v1/webhooks/endpoints/"): ("webhooks:manage", 400, 400),
    ("GET", "/api/v1/webhooks/endpoints/{endpoint_id}/"): ("webhooks:manage", 404, 404),
    ("PATCH", "/api/v1/webhooks/endpoints/{endpoint_id}/"): ("webhooks:manage", 404, 404),
    ("DELETE", "/api/v1/webhooks/endpoints/{endpoint_id}/"): ("webhooks:manage", 404, 404),
    ("POST", "/api/v1/webhooks/endpoints/{endpoint_id}/enable/"): ("webhooks:manage", 404, 404),
    ("GET", "/api/v1/webhooks/endpoints/{endpoint_id}/deliveries/"): ("webhooks:manage", 404, 404),
    ("POST", "/api/v1/webhooks/deliveries/{delivery_id}/replay/"): ("webhooks:manage", 404, 404),
}
# Sign-in, registration, password reset and calendar feeds (the token is in the URL) read no
# credentials: a client there is anyone, as anonymous is.
IGNORES_CREDENTIALS = {
    ("POST", "/api/v1/auth/register/"),
    ("POST", "/api/v1/auth/password-reset/"),
    ("POST", "/api/v1/auth/password-reset/confirm/"),
    ("GET", "/api/v1/calendar-feeds/{token}.ics"),
    # FHIR's CapabilityStatement and SMART discovery are public.
    ("GET", "/fhir/R4/metadata"),
    ("GET", "/fhir/R4/.well-known/smart-configuration"),
    ("POST", "/api/v1/auth/token/"),
    ("POST", "/api/v1/auth/token/refresh/"),
    ("POST", "/api/v1/auth/token/mfa/"),
    ("POST", "/api/v1/auth/token/mfa/enrol/"),
}
# Only these scopes show clinical text (appointment reasons and notes, records, medications, reports).
CLINICAL_SCOPES = {"records:read", "records:write", "reports:read"}

SCOPE_CASES = [None, *SCOPES]
CELLS = [(key, scope) for key in MATRIX for scope in SCOPE_CASES]
# Whom the client is limited to, and whether the owner's objects are then inside its limits.
LIMITS = {"doctor": True, "owner": True, "other_doctor": False, "other_patient": False}
LIMITED_CELLS = [(key, limit) for key in CLIENT_CAN for limit in LIMITS]


def expected_status(key: tuple[str, str], scope: str | None) -> int:
    if key in IGNORES_CREDENTIALS:
        return MATRIX[key].expected["anonymous"]
    if key not in CLIENT_CAN:
        return 403
    needed, status, _ = CLIENT_CAN[key]
    return status if needed is None or needed in with_implied([scope] if scope else []) else 403


def call(world, key, token: str):
    from rest_framework.test import APIClient

    method, path = key
    row = MATRIX[key]
    url = url_for(world, path, row)
    if row.query:
        url += "?" + "&".join(f"{name}={value}" for name, value in row.query(world).items())
    body = row.body(world, None) if row.body else None
    kwargs = {} if body is None else {"data": body, "format": "multipart" if row.multipart else "json"}
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = getattr(api, method.lower())(url, **kwargs)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


def test_every_operation_a_client_may_use_is_an_operation_of_the_matrix():
    assert not set(CLIENT_CAN) - set(MATRIX)


def test_every_scope_a_client_operation_needs_is_a_scope():
    assert {needed for needed, _, _ in CLIENT_CAN.values()} - {None} <= set(SCOPES)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "scope"), CELLS, ids=[f"{m} {p} with {s or 'no scope'}" for (m, p), s in CELLS])
def test_a_client_with_one_scope_gets_the_expected_status(world, key, scope):
    _, token = client_token(scopes=[scope] if scope else [], admin=world.admin)
    response, content = call(world, key, token)
    assert response.status_code == expected_status(key, scope), content[:500]
    if scope not in CLINICAL_SCOPES:
        assert CLINICAL_MARKER.encode() not in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "limit"), LIMITED_CELLS, ids=[f"{m} {p} limited to {lim}" for (m, p), lim in LIMITED_CELLS]
)
def test_a_client_sees_only_what_its_limits_name(world, key, limit):
    needed, inside, outside = CLIENT_CAN[key]
    person = getattr(world, limit)
    people = {"doctors": [person]} if person.is_doctor else {"patients": [person]}
    _, token = client_token(scopes=[needed] if needed else [], admin=world.admin, **people)
    response, content = call(world, key, token)
    assert response.status_code == (inside if LIMITS[limit] else outside), content[:500]
    if not LIMITS[limit] and needed not in (None, "doctors:read"):
        # Lists answer 200 without the owner: nothing of theirs shows.
        assert OWNER_MARKER.encode() not in content
        assert CLINICAL_MARKER.encode() not in content
