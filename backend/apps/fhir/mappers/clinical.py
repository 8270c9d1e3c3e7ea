"""Condition (record entries), MedicationStatement and DocumentReference (reports)."""

from typing import Any

from apps.records.models import MedicalReport, Medication, RecordEntry

from .common import day, instant, meta, person_reference, reference, without_empty

CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"


def condition(entry: RecordEntry) -> dict[str, Any]:
    """A record entry is a dated diagnosis with its plan and notes (docs/fhir.md says why a Condition)."""
    # An entry written for a visit is that encounter's diagnosis; any other is on the problem list.
    category = "encounter-diagnosis" if entry.appointment_id else "problem-list-item"
    notes = [
        {"text": f"{label}: {value}"}
        for label, value in (
            ("Treatment plan", entry.treatment_plan),
            ("Medications", entry.medications_text),
            ("Notes", entry.notes),
        )
        if value
    ]
    return without_empty(
        {
            "resourceType": "Condition",
            "id": str(entry.pk),
            "meta": meta(entry.updated_at),
            "category": [{"coding": [{"system": CONDITION_CATEGORY, "code": category}]}],
            "code": {"text": entry.diagnosis} if entry.diagnosis else None,
            "subject": reference("Patient", entry.patient_id, entry.patient.full_name),
            "encounter": reference("Encounter", entry.appointment_id) if entry.appointment_id else None,
            "recordedDate": day(entry.entry_date),
            # FHIR's recorder is a person; an entry an API client wrote has none.
            "recorder": person_reference(entry.author) if entry.author_id is not None else None,
            "note": notes,
        }
    )


def medication_statement(medication: Medication) -> dict[str, Any]:
    # An ended prescription has an end date; one stopped without a date is `stopped`.
    status = "active" if medication.active else ("completed" if medication.end_date else "stopped")
    period = {"start": day(medication.start_date)}
    if medication.end_date:
        period["end"] = day(medication.end_date)
    return without_empty(
        {
            "resourceType": "MedicationStatement",
            "id": str(medication.pk),
            "meta": meta(medication.updated_at),
            "status": status,
            "medicationCodeableConcept": {"text": medication.name},
            "subject": reference("Patient", medication.patient_id, medication.patient.full_name),
            "effectivePeriod": period,
            "dateAsserted": instant(medication.created_at),
            "informationSource": person_reference(medication.prescriber),
            "dosage": [{"text": ", ".join(part for part in (medication.dose, medication.frequency) if part)}],
            "note": [{"text": medication.notes}] if medication.notes else [],
        }
    )


def document_reference(report: MedicalReport) -> dict[str, Any]:
    attachment = {
        "contentType": report.content_type,
        # The file itself is a Binary read: authorised and audited like the REST download.
        "url": f"Binary/{report.pk}",
        "size": report.size,
        "title": report.title,
        "creation": instant(report.created_at),
    }
    return without_empty(
        {
            "resourceType": "DocumentReference",
            "id": str(report.pk),
            "meta": meta(report.updated_at),
            "status": "current",
            "subject": reference("Patient", report.patient_id, report.patient.full_name),
            "date": instant(report.created_at),
            "author": [person_reference(report.uploaded_by)],
            "description": report.description or report.title,
            "content": [{"attachment": attachment}],
        }
    )
