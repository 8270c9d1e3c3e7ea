"""Malformed input is refused with a 400, never silently repaired or ignored (found by fuzzing the API)."""

import pytest
from django.urls import get_resolver
from rest_framework import serializers

from apps.core.serializers import StrictCharField, StrictEmailField, StrictTextMixin
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


@pytest.mark.parametrize("value", [5, 2.5, True, ["text"], {"text": "x"}])
def test_a_strict_text_field_refuses_what_is_not_a_string(value):
    field = StrictCharField(max_length=10)
    with pytest.raises(serializers.ValidationError) as refused:
        field.run_validation(value)
    assert refused.value.detail == ["Not a valid string."]


def test_a_strict_text_field_counts_the_length_as_sent_and_then_trims():
    field = StrictCharField(max_length=5)
    assert field.run_validation("  abc") == "abc"
    with pytest.raises(serializers.ValidationError):
        field.run_validation("  abcd")
    assert serializers.CharField(max_length=5).run_validation("  abcd") == "abcd"  # noqa: TID251  (DRF's own trims first)


def test_a_strict_email_field_still_checks_the_address():
    with pytest.raises(serializers.ValidationError) as refused:
        StrictEmailField(max_length=254).run_validation("not-an-address")
    assert refused.value.detail == ["Enter a valid email address."]
    assert StrictEmailField(max_length=254).run_validation("a@example.com") == "a@example.com"


def _serializer_classes():
    get_resolver().url_patterns  # noqa: B018  (imports every view, and so every serializer)
    seen, pending = [], [serializers.BaseSerializer]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("apps.") and ".tests" not in subclass.__module__:
                seen.append(subclass)
    return seen


def _writable_text_fields(serializer, path):
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        while isinstance(field, serializers.ListField | serializers.DictField | serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.BaseSerializer):
            yield from _writable_text_fields(field, f"{path}.{name}")
        elif isinstance(field, serializers.CharField):  # noqa: TID251
            yield f"{path}.{name}", field


def test_every_writable_text_field_of_the_apps_serializers_is_strict():
    classes = _serializer_classes()
    assert len(classes) > 50
    lenient = [
        path
        for cls in classes
        for path, field in _writable_text_fields(cls(), f"{cls.__module__}.{cls.__name__}")
        if not isinstance(field, StrictTextMixin)
    ]
    assert lenient == []
