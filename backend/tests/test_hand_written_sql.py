"""Each hand-written statement of apps.core.sql (scheduling's) equals its ORM definition.

The ORM definitions are `appointment_list` for the appointment list, and below for the slot search.
Why the statements are hand-written: docs/adr/0003-hand-written-sql.md.
"""

from datetime import date, timedelta

import pytest
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from apps.accounts.models import DoctorProfile, PatientProfile, Role, User
from apps.accounts.tests.factories import DoctorFactory, PatientFactory
from apps.clients.principal import ApiClientPrincipal
from apps.core.sql import slots as sql
from apps.scheduling.models import Appointment, AvailabilityException, ExceptionKind, Status
from apps.scheduling.selectors import appointment_list, appointment_rows
from apps.scheduling.selectors.slots import reads
from apps.scheduling.tests.factories import AppointmentFactory, days_ahead, local, open_every_day

pytestmark = pytest.mark.django_db


def doctors_taking(patient_id: int | None) -> Q:
    """The ORM definition of `TAKES_PATIENT`: doctors accepting new patients, and for a patient
    also their primary doctor and those they hold an appointment with that was not cancelled."""
    accepting = Q(doctor_profile__accepting_new_patients=True)
    if patient_id is None:
        return accepting
    primary = PatientProfile.objects.filter(user_id=patient_id, primary_doctor=OuterRef("pk"))
    seen = Appointment.objects.filter(patient_id=patient_id, doctor=OuterRef("pk")).exclude(status=Status.CANCELLED)
    return accepting | Exists(primary) | Exists(seen)


@pytest.fixture
def clinic(people):
    """Appointments of every status between the people, a doctor who takes no new patients and
    patients who are new to them, returning, cancelled only, or theirs as primary doctor."""
    open_every_day(people.doctor)
    open_every_day(people.other_doctor)
    closed = DoctorFactory(first_name="Closed", last_name="Practice")
    DoctorProfile.objects.filter(pk=closed.pk).update(accepting_new_patients=False, specialty="Dermatology")
    open_every_day(closed, start="08:00", end="09:00")
    retired = DoctorFactory(is_active=False)
    now = timezone.now()
    for n, status in enumerate(Status):
        AppointmentFactory(
            patient=people.owner,
            doctor=people.doctor,
            start=local(days_ahead(2 + n), "10:00"),
            status=status,
            reason=f"Visit {n}",
        )
        AppointmentFactory(
            patient=people.other_patient,
            doctor=people.other_doctor,
            start=local(days_ahead(-n), "11:00"),
            # Some rows carry each timestamp a list shows (an arrival, a no-show's time).
            arrived_at=now - timedelta(days=n) if n % 2 else None,
            no_show_at=now - timedelta(days=n) if n == 2 else None,
        )
    returning, cancelled_only, primary_only = PatientFactory(), PatientFactory(), PatientFactory()
    AppointmentFactory(patient=returning, doctor=closed, start=now - timedelta(days=40), status=Status.COMPLETED)
    AppointmentFactory(
        patient=cancelled_only, doctor=closed, start=local(days_ahead(5), "08:00"), status=Status.CANCELLED
    )
    PatientProfile.objects.filter(pk=primary_only.pk).update(primary_doctor=closed)
    AppointmentFactory(patient=returning, doctor=retired, start=now - timedelta(days=50))
    AvailabilityException.objects.create(doctor=people.doctor, date=days_ahead(3), kind=ExceptionKind.OFF)
    AvailabilityException.objects.create(
        doctor=closed,
        date=days_ahead(4),
        kind=ExceptionKind.EXTRA,
        start_time=local(days_ahead(4), "18:00").time(),
        end_time=local(days_ahead(4), "19:00").time(),
        slot_minutes=20,
    )
    people.closed, people.retired = closed, retired
    people.returning, people.cancelled_only, people.primary_only = returning, cancelled_only, primary_only
    return people


def _as_row(appointment: Appointment) -> tuple:
    return (
        appointment.pk,
        appointment.start,
        appointment.end,
        appointment.status,
        appointment.reason,
        appointment.consultation_notes,
        appointment.booked_by_id,
        appointment.booked_by_client_id,
        appointment.cancelled_by_id,
        appointment.cancelled_by_client_id,
        appointment.cancellation_reason,
        appointment.cancelled_at,
        appointment.completed_at,
        appointment.no_show_at,
        appointment.arrived_at,
        appointment.created_at,
        appointment.updated_at,
        (appointment.patient.pk, appointment.patient.full_name),
        (appointment.doctor.pk, appointment.doctor.full_name, (appointment.doctor.doctor_profile.specialty,)),
    )


def test_the_appointment_rows_equal_appointment_list_for_every_caller_and_query(clinic):
    limited = ApiClientPrincipal(None, frozenset(), (clinic.other_doctor.pk,), (clinic.owner.pk,))
    only_patients = ApiClientPrincipal(None, frozenset(), (), (clinic.returning.pk,))
    unlimited = ApiClientPrincipal(None, frozenset(), (), ())
    callers = [clinic.owner, clinic.other_patient, clinic.doctor, clinic.closed, clinic.nurse, clinic.admin]
    callers += [limited, only_patients, unlimited]
    first = days_ahead(0)
    queries = [
        {},
        {"filters": {"status": Status.BOOKED}},
        {"filters": {"doctor": clinic.doctor.pk, "date_from": first, "date_to": first + timedelta(days=3)}},
        {"filters": {"patient": clinic.owner.pk}, "ordering": ["-start"]},
        {"filters": {"date_from": date(1, 1, 1), "date_to": date(9999, 12, 31)}, "ordering": ["-created_at", "start"]},
        {"search_terms": ["OLI"], "ordering": ["created_at"]},
        {"search_terms": ["o_i", "%"]},
        {"search_terms": ["other", "pet"], "ordering": ["-start", "id"]},
    ]
    seen = 0
    for caller in callers:
        for query in queries:
            expected = [_as_row(appointment) for appointment in appointment_list(actor=caller, **query)]
            rows = appointment_rows(actor=caller, **query)
            assert rows.count() == len(expected), (caller.role, query)
            for start, stop in ((0, 100), (1, 3)):
                assert [tuple(row) for row in rows[start:stop]] == expected[start:stop], (caller.role, query)
            seen += len(expected)
    assert seen > 50


def test_the_statement_of_whether_a_doctor_takes_a_patient_equals_its_orm_definition(clinic):
    patients = [clinic.owner, clinic.other_patient, clinic.returning, clinic.cancelled_only, clinic.primary_only]
    doctors = [clinic.doctor, clinic.other_doctor, clinic.closed, clinic.retired]
    taken = set()
    for patient in patients:
        for doctor in doctors:
            expected = User.objects.filter(doctors_taking(patient.pk), pk=doctor.pk).exists()
            assert sql.doctor_takes_patient(doctor.pk, patient.pk) == expected, (patient.pk, doctor.pk)
            if doctor == clinic.closed and expected:
                taken.add(patient)
    assert taken == {clinic.returning, clinic.primary_only}


def _orm_doctors(actor, specialty, doctor_id) -> dict:
    """What `searched_doctors` reads, through the ORM: each doctor, whether primary, and their rules."""
    patient_id = actor.pk if actor.is_patient else None
    doctors = User.objects.filter(role=Role.DOCTOR, is_active=True, doctor_profile__isnull=False)
    doctors = doctors.filter(pk=doctor_id) if doctor_id is not None else doctors.filter(doctors_taking(patient_id))
    if specialty:
        doctors = doctors.filter(doctor_profile__specialty__iexact=specialty)
    primary = PatientProfile.objects.filter(user_id=patient_id).values_list("primary_doctor_id", flat=True).first()
    return {
        doctor.pk: (
            doctor.full_name,
            doctor.doctor_profile.specialty,
            doctor.pk == primary,
            sorted(doctor.availability_rules.values_list("weekday", "start_time", "end_time", "slot_minutes")),
        )
        for doctor in doctors.select_related("doctor_profile")
    }


def test_the_doctors_of_a_slot_search_equal_their_orm_definition(clinic):
    callers = [clinic.owner, clinic.other_patient, clinic.returning, clinic.cancelled_only, clinic.primary_only]
    callers += [clinic.doctor, clinic.nurse]
    searches = [(None, None), ("dermatology", None), ("DERMATOLOGY", None), ("No such", None)]
    searches += [(None, clinic.closed.pk), (None, clinic.retired.pk), ("dermatology", clinic.doctor.pk)]
    found = 0
    for caller in callers:
        for specialty, doctor_id in searches:
            read = reads.searched_doctors(caller, specialty, doctor_id)
            got = {
                pk: (doctor.full_name, doctor.doctor_profile.specialty, pk == read.primary_id, sorted(read.rules[pk]))
                for pk, doctor in read.by_id.items()
            }
            assert got == _orm_doctors(caller, specialty, doctor_id), (caller.pk, specialty, doctor_id)
            found += len(got)
    assert found > 20


def test_the_exceptions_and_booked_spans_of_a_search_equal_their_orm_definitions(clinic):
    doctor_ids = [clinic.doctor.pk, clinic.other_doctor.pk, clinic.closed.pk]
    first, last = days_ahead(-1), days_ahead(6)
    exceptions = AvailabilityException.objects.filter(doctor_id__in=doctor_ids, date__gte=first, date__lte=last)
    expected = sorted(exceptions.values_list("doctor_id", "date", "kind", "start_time", "end_time", "slot_minutes"))
    got = reads.dated_exceptions(doctor_ids, first, last)
    assert sorted((d, *row) for d, days in got.items() for rows in days.values() for row in rows) == expected
    assert len(expected) == 2
    lower, upper = local(days_ahead(-2), "00:00"), local(days_ahead(8), "00:00")
    booked = Appointment.objects.filter(doctor_id__in=doctor_ids, status=Status.BOOKED, start__lt=upper, end__gt=lower)
    spans = reads.booked_spans(doctor_ids, lower, upper)
    for doctor_id in doctor_ids:
        orm = booked.filter(doctor_id=doctor_id).values_list("start", "end")
        busy = spans.get(doctor_id)
        assert sorted(busy.starts if busy else []) == sorted(reads.micros(start) for start, _ in orm)
    assert booked.exists()
