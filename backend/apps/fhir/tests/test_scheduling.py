"""Slots (derived as the REST slot search derives them), Appointment and Encounter."""

from datetime import date, timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.fhir.mappers.scheduling import slot_id
from apps.scheduling.models import Status
from apps.scheduling.selectors import doctor_free_slots
from apps.scheduling.tests.factories import AppointmentFactory, local

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 12)  # two days after the tests' "now"


def _resources(body: dict) -> list[dict]:
    return [entry["resource"] for entry in body.get("entry", [])]


def test_free_slots_are_the_rest_slot_searchs(fhir_get, clinic):
    found = _resources(
        fhir_get(clinic.owner, f"/fhir/R4/Slot?schedule=Schedule/{clinic.doctor.pk}&start=eq{DAY}&_count=100").body
    )
    expected = doctor_free_slots(doctor_id=clinic.doctor.pk, first=DAY, last=DAY)
    assert [(s["id"], s["status"]) for s in found] == [(slot_id(clinic.doctor.pk, s.start), "free") for s in expected]


def test_a_booking_is_a_busy_slot_to_those_who_see_the_appointment(fhir_get, clinic):
    booked = AppointmentFactory(patient=clinic.owner, doctor=clinic.doctor, start=local(DAY, "10:00"))
    path = f"/fhir/R4/Slot?schedule={clinic.doctor.pk}&start=ge{DAY}T09:30:00Z&start=lt{DAY}T11:00:00Z"
    mine = [(s["start"], s["status"]) for s in _resources(fhir_get(clinic.owner, path).body)]
    assert mine == [(f"{DAY}T09:30:00Z", "free"), (f"{DAY}T10:00:00Z", "busy"), (f"{DAY}T10:30:00Z", "free")]
    others = [s["status"] for s in _resources(fhir_get(clinic.other_patient, path).body)]
    assert others == ["free", "free"]
    busy_id = slot_id(clinic.doctor.pk, booked.start)
    assert fhir_get(clinic.owner, f"/fhir/R4/Slot/{busy_id}").body["status"] == "busy"
    assert fhir_get(clinic.other_patient, f"/fhir/R4/Slot/{busy_id}").status_code == 404


def test_a_slot_is_read_by_its_id_and_a_made_up_one_is_not_found(fhir_get, clinic):
    free_id = slot_id(clinic.doctor.pk, local(DAY, "15:00"))
    body = fhir_get(clinic.other_patient, f"/fhir/R4/Slot/{free_id}").body
    assert (body["status"], body["schedule"]["reference"]) == ("free", f"Schedule/{clinic.doctor.pk}")
    assert fhir_get(clinic.owner, f"/fhir/R4/Slot/{slot_id(clinic.doctor.pk, local(DAY, '15:10'))}").status_code == 404
    assert fhir_get(clinic.owner, "/fhir/R4/Slot/not-a-slot").status_code == 404
    assert fhir_get(clinic.owner, f"/fhir/R4/Slot/{slot_id(clinic.nurse.pk, local(DAY, '15:00'))}").status_code == 404


def test_a_slot_range_is_bounded(fhir_get, clinic, settings):
    settings.SLOTS_MAX_RANGE_DAYS = 7
    path = f"/fhir/R4/Slot?schedule={clinic.doctor.pk}&start=ge{DAY}&start=le{DAY + timedelta(days=7)}"
    assert fhir_get(clinic.owner, path).status_code == 400
    path = f"/fhir/R4/Slot?schedule={clinic.doctor.pk}&start=ge{DAY}&start=le{DAY + timedelta(days=6)}"
    assert fhir_get(clinic.owner, path).status_code == 200
    assert fhir_get(clinic.owner, "/fhir/R4/Slot?schedule=1,2").status_code == 400


@pytest.mark.parametrize(
    ("status", "fhir_status"),
    [
        (Status.BOOKED, "booked"),
        (Status.CANCELLED, "cancelled"),
        (Status.COMPLETED, "fulfilled"),
        (Status.NO_SHOW, "noshow"),
    ],
)
def test_appointment_statuses_map_to_fhir_and_search_by_them(fhir_get, clinic, status, fhir_status):
    row = AppointmentFactory(patient=clinic.owner, doctor=clinic.doctor, status=status, start=local(DAY, "10:00"))
    assert fhir_get(clinic.owner, f"/fhir/R4/Appointment/{row.pk}").body["status"] == fhir_status
    found = fhir_get(clinic.owner, f"/fhir/R4/Appointment?status={fhir_status}").body
    assert [r["id"] for r in _resources(found)] == [str(row.pk)]


def test_a_booked_appointment_the_patient_arrived_for_is_arrived_and_searched_apart(fhir_get, clinic):
    waiting = AppointmentFactory(
        patient=clinic.owner, doctor=clinic.doctor, start=local(DAY, "10:00"), arrived_at=local(DAY, "09:50")
    )
    expected = AppointmentFactory(patient=clinic.owner, doctor=clinic.doctor, start=local(DAY, "11:00"))
    assert fhir_get(clinic.owner, f"/fhir/R4/Appointment/{waiting.pk}").body["status"] == "arrived"

    def ids(status: str) -> list[str]:
        return [r["id"] for r in _resources(fhir_get(clinic.nurse, f"/fhir/R4/Appointment?status={status}").body)]

    assert ids("arrived") == [str(waiting.pk)]
    assert ids("booked") == [str(expected.pk)]
    assert ids("booked,arrived") == [str(waiting.pk), str(expected.pk)]
    # Once completed, the visit is fulfilled, arrival or not.
    waiting.status = Status.COMPLETED
    waiting.save(update_fields=["status"])
    assert fhir_get(clinic.owner, f"/fhir/R4/Appointment/{waiting.pk}").body["status"] == "fulfilled"


def test_appointments_are_searched_by_patient_practitioner_and_date(fhir_get, clinic):
    early = AppointmentFactory(patient=clinic.owner, doctor=clinic.doctor, start=local(DAY, "10:00"))
    late = AppointmentFactory(
        patient=clinic.owner, doctor=clinic.other_doctor, start=local(DAY + timedelta(days=5), "10:00")
    )
    AppointmentFactory(patient=clinic.other_patient, doctor=clinic.doctor, start=local(DAY, "11:00"))

    def ids(query: str) -> list[str]:
        return [r["id"] for r in _resources(fhir_get(clinic.nurse, f"/fhir/R4/Appointment?{query}").body)]

    owner = f"patient=Patient/{clinic.owner.pk}"
    assert ids(owner) == [str(early.pk), str(late.pk)]
    assert ids(f"{owner}&practitioner=Practitioner/{clinic.other_doctor.pk}") == [str(late.pk)]
    assert ids(f"{owner}&date=eq{DAY}") == [str(early.pk)]
    assert ids(f"{owner}&date=gt{DAY}") == [str(late.pk)]
    assert ids(f"{owner}&date=le{DAY}") == [str(early.pk)]
    assert ids(f"{owner}&date=lt{DAY}") == []
    assert ids(f"{owner}&date=ge{DAY + timedelta(days=1)}") == [str(late.pk)]


def test_an_admin_sees_appointments_without_the_patients_reason(fhir_get, clinic):
    row = AppointmentFactory(patient=clinic.owner, doctor=clinic.doctor, reason="Chest pain")
    assert "reasonCode" not in fhir_get(clinic.admin, f"/fhir/R4/Appointment/{row.pk}").body
    assert fhir_get(clinic.nurse, f"/fhir/R4/Appointment/{row.pk}").body["reasonCode"] == [{"text": "Chest pain"}]


def test_staff_appointment_reads_are_audited_and_a_patients_own_are_not(fhir_get, clinic):
    row = AppointmentFactory(patient=clinic.owner, doctor=clinic.doctor)
    fhir_get(clinic.owner, "/fhir/R4/Appointment")
    fhir_get(clinic.doctor, "/fhir/R4/Appointment")
    events = AuditEvent.objects.filter(action="appointment.read")
    assert [(e.actor_id, e.resource_id, e.patient_id) for e in events] == [
        (clinic.doctor.pk, str(row.pk), clinic.owner.pk)
    ]


def test_only_completed_visits_are_encounters(fhir_get, clinic):
    visit = AppointmentFactory(
        patient=clinic.owner, doctor=clinic.doctor, status=Status.COMPLETED, start=local(date(2026, 3, 2), "10:00")
    )
    booked = AppointmentFactory(patient=clinic.owner, doctor=clinic.doctor, start=local(DAY, "10:00"))
    found = fhir_get(clinic.owner, "/fhir/R4/Encounter").body
    assert [(r["id"], r["status"]) for r in _resources(found)] == [(str(visit.pk), "finished")]
    assert fhir_get(clinic.owner, f"/fhir/R4/Encounter/{booked.pk}").status_code == 404
    assert fhir_get(clinic.owner, "/fhir/R4/Encounter?status=planned").body["total"] == 0
    assert fhir_get(clinic.owner, "/fhir/R4/Encounter?status=finished&date=2026-03").body["total"] == 1
    assert fhir_get(clinic.owner, "/fhir/R4/Encounter?status=done").status_code == 400


def test_practitioners_roles_and_schedules_come_from_the_directory(fhir_get, clinic):
    doctor = clinic.doctor
    practitioner = fhir_get(clinic.owner, f"/fhir/R4/Practitioner/{doctor.pk}").body
    assert practitioner["identifier"][1]["value"] == doctor.doctor_profile.licence_number
    role = fhir_get(clinic.owner, f"/fhir/R4/PractitionerRole?practitioner={doctor.pk}").body
    assert _resources(role)[0]["specialty"] == [{"text": doctor.doctor_profile.specialty}]
    specialty = f"/fhir/R4/PractitionerRole?specialty={doctor.doctor_profile.specialty}"
    assert str(doctor.pk) in [r["id"] for r in _resources(fhir_get(clinic.owner, specialty).body)]
    schedule = fhir_get(clinic.owner, f"/fhir/R4/Schedule?actor=Practitioner/{doctor.pk}").body
    assert _resources(schedule)[0]["planningHorizon"]["start"] == "2026-03-10T00:00:00Z"
    assert fhir_get(clinic.owner, f"/fhir/R4/Practitioner/{clinic.nurse.pk}").status_code == 404
