"""The FHIR API as a whole: the CapabilityStatement, formats, errors and the Patient resource."""

import pytest

from apps.accounts.models import Sex
from apps.audit.models import AuditEvent
from apps.fhir.access import REQUIRED_PERMISSION, SMART_SCOPES
from apps.fhir.registry import OPERATIONS, REGISTRY

pytestmark = pytest.mark.django_db


def test_the_capability_statement_lists_exactly_what_the_registry_serves(fhir_get):
    body = fhir_get(None, "/fhir/R4/metadata").body
    assert body["fhirVersion"] == "4.0.1"
    resources = {entry["type"]: entry for entry in body["rest"][0]["resource"]}
    assert set(resources) == set(REGISTRY) | {"Binary"}
    for resource_type, definition in REGISTRY.items():
        entry = resources[resource_type]
        assert [i["code"] for i in entry["interaction"]] == ["read", "search-type"]
        assert {p["name"] for p in entry["searchParam"]} == set(definition.params) | {"_count"}
    assert resources["Binary"]["interaction"] == [{"code": "read"}]
    assert [op["name"] for op in resources["Patient"]["operation"]] == [name for _, name in OPERATIONS]


def test_every_resource_has_a_required_permission_and_a_planned_smart_scope():
    assert set(REGISTRY) | {"Binary"} <= set(REQUIRED_PERMISSION)
    assert SMART_SCOPES["Appointment"] == "system/Appointment.rs"


def test_answers_are_fhir_json_and_plain_json_when_asked(fhir_get, people):
    path = f"/fhir/R4/Patient/{people.owner.pk}"
    assert fhir_get(people.owner, path)["Content-Type"].startswith("application/fhir+json")
    assert fhir_get(people.owner, path, HTTP_ACCEPT="application/json")["Content-Type"].startswith("application/json")
    assert fhir_get(people.owner, path + "?_format=json").status_code == 200


@pytest.mark.parametrize(
    ("query", "accept"),
    [("?_format=xml", "*/*"), ("?_format=application/fhir%2Bxml", "*/*"), ("", "application/fhir+xml")],
)
def test_xml_is_refused_with_406(fhir_get, people, query, accept):
    response = fhir_get(people.owner, f"/fhir/R4/Patient/{people.owner.pk}{query}", HTTP_ACCEPT=accept)
    assert response.status_code == 406
    assert response.body["resourceType"] == "OperationOutcome"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/fhir/R4/Patient?colour=blue", 400),
        ("/fhir/R4/Patient?name=", 400),
        ("/fhir/R4/Patient?_count=-1", 400),
        ("/fhir/R4/Patient?_count=ten", 400),
        ("/fhir/R4/Patient?birthdate=yesterday", 400),
        ("/fhir/R4/Patient?_id=Patient/abc", 400),
        ("/fhir/R4/Appointment?status=maybe", 400),
        ("/fhir/R4/Appointment?date=2026-13-01", 400),
        ("/fhir/R4/Slot", 400),
        ("/fhir/R4/Patient/1?name=x", 400),
        ("/fhir/R4/Patient/abc", 404),
        ("/fhir/R4/Patient/99999999999999999999", 404),
        ("/fhir/R4/Observation", 404),
        ("/fhir/R4/Observation/1", 404),
    ],
)
def test_bad_requests_answer_an_operation_outcome_never_a_list(fhir_get, people, path, status):
    response = fhir_get(people.nurse, path)
    assert response.status_code == status, response.content
    assert response.body["resourceType"] == "OperationOutcome"


@pytest.mark.parametrize("path", ["/fhir", "/fhir/", "/fhir/Patient", "/fhir/R5/Patient", "/fhir/R4/Patient/1/x/y"])
def test_unknown_fhir_paths_are_a_fhir_404_not_the_spa(client_for, path):
    response = client_for(None).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/fhir+json"
    assert response.json()["resourceType"] == "OperationOutcome"
    assert response["Cache-Control"] == "no-store"


def test_writes_are_refused_with_405(client_for, people):
    response = client_for(people.nurse).post("/fhir/R4/Patient", {}, format="json")
    assert response.status_code == 405
    assert response.json()["issue"][0]["code"] == "not-supported"


def test_anonymous_callers_get_401_with_a_bearer_challenge(fhir_get, people):
    response = fhir_get(None, "/fhir/R4/Patient")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_patient_resource_maps_the_profile(fhir_get, people, settings):
    settings.FHIR_IDENTIFIER_BASE = "https://clinic.example/fhir/id"
    profile = people.owner.patient_profile
    profile.phone, profile.address, profile.sex = "+44 20 7946 0000", "1 High Street, London", Sex.FEMALE
    profile.date_of_birth = __import__("datetime").date(1980, 2, 29)
    profile.emergency_contacts = [{"name": "Sam Owner", "relation": "brother", "phone": "+44 20 7946 0001"}]
    profile.save()
    body = fhir_get(people.owner, f"/fhir/R4/Patient/{people.owner.pk}").body
    assert body["identifier"] == [
        {"use": "usual", "system": "https://clinic.example/fhir/id/patient-id", "value": str(people.owner.pk)}
    ]
    assert (body["name"][0]["family"], body["name"][0]["given"]) == ("Owner", ["Olive"])
    assert (body["gender"], body["birthDate"]) == ("female", "1980-02-29")
    assert {"system": "phone", "value": "+44 20 7946 0000", "use": "mobile"} in body["telecom"]
    assert body["address"] == [{"text": "1 High Street, London"}]
    assert body["contact"][0]["name"] == {"text": "Sam Owner"}
    assert body["contact"][0]["relationship"][0]["text"] == "brother"
    assert body["generalPractitioner"][0]["reference"] == f"Practitioner/{people.doctor.pk}"


def test_staff_reading_a_patient_is_audited_as_the_rest_detail_is(fhir_get, people):
    fhir_get(people.nurse, f"/fhir/R4/Patient/{people.owner.pk}")
    fhir_get(people.owner, f"/fhir/R4/Patient/{people.owner.pk}")
    events = AuditEvent.objects.filter(action="patient.read")
    assert [(e.actor_id, e.patient_id) for e in events] == [(people.nurse.pk, people.owner.pk)]


def test_staff_searching_patients_is_one_list_event_naming_no_patient(fhir_get, people):
    fhir_get(people.nurse, "/fhir/R4/Patient")
    [event] = AuditEvent.objects.filter(actor=people.nurse)
    assert (event.action, event.actor_id, event.patient_id, event.item_count) == (
        "patient.list",
        people.nurse.pk,
        None,
        2,
    )
