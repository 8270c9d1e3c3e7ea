"""The patient's access log: one line per person (or API client), clinic day and outcome, newest day first."""

from datetime import UTC, datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from apps.audit.models import AuditEvent
from apps.clients.tests.factories import client_token
from apps.records.tests.factories import MedicalReportFactory, RecordEntryFactory

pytestmark = pytest.mark.django_db

# A Tuesday morning in the clinic (Europe/London, GMT in March).
MORNING = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)


def _log(client_for, patient, **params):
    response = client_for(patient).get("/api/v1/me/access-log/", params)
    assert response.status_code == 200, response.content
    return response.json()


def _activities(line):
    return [(a["action"], a["resource_type"], a["count"], a["items"]) for a in line["activities"]]


def test_a_clinic_day_of_reads_by_one_doctor_is_one_line(people, client_for):
    first, second = RecordEntryFactory.create_batch(2, patient=people.owner)
    # Each signs in at the time it travels to, so its token is fresh then.
    with time_machine.travel(MORNING, tick=False):
        doctor = client_for(people.doctor)
        doctor.get("/api/v1/records/", {"patient": people.owner.pk})
        for _ in range(20):
            doctor.get(f"/api/v1/records/{first.pk}/")
    with time_machine.travel(MORNING.replace(hour=15), tick=False):
        client_for(people.doctor).get(f"/api/v1/records/{second.pk}/")

    log = _log(client_for, people.owner)
    assert log["count"] == 1
    [line] = log["results"]
    assert (line["day"], line["actor_name"], line["actor_role"], line["outcome"], line["count"]) == (
        "2027-03-02",
        "Treating Doctor",
        "doctor",
        "success",
        22,
    )
    assert (line["first_at"], line["last_at"]) == ("2027-03-02T09:00:00Z", "2027-03-02T15:00:00Z")
    assert _activities(line) == [("record.list", "record_entry", 1, 0), ("record.read", "record_entry", 21, 2)]


def test_lines_are_per_person_day_and_outcome_newest_day_first(people, client_for):
    entry = RecordEntryFactory(patient=people.owner)
    visits = [
        (MORNING, people.doctor),
        (MORNING.replace(hour=10), people.nurse),
        (MORNING.replace(day=3), people.doctor),
        (MORNING.replace(day=3, hour=11), people.other_doctor),  # refused: not their patient
    ]
    for moment, who in visits:
        with time_machine.travel(moment, tick=False):
            client_for(who).get(f"/api/v1/records/{entry.pk}/")

    lines = _log(client_for, people.owner)["results"]
    assert [(line["day"], line["actor_name"], line["outcome"]) for line in lines] == [
        ("2027-03-03", "Another Doctor", "denied"),
        ("2027-03-03", "Treating Doctor", "success"),
        ("2027-03-02", people.nurse.full_name, "success"),
        ("2027-03-02", "Treating Doctor", "success"),
    ]


def test_the_day_is_the_clinics_not_utcs(people, client_for):
    entry = RecordEntryFactory(patient=people.owner)
    # 23:30 UTC on 1 June is 00:30 on 2 June in London (summer time).
    with time_machine.travel(datetime(2027, 6, 1, 23, 30, tzinfo=UTC), tick=False):
        client_for(people.doctor).get(f"/api/v1/records/{entry.pk}/")
    [line] = _log(client_for, people.owner)["results"]
    assert line["day"] == "2027-06-02"


def test_my_own_actions_and_other_patients_data_are_left_out(people, client_for):
    mine = RecordEntryFactory(patient=people.owner)
    theirs = RecordEntryFactory(patient=people.other_patient)
    client_for(people.owner).get(f"/api/v1/records/{mine.pk}/")
    client_for(people.nurse).get(f"/api/v1/records/{theirs.pk}/")
    assert _log(client_for, people.owner)["count"] == 0
    assert _log(client_for, people.other_patient)["count"] == 1


def test_a_list_of_patients_is_one_event_and_not_in_anyones_access_log(people, client_for):
    assert client_for(people.nurse).get("/api/v1/patients/").status_code == 200
    [event] = AuditEvent.objects.filter(actor=people.nurse)
    assert (event.action, event.patient_id, event.item_count, event.actor_id) == (
        "patient.list",
        None,
        2,
        people.nurse.pk,
    )
    assert _log(client_for, people.owner)["count"] == 0
    # Opening the one patient is an access to them, and their log says so.
    client_for(people.nurse).get(f"/api/v1/patients/{people.owner.pk}/")
    [line] = _log(client_for, people.owner)["results"]
    assert _activities(line) == [("patient.read", "patient", 1, 1)]


def test_an_api_client_is_named_as_itself(people, client_for):
    entry = RecordEntryFactory(patient=people.owner)
    _, token = client_token(scopes=["records:read"], name="Hospital lab", admin=people.admin)
    lab = APIClient()
    lab.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert lab.get(f"/api/v1/records/{entry.pk}/").status_code == 200
    [line] = _log(client_for, people.owner)["results"]
    assert (line["actor_name"], line["actor_role"]) == ("Hospital lab", "api_client")


def test_the_log_pages_through_lines_not_events(people, client_for):
    entry = RecordEntryFactory(patient=people.owner)
    for day in (2, 3, 4):
        with time_machine.travel(MORNING.replace(day=day), tick=False):
            doctor = client_for(people.doctor)
            for _ in range(5):
                doctor.get(f"/api/v1/records/{entry.pk}/")
    first = _log(client_for, people.owner, page_size=2)
    assert (first["count"], [line["day"] for line in first["results"]]) == (3, ["2027-03-04", "2027-03-03"])
    second = _log(client_for, people.owner, page_size=2, page=2)
    assert [(line["day"], line["count"]) for line in second["results"]] == [("2027-03-02", 5)]


@pytest.mark.parametrize("page_size", [1, 10, 25])
def test_the_access_log_query_count_does_not_grow_with_the_page(
    people, client_for, django_assert_num_queries, page_size
):
    entry = RecordEntryFactory(patient=people.owner)
    report = MedicalReportFactory(patient=people.owner)
    for day in range(1, 31):
        with time_machine.travel(MORNING.replace(day=day), tick=False):
            client_for(people.nurse).get(f"/api/v1/records/{entry.pk}/")
            client_for(people.doctor).get(f"/api/v1/reports/{report.pk}/")
    client = client_for(people.owner)
    # Authentication, the page of lines, the count (the page is full), what was done, who did it.
    with django_assert_num_queries(5):
        response = client.get("/api/v1/me/access-log/", {"page_size": page_size})
    assert len(response.json()["results"]) == page_size
