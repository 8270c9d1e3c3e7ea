"""Malformed input is refused with a 400, never silently repaired or ignored (found by fuzzing the API)."""

import pytest

from tests.security.schema import api_schema

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page_size", ["abc", "0", "-1", "2.5", "\uff11\uff10", "null"])
def test_a_malformed_page_size_answers_400(people, client_for, page_size):
    response = client_for(people.nurse).get("/api/v1/patients/", {"page_size": page_size})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"page_size"}


def test_a_repeated_page_size_answers_400(people, client_for):
    response = client_for(people.nurse).get("/api/v1/patients/?page_size=5&page_size=6")
    assert response.status_code == 400


def test_an_empty_page_size_is_the_same_as_none(people, client_for):
    response = client_for(people.nurse).get("/api/v1/patients/?page_size=")
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/records/", "/api/v1/medications/", "/api/v1/reports/"])
@pytest.mark.parametrize("value", ["0.5", "0", "-3", "99999999999999999999", "abc"])
def test_a_patient_filter_that_is_not_an_id_answers_400(people, client_for, path, value):
    response = client_for(people.nurse).get(path, {"patient": value})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"patient"}


@pytest.mark.parametrize("value", ["0.5", "abc", "99999999999999999999"])
def test_audit_filters_that_are_not_ids_answer_400(people, client_for, value):
    assert client_for(people.admin).get("/api/v1/audit-events/", {"actor": value}).status_code == 400


@pytest.mark.parametrize(("path", "name"), [("/api/v1/doctors/", "is_active"), ("/api/v1/medications/", "active")])
@pytest.mark.parametrize("value", ["maybe", "1", "TRUE", "yes"])
def test_a_boolean_filter_takes_true_or_false_only(people, client_for, path, name, value):
    assert client_for(people.doctor).get(path, {name: value}).status_code == 400


def test_a_boolean_filter_still_filters(people, client_for):
    people.other_doctor.is_active = False
    people.other_doctor.save()
    doctors = client_for(people.admin).get("/api/v1/doctors/", {"is_active": "false"}).json()["results"]
    assert [doctor["id"] for doctor in doctors] == [people.other_doctor.pk]


@pytest.mark.parametrize("value", [0, 1, "false", "yes"])
def test_a_json_boolean_takes_true_or_false_only(people, client_for, value):
    response = client_for(people.doctor).patch("/api/v1/me/", {"accepting_new_patients": value}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"accepting_new_patients"}


@pytest.mark.parametrize("value", [5, 2.5])
def test_a_number_where_text_belongs_is_refused(people, client_for, value):
    response = client_for(people.owner).patch("/api/v1/me/", {"first_name": value}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"first_name"}


def test_every_operation_documents_the_errors_of_the_shared_machinery():
    for path, item in api_schema()["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            if {} not in operation.get("security", [{}]):
                assert "401" in responses, (method, path)
            names = {parameter.get("name") for parameter in operation.get("parameters", [])}
            if {"page", "page_size"} <= names:
                assert {"400", "404"} <= set(responses), (method, path)
            # The request limits: any address may be too long, any body too large or, as JSON, too deep.
            assert "414" in responses, (method, path)
            body = operation.get("requestBody", {}).get("content", {})
            if body:
                assert "413" in responses, (method, path)
            if "application/json" in body:
                assert "400" in responses, (method, path)
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and not parameter.get("required"):
                    assert parameter["allowEmptyValue"] is True, (method, path, parameter["name"])


def test_a_text_longer_than_its_limit_is_refused_even_when_it_would_fit_once_trimmed(people, client_for):
    response = client_for(people.doctor).patch("/api/v1/me/", {"bio": "\x1f" + "*" * 2000}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"bio"}
    people.doctor.doctor_profile.refresh_from_db()
    assert people.doctor.doctor_profile.bio != "*" * 2000
