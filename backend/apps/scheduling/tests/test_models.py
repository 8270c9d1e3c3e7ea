"""The model layer: the PostgreSQL-only constraint class, string forms, and rarely taken service paths."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from apps.accounts.models import User
from apps.accounts.tests.factories import DoctorFactory
from apps.core.errors import ApplicationError
from apps.scheduling import errors
from apps.scheduling.models import DOCTOR_OVERLAP_CONSTRAINT, Appointment
from apps.scheduling.selectors import appointment_list
from apps.scheduling.services import appointment_book, appointment_update

from .factories import AppointmentFactory, days_ahead, local

pytestmark = pytest.mark.django_db


def doctor_overlap_constraint():
    return next(c for c in Appointment._meta.constraints if c.name == DOCTOR_OVERLAP_CONSTRAINT)


def test_the_exclusion_constraint_writes_no_sql_on_other_databases():
    constraint = doctor_overlap_constraint()
    sqlite_editor = SimpleNamespace(connection=SimpleNamespace(vendor="sqlite"))
    assert constraint.constraint_sql(Appointment, sqlite_editor) is None
    assert constraint.create_sql(Appointment, sqlite_editor) is None
    assert constraint.remove_sql(Appointment, sqlite_editor) is None


@pytest.mark.postgres
def test_the_exclusion_constraint_validates_an_unsaved_overlapping_row(people):
    existing = AppointmentFactory(doctor=people.doctor)
    clash = Appointment(patient=people.other_patient, doctor=people.doctor, start=existing.start, end=existing.end)
    with pytest.raises(ValidationError):
        doctor_overlap_constraint().validate(Appointment, clash)


def test_models_name_themselves_without_clinical_content(people):
    appointment = AppointmentFactory(reason="Secret symptom")
    assert "Secret" not in str(appointment)


def test_an_account_of_no_known_role_sees_no_appointments():
    AppointmentFactory()
    assert not appointment_list(actor=User(role="visitor")).exists()


def test_booking_an_inactive_doctor_is_refused_by_the_service(people):
    doctor = DoctorFactory(is_active=False)
    with pytest.raises(ApplicationError) as refused:
        appointment_book(actor=people.owner, patient=people.owner, doctor=doctor, start=local(days_ahead(5), "10:00"))
    assert refused.value.code == errors.DOCTOR_UNAVAILABLE


def test_staff_naming_an_unknown_patient_get_a_field_error(people, client_for):
    response = client_for(people.nurse).post(
        "/api/v1/appointments/", {"doctor": people.doctor.pk, "start": "2030-01-01T10:00:00Z", "patient": 999999}
    )
    assert (response.status_code, list(response.json()["fields"])) == (400, ["patient"])


@pytest.mark.parametrize("service", ["book", "update"])
def test_an_unrelated_integrity_error_is_not_disguised_as_a_slot_conflict(open_hours, monkeypatch, service):
    people = open_hours
    start = local(days_ahead(5), "10:00")

    def broken_save(*args, **kwargs):
        raise IntegrityError("value too long")

    if service == "book":
        monkeypatch.setattr(Appointment.objects, "create", broken_save)
        with pytest.raises(IntegrityError):
            appointment_book(actor=people.owner, patient=people.owner, doctor=people.doctor, start=start)
    else:
        appointment = appointment_book(actor=people.owner, patient=people.owner, doctor=people.doctor, start=start)
        monkeypatch.setattr(Appointment, "save", broken_save)
        with pytest.raises(IntegrityError):
            appointment_update(actor=people.owner, appointment=appointment, reason="new")
