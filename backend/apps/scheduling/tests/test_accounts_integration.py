"""What scheduling changes in accounts: doctors see their appointment patients; busy doctors stay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.selectors import patient_list, patient_scope_q
from apps.accounts.tests.factories import PatientFactory
from apps.scheduling.models import Status

from .factories import AppointmentFactory

pytestmark = pytest.mark.django_db


def test_a_doctor_sees_patients_who_have_or_had_an_appointment_with_them(people, client_for):
    assert not patient_list(actor=people.doctor).filter(pk=people.other_patient.pk).exists()
    assert client_for(people.doctor).get(f"/api/v1/patients/{people.other_patient.pk}/").status_code == 404
    AppointmentFactory(
        patient=people.other_patient,
        doctor=people.doctor,
        status=Status.CANCELLED,
        start=timezone.now() - timedelta(days=40),
    )
    assert client_for(people.doctor).get(f"/api/v1/patients/{people.other_patient.pk}/").status_code == 200
    assert set(patient_list(actor=people.doctor)) == {people.owner, people.other_patient}
    assert client_for(people.other_doctor).get(f"/api/v1/patients/{people.other_patient.pk}/").status_code == 404


def test_the_doctor_scope_works_through_a_relation_prefix(people):
    AppointmentFactory(patient=people.other_patient, doctor=people.doctor)
    seen = User.objects.filter(patient_scope_q(people.doctor)).values_list("pk", flat=True)
    assert set(seen) == {people.owner.pk, people.other_patient.pk}
    from apps.scheduling.models import Appointment

    rows = Appointment.objects.filter(patient_scope_q(people.doctor, "patient__"))
    assert rows.count() == 1


def test_a_doctor_with_future_booked_appointments_cannot_be_deactivated(people, client_for):
    appointment = AppointmentFactory(patient=people.owner, doctor=people.doctor)
    admin = client_for(people.admin)
    response = admin.delete(f"/api/v1/doctors/{people.doctor.pk}/")
    assert (response.status_code, response.json()["code"]) == (409, "doctor_has_future_appointments")
    people.doctor.refresh_from_db()
    assert people.doctor.is_active
    appointment.status = Status.CANCELLED
    appointment.save()
    AppointmentFactory(patient=people.owner, doctor=people.doctor, start=timezone.now() - timedelta(days=2))
    assert admin.delete(f"/api/v1/doctors/{people.doctor.pk}/").status_code == 204


def test_narrowing_the_scope_to_one_patient_keeps_exactly_that_patient_if_in_scope(people):
    AppointmentFactory(patient=people.other_patient, doctor=people.doctor)
    stranger = PatientFactory()

    def narrowed(actor, patient) -> set[int]:
        return set(User.objects.filter(patient_scope_q(actor, patient_id=patient.pk)).values_list("pk", flat=True))

    # Through an appointment, through the primary doctor, and outside the scope.
    assert narrowed(people.doctor, people.other_patient) == {people.other_patient.pk}
    assert narrowed(people.doctor, people.owner) == {people.owner.pk}
    assert narrowed(people.doctor, stranger) == set()
    assert narrowed(people.other_doctor, people.other_patient) == set()
    assert narrowed(people.owner, people.owner) == {people.owner.pk}
    assert narrowed(people.owner, people.other_patient) == set()
    assert narrowed(people.nurse, stranger) == {stranger.pk}
    assert narrowed(people.nurse, people.doctor) == set()


def test_a_narrowed_doctor_scope_reads_only_that_patients_appointments(people):
    AppointmentFactory(patient=people.other_patient, doctor=people.doctor)
    sql = str(User.objects.filter(patient_scope_q(people.doctor, patient_id=people.other_patient.pk)).query)
    # The subquery of the doctor's appointments is limited to the one patient (bench/README.md:
    # hashing all of a doctor's appointments cost 3-10 ms per record list at clinic scale).
    subquery = sql[sql.index("IN (SELECT") :]
    assert f'patient_id" = {people.other_patient.pk}' in subquery.replace("U0.", "")
