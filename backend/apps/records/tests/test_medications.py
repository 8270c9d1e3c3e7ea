"""Medications: prescribing, changing, ending (kept in the history), filters, encryption at rest."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from apps.core.errors import PermissionDeniedError
from apps.records.models import Medication, MedicationChange
from apps.records.services import medication_create, medication_update

from .factories import MedicationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _prescribe(people, **values):
    defaults = {"name": "Metformin", "dose": "500 mg", "frequency": "twice daily", "start_date": TODAY()}
    return medication_create(actor=people.doctor, patient_id=people.owner.pk, **(defaults | values))


def test_a_doctor_prescribes_and_is_the_prescriber(people, client_for):
    response = client_for(people.doctor).post(
        "/api/v1/medications/",
        {
            "patient": people.owner.pk,
            "name": "Metformin",
            "dose": "500 mg",
            "frequency": "twice daily",
            "start_date": str(TODAY()),
            "prescriber": people.other_doctor.pk,
            "active": False,
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["prescriber"]["id"] == people.doctor.pk
    assert body["active"] is True
    assert [change["kind"] for change in body["history"]] == ["started"]


def test_a_nurse_reads_medications_but_cannot_prescribe(people, client_for, owner_medication):
    client = client_for(people.nurse)
    assert client.get(f"/api/v1/medications/{owner_medication.pk}/").status_code == 200
    with pytest.raises(PermissionDeniedError):
        medication_create(
            actor=people.nurse,
            patient_id=people.owner.pk,
            name="x",
            dose="y",
            frequency="z",
            start_date=TODAY(),
        )


def test_ending_a_medication_keeps_it_listed_with_an_end_date_and_history(people, client_for):
    medication = _prescribe(people, start_date=TODAY() - datetime.timedelta(days=30))
    client = client_for(people.doctor)
    response = client.patch(f"/api/v1/medications/{medication.pk}/", {"active": False}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["active"], body["end_date"]) == (False, str(TODAY()))
    assert [change["kind"] for change in body["history"]] == ["started", "ended"]
    ended = body["history"][1]
    assert set(ended["changed_fields"]) == {"active", "end_date"}
    assert (ended["before"]["active"], ended["after"]["active"]) == (True, False)

    listed = client.get("/api/v1/medications/", {"patient": people.owner.pk}).json()
    assert [m["id"] for m in listed["results"]] == [medication.pk]
    assert client.get("/api/v1/medications/", {"active": "true"}).json()["count"] == 0
    assert client.get("/api/v1/medications/", {"active": "false"}).json()["count"] == 1


def test_a_past_end_date_ends_the_medication(people):
    medication = _prescribe(people, start_date=TODAY() - datetime.timedelta(days=30))
    medication = medication_update(
        actor=people.doctor, medication=medication, data={"end_date": TODAY() - datetime.timedelta(days=1)}
    )
    assert medication.active is False
    assert MedicationChange.objects.filter(medication=medication).last().kind == "ended"


def test_a_future_end_date_keeps_the_medication_active(people):
    medication = _prescribe(people)
    medication = medication_update(
        actor=people.doctor, medication=medication, data={"end_date": TODAY() + datetime.timedelta(days=7)}
    )
    assert medication.active is True
    assert MedicationChange.objects.filter(medication=medication).last().kind == "changed"


def test_a_dose_change_is_kept_with_before_and_after(people, client_for):
    medication = _prescribe(people)
    response = client_for(people.doctor).patch(f"/api/v1/medications/{medication.pk}/", {"dose": "1 g"}, format="json")
    change = response.json()["history"][-1]
    assert (change["kind"], change["changed_fields"]) == ("changed", ["dose"])
    assert (change["before"]["dose"], change["after"]["dose"]) == ("500 mg", "1 g")
    assert change["changed_by"]["id"] == people.doctor.pk


def test_an_ended_medication_is_not_reopened_but_takes_notes(people, client_for):
    medication = _prescribe(people, start_date=TODAY() - datetime.timedelta(days=3))
    medication_update(actor=people.doctor, medication=medication, data={"active": False})
    client = client_for(people.doctor)
    response = client.patch(f"/api/v1/medications/{medication.pk}/", {"active": True}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "medication_ended"
    response = client.patch(f"/api/v1/medications/{medication.pk}/", {"notes": "Stopped: rash"}, format="json")
    assert response.status_code == 200
    assert Medication.objects.get().active is False


def test_an_edit_that_changes_nothing_adds_no_history(people):
    medication = _prescribe(people)
    medication_update(actor=people.doctor, medication=medication, data={"dose": "500 mg"})
    assert MedicationChange.objects.filter(medication=medication).count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"end_date": "2000-01-01"}, "end_date"),
        ({"start_date": "garbage"}, "start_date"),
        ({"dose": ""}, "dose"),
        ({"active": "maybe"}, "active"),
    ],
)
def test_bad_changes_answer_400_and_change_nothing(people, client_for, body, field):
    medication = _prescribe(people)
    response = client_for(people.doctor).patch(f"/api/v1/medications/{medication.pk}/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert MedicationChange.objects.filter(medication=medication).count() == 1


def test_an_active_medication_cannot_have_a_past_end_date(people, client_for):
    medication = _prescribe(people, start_date=TODAY() - datetime.timedelta(days=9))
    response = client_for(people.doctor).patch(
        f"/api/v1/medications/{medication.pk}/",
        {"active": True, "end_date": str(TODAY() - datetime.timedelta(days=1))},
        format="json",
    )
    assert response.status_code == 400


def test_a_course_recorded_after_it_ended_is_inactive_from_the_start(people):
    medication = _prescribe(people, start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2020, 2, 1))
    assert medication.active is False


def test_medication_names_doses_and_history_are_not_plaintext_in_the_database(people):
    medication = _prescribe(people, name="Sertraline", notes="For depression")
    medication_update(actor=people.doctor, medication=medication, data={"dose": "100 mg"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, dose, frequency, notes FROM records_medication")
        row = cursor.fetchone()
        cursor.execute("SELECT before, after FROM records_medicationchange")
        history = cursor.fetchall()
    # Fernet tokens are base64, so only needles longer than chance would produce are meaningful.
    assert all(value.startswith("gAAAA") for value in row)
    assert not any(needle in value for value in row for needle in ("Sertraline", "depression", "100 mg", "twice"))
    assert not any("Sertraline" in (value or "") for pair in history for value in pair)


@pytest.mark.parametrize("page_size", [1, 5, 25])
def test_the_medication_list_query_count_does_not_grow_with_the_page(
    people, client_for, django_assert_num_queries, page_size
):
    for patient in (people.owner, people.other_patient):
        MedicationFactory.create_batch(15, patient=patient, prescriber=people.doctor)
    client = client_for(people.nurse)
    with django_assert_num_queries(4):
        response = client.get("/api/v1/medications/", {"page_size": page_size})
    assert len(response.json()["results"]) == page_size
