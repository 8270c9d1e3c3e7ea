"""Every change named in docs/webhooks.md writes its event, with ids only, in its own transaction."""

from datetime import date

import pytest

from apps.accounts.services.accounts import account_update, patient_assign_doctor
from apps.accounts.tests.factories import AdminFactory, DoctorFactory, NurseFactory, PatientFactory
from apps.records.services import medication_create, medication_update, record_create, record_update
from apps.records.services.reports import report_upload
from apps.records.tests.factories import PDF
from apps.scheduling.services import (
    appointment_book,
    appointment_cancel,
    appointment_complete,
    appointment_mark_no_show,
    appointment_reopen,
    appointment_update,
)
from apps.scheduling.tests.factories import AppointmentFactory, days_ahead, local, open_every_day
from apps.webhooks.models import WebhookEvent

from .factories import new_endpoint


@pytest.fixture
def world(db, settings, tmp_path):
    settings.REPORTS_DIR = tmp_path / "reports"
    doctor, patient = DoctorFactory(), PatientFactory()
    patient.patient_profile.primary_doctor = doctor
    patient.patient_profile.save()
    open_every_day(doctor)
    new_endpoint(url="https://receiver.example/hooks")
    return doctor, patient


def events() -> list[tuple[str, dict]]:
    return [(event.type, event.data) for event in WebhookEvent.objects.order_by("pk")]


def test_appointment_changes_write_their_events(world):
    doctor, patient = world
    appointment = appointment_book(actor=patient, patient=patient, doctor=doctor, start=local(days_ahead(6), "10:00"))
    appointment_update(actor=patient, appointment=appointment, start=local(days_ahead(6), "11:00"))
    appointment_cancel(actor=patient, appointment=appointment, reason="")
    assert events() == [
        ("appointment.booked", {"id": appointment.pk}),
        ("appointment.rescheduled", {"id": appointment.pk}),
        ("appointment.cancelled", {"id": appointment.pk}),
    ]


def test_closing_a_visit_and_undoing_it_write_their_events(world):
    doctor, patient = world
    appointment = AppointmentFactory(patient=patient, doctor=doctor, start=local(days_ahead(-1), "10:00"))
    appointment_complete(actor=doctor, appointment=appointment, consultation_notes="Rest")
    appointment_reopen(actor=doctor, appointment=appointment)
    appointment_mark_no_show(actor=doctor, appointment=appointment)
    appointment_reopen(actor=doctor, appointment=appointment)
    ids = {"id": appointment.pk}
    assert events() == [
        ("appointment.completed", ids),
        ("appointment.reopened", ids),
        ("appointment.no_show", ids),
        ("appointment.reopened", ids),
    ]


def test_record_medication_and_report_changes_write_their_events(world):
    doctor, patient = world
    entry = record_create(actor=doctor, patient_id=patient.pk, entry_date=date(2024, 5, 1), diagnosis="Flu")
    record_update(actor=NurseFactory(), entry=entry, data={"notes": "Rest"})
    medication = medication_create(
        actor=doctor, patient_id=patient.pk, name="Drug", dose="1 mg", frequency="daily", start_date=date(2024, 5, 1)
    )
    medication_update(actor=doctor, medication=medication, data={"dose": "2 mg"})
    report = report_upload(actor=doctor, patient_id=patient.pk, title="ECG", filename="ecg.pdf", data=PDF)
    ids = {"patient_id": patient.pk}
    assert events() == [
        ("record.created", {"id": entry.pk, **ids}),
        ("record.revised", {"id": entry.pk, **ids}),
        ("medication.changed", {"id": medication.pk, **ids}),
        ("medication.changed", {"id": medication.pk, **ids}),
        ("report.uploaded", {"id": report.pk, **ids}),
    ]


def test_patient_changes_write_their_events_and_staff_changes_none(world):
    doctor, patient = world
    admin = AdminFactory()
    account_update(actor=admin, user=patient, data={"first_name": "Renamed"})
    patient_assign_doctor(actor=admin, patient=patient, doctor_id=None)
    account_update(actor=admin, user=doctor, data={"first_name": "Renamed"})
    assert events() == [("patient.updated", {"id": patient.pk}), ("patient.updated", {"id": patient.pk})]


def test_a_change_that_rolls_back_leaves_no_event(world):
    from django.db import transaction

    _, patient = world
    admin = AdminFactory()

    def change_then_fail() -> None:
        with transaction.atomic():
            account_update(actor=admin, user=patient, data={"first_name": "Renamed"})
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert events() == []
