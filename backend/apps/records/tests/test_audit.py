"""Every access to clinical data leaves an audit event, and the patient can read who accessed theirs."""

import pytest

from apps.audit.models import AuditEvent, Outcome

from .factories import MedicalReportFactory

pytestmark = pytest.mark.django_db


def _events(**filters):
    return list(AuditEvent.objects.filter(**filters).values_list("action", "resource_id", "patient_id", "outcome"))


def test_reading_an_entry_writes_one_event_naming_the_patient(people, client_for, owner_entry):
    client_for(people.doctor).get(f"/api/v1/records/{owner_entry.pk}/")
    assert _events(actor=people.doctor) == [("record.read", str(owner_entry.pk), people.owner.pk, Outcome.SUCCESS)]


def test_writes_are_audited_with_the_write(people, client_for, owner_entry, owner_medication):
    client = client_for(people.doctor)
    client.patch(f"/api/v1/records/{owner_entry.pk}/", {"notes": "Better"}, format="json")
    client.patch(f"/api/v1/medications/{owner_medication.pk}/", {"dose": "5 mg"}, format="json")
    actions = {event[0] for event in _events(actor=people.doctor)}
    assert {"record.update", "medication.update"} <= actions


def test_a_patient_reading_their_own_data_is_audited_too(people, client_for, owner_entry):
    client_for(people.owner).get("/api/v1/records/")
    assert _events(actor=people.owner) == [("record.list", "", people.owner.pk, Outcome.SUCCESS)]


def test_an_empty_list_page_writes_no_event(people, client_for):
    client_for(people.other_doctor).get("/api/v1/records/")
    assert _events(actor=people.other_doctor) == []


def test_a_refused_write_leaves_a_denied_event_and_no_data(people, client_for, owner_entry):
    response = client_for(people.other_doctor).post(
        "/api/v1/records/", {"patient": people.owner.pk, "entry_date": "2024-01-01", "notes": "x"}, format="json"
    )
    assert response.status_code == 404
    assert _events(actor=people.other_doctor) == [("record.create", "", people.owner.pk, Outcome.DENIED)]
    assert _events(action="record.create", outcome=Outcome.SUCCESS) == []


def test_a_refused_role_is_audited(people, client_for, owner_entry, owner_medication):
    assert client_for(people.owner).patch(f"/api/v1/records/{owner_entry.pk}/", {"notes": "x"}).status_code == 403
    assert (
        client_for(people.nurse).patch(f"/api/v1/medications/{owner_medication.pk}/", {"dose": "1"}).status_code == 403
    )
    assert client_for(people.admin).get("/api/v1/records/").status_code == 403
    assert _events(actor=people.owner) == [("record.update", str(owner_entry.pk), people.owner.pk, Outcome.DENIED)]
    assert _events(actor=people.nurse) == [
        ("medication.update", str(owner_medication.pk), people.owner.pk, Outcome.DENIED)
    ]
    assert _events(actor=people.admin) == [("record.list", "", None, Outcome.DENIED)]


def test_a_refusal_inside_a_service_transaction_is_still_audited(people, client_for):
    """The service rolls back; the denied event is written after that, so it stays."""
    response = client_for(people.other_doctor).post(
        "/api/v1/medications/",
        {"patient": people.owner.pk, "name": "x", "dose": "y", "frequency": "z", "start_date": "2024-01-01"},
        format="json",
    )
    assert response.status_code == 404
    assert _events(actor=people.other_doctor, outcome=Outcome.DENIED) == [
        ("medication.create", "", people.owner.pk, Outcome.DENIED)
    ]


def test_a_denied_event_never_names_someone_who_is_not_a_patient(people, client_for):
    client_for(people.other_doctor).get("/api/v1/records/", {"patient": people.doctor.pk})
    client_for(people.admin).get("/api/v1/records/", {"patient": "not-a-number"})
    client_for(people.admin).get("/api/v1/records/", {"patient": people.doctor.pk})
    assert _events(actor=people.admin) == [("record.list", "", None, Outcome.DENIED)] * 2


def test_anonymous_callers_are_refused_without_an_event(api_client, owner_entry):
    assert api_client.get(f"/api/v1/records/{owner_entry.pk}/").status_code == 401
    assert not AuditEvent.objects.exists()


def test_the_access_log_shows_who_accessed_my_record(people, client_for, owner_entry):
    report = MedicalReportFactory(patient=people.owner)
    client_for(people.doctor).get(f"/api/v1/records/{owner_entry.pk}/")
    client_for(people.nurse).get(f"/api/v1/reports/{report.pk}/file/")
    client_for(people.other_doctor).get(f"/api/v1/records/{owner_entry.pk}/")
    client_for(people.owner).get("/api/v1/records/")  # my own reads are not listed
    client_for(people.doctor).get("/api/v1/records/", {"patient": people.other_patient.pk})

    response = client_for(people.owner).get("/api/v1/me/access-log/")
    assert response.status_code == 200
    rows = response.json()["results"]
    seen = {(r["actor_name"], r["actor_role"], r["outcome"], tuple(a["action"] for a in r["activities"])) for r in rows}
    assert seen == {
        ("Another Doctor", "doctor", "denied", ("record.read",)),
        (people.nurse.full_name, "nurse", "success", ("report.download",)),
        ("Treating Doctor", "doctor", "success", ("record.read",)),
    }
    assert set(rows[0]) == {
        "day",
        "actor_name",
        "actor_role",
        "outcome",
        "count",
        "first_at",
        "last_at",
        "activities",
    }
