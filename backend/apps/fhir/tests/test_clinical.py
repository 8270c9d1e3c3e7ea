"""Conditions, medications, reports and their files, and Patient/$everything: scoped and audited as REST."""

from datetime import date, timedelta

import pytest
import time_machine

from apps.audit.models import AuditEvent, Outcome
from apps.records.models import RecordEntry
from apps.records.tests.factories import PDF, MedicalReportFactory, MedicationFactory
from apps.scheduling.models import Status
from apps.scheduling.tests.factories import AppointmentFactory, local

from .conftest import NOW, validate, walk

pytestmark = pytest.mark.django_db


def _entry(people, **extra) -> RecordEntry:
    values = {"entry_date": date(2026, 3, 1), "diagnosis": "Otitis media", "treatment_plan": "Amoxicillin"}
    return RecordEntry.objects.create(patient=people.owner, author=people.doctor, **values | extra)


def test_a_record_entry_is_a_condition_with_its_plan_as_a_note(fhir_get, people):
    entry = _entry(people)
    body = fhir_get(people.owner, f"/fhir/R4/Condition/{entry.pk}").body
    assert body["code"] == {"text": "Otitis media"}
    assert body["recordedDate"] == "2026-03-01"
    assert body["category"][0]["coding"][0]["code"] == "problem-list-item"
    assert body["note"] == [{"text": "Treatment plan: Amoxicillin"}]
    assert body["recorder"]["reference"] == f"Practitioner/{people.doctor.pk}"


def test_conditions_are_searched_by_patient_and_recorded_date(fhir_get, people):
    march, april = _entry(people), _entry(people, entry_date=date(2026, 4, 2))
    base = f"/fhir/R4/Condition?patient=Patient/{people.owner.pk}"
    assert [e["resource"]["id"] for e in fhir_get(people.doctor, base).body.get("entry", [])] == [
        str(march.pk),
        str(april.pk),
    ]
    assert fhir_get(people.doctor, f"{base}&recorded-date=ge2026-04").body.get("entry", [])[0]["resource"]["id"] == str(
        april.pk
    )
    assert fhir_get(people.other_doctor, base).body["total"] == 0


def test_clinical_searches_are_audited_per_patient_and_refused_to_admins(fhir_get, people):
    _entry(people)
    fhir_get(people.doctor, "/fhir/R4/Condition")
    assert AuditEvent.objects.filter(action="record.list", patient_id=people.owner.pk, actor=people.doctor).count() == 1
    assert fhir_get(people.admin, "/fhir/R4/Condition").status_code == 403
    assert AuditEvent.objects.filter(action="record.list", actor=people.admin, outcome=Outcome.DENIED).exists()


def test_a_refused_clinical_read_is_audited_with_the_patient(fhir_get, people):
    entry = _entry(people)
    assert fhir_get(people.other_patient, f"/fhir/R4/Condition/{entry.pk}").status_code == 404
    event = AuditEvent.objects.get(action="record.read", outcome=Outcome.DENIED)
    assert (event.actor_id, event.resource_id, event.patient_id) == (
        people.other_patient.pk,
        str(entry.pk),
        people.owner.pk,
    )


def test_medications_are_medication_statements(fhir_get, people):
    active = MedicationFactory(patient=people.owner, prescriber=people.doctor, name="Ramipril", dose="5 mg")
    ended = MedicationFactory(
        patient=people.owner,
        prescriber=people.doctor,
        active=False,
        start_date=date(2025, 1, 1),
        end_date=date(2025, 2, 1),
    )
    body = fhir_get(people.owner, f"/fhir/R4/MedicationStatement/{active.pk}").body
    assert (body["status"], body["medicationCodeableConcept"]) == ("active", {"text": "Ramipril"})
    assert body["dosage"][0]["text"].startswith("5 mg")
    assert fhir_get(people.owner, f"/fhir/R4/MedicationStatement/{ended.pk}").body["status"] == "completed"
    assert AuditEvent.objects.filter(action="medication.read", actor=people.owner).count() == 2


def test_a_report_is_a_document_reference_whose_file_is_an_audited_binary(fhir_get, client_for, people):
    report = MedicalReportFactory(patient=people.owner, uploaded_by=people.nurse)
    body = fhir_get(people.doctor, f"/fhir/R4/DocumentReference?patient={people.owner.pk}").body
    attachment = body.get("entry", [])[0]["resource"]["content"][0]["attachment"]
    assert (attachment["url"], attachment["contentType"]) == (f"Binary/{report.pk}", "application/pdf")
    response = client_for(people.doctor).get(f"/fhir/R4/{attachment['url']}", HTTP_ACCEPT="application/fhir+json")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert (response["Content-Type"], response["Cache-Control"]) == ("application/pdf", "no-store, private")
    event = AuditEvent.objects.get(action="report.download")
    assert (event.actor_id, event.resource_id, event.outcome) == (people.doctor.pk, str(report.pk), Outcome.SUCCESS)


def test_a_binary_outside_the_scope_is_not_found_and_the_refusal_audited(fhir_get, people):
    report = MedicalReportFactory(patient=people.owner, uploaded_by=people.nurse)
    response = fhir_get(people.other_doctor, f"/fhir/R4/Binary/{report.pk}")
    assert (response.status_code, response.body["resourceType"]) == (404, "OperationOutcome")
    event = AuditEvent.objects.get(action="report.download")
    assert (event.outcome, event.patient_id) == (Outcome.DENIED, people.owner.pk)


def _compartment(people) -> int:
    """Two visits (one completed), two entries, a medication and a report: 8 resources with the patient."""
    AppointmentFactory(patient=people.owner, doctor=people.doctor, start=local(date(2026, 3, 12), "10:00"))
    AppointmentFactory(
        patient=people.owner,
        doctor=people.other_doctor,
        status=Status.COMPLETED,
        start=local(date(2026, 3, 2), "10:00"),
    )
    _entry(people)
    _entry(people, entry_date=date(2026, 3, 2))
    MedicationFactory(patient=people.owner, prescriber=people.doctor)
    MedicalReportFactory(patient=people.owner, uploaded_by=people.nurse)
    return 8


def test_everything_pages_reach_the_whole_compartment_exactly_once(fhir_get, people):
    total = _compartment(people)
    AppointmentFactory(patient=people.other_patient, doctor=people.doctor, start=local(date(2026, 3, 12), "11:00"))
    entries = walk(fhir_get, people.doctor, f"/fhir/R4/Patient/{people.owner.pk}/$everything?_count=3")
    urls = [entry["fullUrl"] for entry in entries]
    assert len(urls) == len(set(urls)) == total
    kinds = [entry["resource"]["resourceType"] for entry in entries]
    assert (kinds[0], kinds.count("Appointment"), kinds.count("Encounter")) == ("Patient", 2, 1)
    # The treating doctor sees the visit with the other doctor too, as the REST timeline does.
    assert AuditEvent.objects.filter(action="timeline.read", actor=people.doctor).count() == 3


def test_everything_since_leaves_out_what_did_not_change(fhir_get, people):
    _compartment(people)
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        changed = MedicationFactory(patient=people.owner, prescriber=people.doctor)
    since = (NOW + timedelta(hours=12)).isoformat().replace("+00:00", "Z")
    body = fhir_get(people.owner, f"/fhir/R4/Patient/{people.owner.pk}/$everything?_since={since}").body
    assert [(e["resource"]["resourceType"], e["resource"]["id"]) for e in body.get("entry", [])] == [
        ("MedicationStatement", str(changed.pk))
    ]
    assert fhir_get(people.owner, f"/fhir/R4/Patient/{people.owner.pk}/$everything?since=x").status_code == 400


@pytest.mark.parametrize("page_size", [2, 8])
def test_everything_costs_one_read_per_kind_the_page_reaches_whatever_its_size(
    client_for, people, django_assert_num_queries, page_size
):
    _compartment(people)
    nurse = client_for(people.nurse)
    # The caller, the patient's scope, every kind's count in one statement, one read per kind the
    # page reaches (2 for the small page, all 6 for the big one: never more), and the audit insert.
    with django_assert_num_queries(2 + 1 + (2 if page_size == 2 else 6) + 1):
        body = validate(nurse.get(f"/fhir/R4/Patient/{people.owner.pk}/$everything?_count={page_size}").json())
    assert len(body.get("entry", [])) == page_size
