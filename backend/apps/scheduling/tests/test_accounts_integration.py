"""What scheduling changes in accounts: doctors see their appointment patients; busy doctors stay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.selectors import patient_list, patient_scope_q
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
