"""`people/`: admins find an account by name (the audit log's filters), not by its id."""

import pytest
from rest_framework.throttling import SimpleRateThrottle

from apps.audit.models import AuditEvent

from .factories import DoctorFactory, NurseFactory, PatientFactory

pytestmark = pytest.mark.django_db


def _lookup(client_for, people, **params):
    return client_for(people.admin).get("/api/v1/people/", params)


def _names(response):
    assert response.status_code == 200, response.content
    return [(row["full_name"], row["role"]) for row in response.json()["results"]]


def test_an_admin_finds_people_of_every_role_by_words_of_their_name(client_for, people):
    DoctorFactory(first_name="Meredith", last_name="Qgrey")
    PatientFactory(first_name="Greta", last_name="Qgreyson")
    NurseFactory(first_name="Gregory", last_name="Qhouse")
    assert _names(_lookup(client_for, people, q="qgrey")) == [
        ("Meredith Qgrey", "doctor"),
        ("Greta Qgreyson", "patient"),
    ]
    assert _names(_lookup(client_for, people, q="  mer QGREY ")) == [("Meredith Qgrey", "doctor")]
    assert _names(_lookup(client_for, people, q="qg", role="patient")) == [("Greta Qgreyson", "patient")]
    assert _names(_lookup(client_for, people, q="qhouse", role="")) == [("Gregory Qhouse", "nurse")]


def test_people_who_have_left_are_found_too(client_for, people):
    DoctorFactory(first_name="Former", last_name="Qcolleague", is_active=False)
    [row] = _lookup(client_for, people, q="qcolleague").json()["results"]
    assert (row["full_name"], row["is_active"]) == ("Former Qcolleague", False)
    assert set(row) == {"id", "full_name", "role", "email", "is_active"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "a"}, "q"),
        ({"q": "  a  "}, "q"),
        ({"q": "x" * 101}, "q"),
        ({"q": "qgrey", "role": "api_client"}, "role"),
        ({"q": "nul\x00l"}, "q"),
    ],
)
def test_a_missing_short_or_malformed_query_is_refused_and_not_audited(client_for, people, params, field):
    response = _lookup(client_for, people, **params)
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not AuditEvent.objects.filter(action="people.search").exists()


def test_a_look_up_is_one_audit_event_without_the_words_typed(client_for, people):
    _lookup(client_for, people, q="Olive Owner")
    [event] = AuditEvent.objects.filter(action="people.search")
    assert (event.actor_id, event.resource_type, event.patient_id, event.item_count) == (
        people.admin.pk,
        "user",
        None,
        1,
    )
    assert "olive" not in str(AuditEvent.objects.filter(pk=event.pk).values().get()).lower()


@pytest.mark.parametrize("role", ["owner", "other_patient", "doctor", "nurse"])
def test_only_admins_may_look_people_up(client_for, people, role):
    response = client_for(getattr(people, role)).get("/api/v1/people/", {"q": "Owner"})
    assert response.status_code == 403
    assert b"Olive" not in response.content
    assert not AuditEvent.objects.filter(action="people.search").exists()


def test_look_ups_are_throttled_per_account(client_for, people, monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "people_lookup": "2/min"}
    )
    client = client_for(people.admin)
    statuses = [client.get("/api/v1/people/", {"q": "Owner"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/people/", {"q": "Owner"}).json()["code"] == "throttled"


@pytest.mark.parametrize("page_size", [1, 20])
def test_the_look_up_query_count_does_not_grow_with_the_page(client_for, people, page_size, django_assert_num_queries):
    PatientFactory.create_batch(25, last_name="Qsmith")
    client = client_for(people.admin)
    # Authentication, the page, the count (the page is full), the audit insert.
    with django_assert_num_queries(4):
        response = client.get("/api/v1/people/", {"q": "qsmith", "page_size": page_size})
    assert len(response.json()["results"]) == page_size
