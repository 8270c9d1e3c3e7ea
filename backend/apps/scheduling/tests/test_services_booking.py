"""Booking and rescheduling rules, as the services enforce them."""

from datetime import time, timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from apps.accounts.tests.factories import PatientFactory
from apps.audit.models import AuditEvent
from apps.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from apps.scheduling import errors
from apps.scheduling.models import Appointment, AvailabilityRule, Status
from apps.scheduling.selectors import free_slots
from apps.scheduling.services import appointment_book, appointment_update
from apps.scheduling.services import rules as booking_rules

from .factories import AppointmentFactory, days_ahead, local

pytestmark = pytest.mark.django_db

DAY = 7  # days ahead: well after the notice, well before the horizon


def book(people, at: str = "10:00", day: int = DAY, **overrides):
    values = {"actor": people.owner, "patient": people.owner, "doctor": people.doctor, "reason": "Sore knee"}
    values.update(overrides)
    return appointment_book(start=local(days_ahead(day), at), **values)


def test_a_patient_books_a_free_slot_for_themself(open_hours):
    people = open_hours
    appointment = book(people)
    assert appointment.status == Status.BOOKED
    assert appointment.end - appointment.start == timedelta(minutes=30)
    assert appointment.booked_by == people.owner
    event = AuditEvent.objects.get(action="appointment.book")
    assert (event.actor, event.patient, event.resource_id) == (people.owner, people.owner, str(appointment.pk))


def test_the_patients_note_is_encrypted_at_rest(open_hours):
    appointment = book(open_hours, reason="Chest pain when climbing stairs")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM scheduling_appointment WHERE id = %s", [appointment.pk])
        stored = cursor.fetchone()[0]
    assert "Chest pain" not in stored
    assert Appointment.objects.get(pk=appointment.pk).reason == "Chest pain when climbing stairs"


@pytest.mark.parametrize("role", ["nurse", "admin"])
def test_nurses_and_admins_book_for_a_patient(open_hours, role):
    people = open_hours
    appointment = book(people, actor=people.get(role))
    assert (appointment.patient, appointment.booked_by) == (people.owner, people.get(role))


def test_a_doctor_cannot_book(open_hours):
    with pytest.raises(PermissionDeniedError):
        book(open_hours, actor=open_hours.doctor)


def test_a_patient_cannot_book_for_another_patient(open_hours):
    with pytest.raises(PermissionDeniedError):
        book(open_hours, actor=open_hours.other_patient)


def test_an_inactive_patient_cannot_be_booked(open_hours):
    open_hours.owner.is_active = False
    open_hours.owner.save()
    with pytest.raises(ApplicationError) as refused:
        book(open_hours, actor=open_hours.admin)
    assert refused.value.code == errors.PATIENT_INACTIVE


@pytest.mark.parametrize(
    ("day", "at", "code"),
    [
        (-1, "10:00", errors.START_IN_PAST),
        (DAY, "10:15", errors.OUTSIDE_AVAILABILITY),  # not on a slot boundary
        (DAY, "08:30", errors.OUTSIDE_AVAILABILITY),  # before the hours
        (DAY, "16:45", errors.OUTSIDE_AVAILABILITY),  # the slot would end after the hours
        (200, "10:00", errors.BEYOND_BOOKING_HORIZON),
    ],
)
def test_only_a_future_slot_of_the_doctor_inside_the_horizon_is_bookable(open_hours, day, at, code):
    with pytest.raises(ApplicationError) as refused:
        book(open_hours, at=at, day=day)
    assert refused.value.code == code
    assert refused.value.status_code == 400
    assert "start" in refused.value.fields
    assert not Appointment.objects.exists()


def test_a_start_inside_the_minimum_notice_is_refused(open_hours, frozen_clock, settings):
    settings.BOOKING_MIN_NOTICE_MINUTES = 60
    frozen_clock(local(days_ahead(DAY), "09:45"))
    with pytest.raises(ApplicationError) as refused:
        book(open_hours, at="10:30")
    assert refused.value.code == errors.NOTICE_TOO_SHORT
    assert book(open_hours, at="11:00").status == Status.BOOKED


def test_a_day_off_is_not_bookable(open_hours):
    open_hours.doctor.availability_exceptions.create(date=days_ahead(DAY), kind="off")
    with pytest.raises(ApplicationError) as refused:
        book(open_hours)
    assert refused.value.code == errors.OUTSIDE_AVAILABILITY


def test_a_taken_slot_answers_slot_taken(open_hours):
    people = open_hours
    book(people)
    with pytest.raises(ConflictError) as refused:
        book(people, actor=people.other_patient, patient=people.other_patient)
    assert refused.value.code == errors.SLOT_TAKEN


def test_an_overlapping_appointment_of_another_length_blocks_the_slot(open_hours):
    people = open_hours
    day = days_ahead(DAY)
    # Booked under an earlier 45-minute grid: it overlaps the 10:00 and 10:30 slots.
    AppointmentFactory(doctor=people.doctor, start=local(day, "09:45"), end=local(day, "10:30"))
    for at in ("10:00",):
        with pytest.raises(ConflictError) as refused:
            book(people, at=at)
        assert refused.value.code == errors.SLOT_TAKEN
    assert book(people, at="10:30").start == local(day, "10:30")


def test_a_longer_slot_overlapping_a_booked_shorter_one_is_refused(open_hours):
    people = open_hours
    book(people, at="10:30")
    AvailabilityRule.objects.filter(doctor=people.doctor).update(slot_minutes=60)
    with pytest.raises(ConflictError) as refused:
        book(people, at="10:00", actor=people.other_patient, patient=people.other_patient)
    assert refused.value.code == errors.SLOT_TAKEN


def test_one_patient_cannot_see_two_doctors_at_the_same_time(open_hours):
    people = open_hours
    book(people)
    with pytest.raises(ConflictError) as refused:
        book(people, doctor=people.other_doctor)
    assert refused.value.code == errors.PATIENT_OVERLAP


def test_back_to_back_slots_do_not_overlap(open_hours):
    people = open_hours
    book(people, at="10:00")
    assert book(people, at="10:30").status == Status.BOOKED


def test_a_patient_holds_at_most_the_configured_number_of_upcoming_appointments(open_hours, settings):
    settings.BOOKING_MAX_UPCOMING_PER_PATIENT = 2
    people = open_hours
    AppointmentFactory(patient=people.owner, doctor=people.doctor, start=local(days_ahead(-3), "10:00"))
    AppointmentFactory(patient=people.owner, doctor=people.doctor, status=Status.CANCELLED)
    book(people, at="10:00")
    book(people, at="11:00")
    with pytest.raises(ConflictError) as refused:
        book(people, at="12:00")
    assert refused.value.code == errors.UPCOMING_LIMIT_REACHED


def test_a_doctor_not_accepting_new_patients_still_sees_their_own(open_hours):
    people = open_hours
    people.doctor.doctor_profile.accepting_new_patients = False
    people.doctor.doctor_profile.save()
    with pytest.raises(ConflictError) as refused:
        book(people, actor=people.other_patient, patient=people.other_patient)
    assert refused.value.code == errors.DOCTOR_NOT_ACCEPTING
    assert book(people).status == Status.BOOKED  # the owner: their primary doctor
    earlier = PatientFactory()
    AppointmentFactory(patient=earlier, doctor=people.doctor, start=local(days_ahead(-30), "10:00"))
    assert book(people, at="11:00", actor=earlier, patient=earlier).status == Status.BOOKED
    cancelled_only = PatientFactory()
    AppointmentFactory(
        patient=cancelled_only, doctor=people.doctor, start=local(days_ahead(-20), "10:00"), status=Status.CANCELLED
    )
    with pytest.raises(ConflictError) as refused:
        book(people, at="12:00", actor=cancelled_only, patient=cancelled_only)
    assert refused.value.code == errors.DOCTOR_NOT_ACCEPTING


# --- The database guarantee ---


@pytest.mark.postgres
def test_the_database_refuses_overlapping_booked_rows_even_without_the_checks(open_hours):
    people = open_hours
    day = days_ahead(DAY)
    AppointmentFactory(doctor=people.doctor, start=local(day, "10:00"), end=local(day, "10:30"))
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        AppointmentFactory(doctor=people.doctor, start=local(day, "10:15"), end=local(day, "11:15"))
    assert booking_rules.conflict_from(refused.value).code == errors.SLOT_TAKEN
    patient = PatientFactory()
    AppointmentFactory(patient=patient, start=local(day, "12:00"), end=local(day, "13:00"))
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        AppointmentFactory(patient=patient, start=local(day, "12:59"), end=local(day, "13:10"))
    assert booking_rules.conflict_from(refused.value).code == errors.PATIENT_OVERLAP
    # Cancelled rows and back-to-back rows are fine.
    AppointmentFactory(doctor=people.doctor, start=local(day, "10:00"), end=local(day, "10:30"), status="cancelled")
    AppointmentFactory(doctor=people.doctor, start=local(day, "10:30"), end=local(day, "11:00"))


@pytest.mark.postgres
def test_a_constraint_violation_that_slips_past_the_checks_answers_slot_taken(open_hours, monkeypatch):
    people = open_hours
    book(people)
    monkeypatch.setattr("apps.scheduling.services.booking.check_free", lambda **kwargs: None)
    with pytest.raises(ConflictError) as refused:
        book(people, actor=people.other_patient, patient=people.other_patient)
    assert refused.value.code == errors.SLOT_TAKEN
    assert Appointment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_row_lock_is_taken_only_inside_a_transaction(open_hours):
    with pytest.raises(transaction.TransactionManagementError):
        booking_rules.lock_user_row(open_hours.doctor.pk)
    with transaction.atomic():
        booking_rules.lock_user_row(open_hours.doctor.pk)  # held until the block ends (test_concurrency.py)


def test_other_integrity_errors_are_not_dressed_up_as_slot_conflicts():
    assert booking_rules.conflict_from(IntegrityError("duplicate key value")) is None


# --- Rescheduling and the note ---


def test_rescheduling_takes_the_new_slot_and_frees_the_old_one_at_once(open_hours):
    people = open_hours
    appointment = book(people, at="10:00")
    moved = appointment_update(actor=people.owner, appointment=appointment, start=local(days_ahead(DAY), "14:00"))
    assert (moved.pk, moved.start) == (appointment.pk, local(days_ahead(DAY), "14:00"))
    day = days_ahead(DAY)
    offered = [slot.start for slot in free_slots(doctor_ids=[people.doctor.pk], first=day, last=day)]
    assert local(day, "10:00") in offered
    assert local(day, "14:00") not in offered
    assert AuditEvent.objects.filter(action="appointment.reschedule", patient=people.owner).count() == 1


def test_rescheduling_into_a_taken_slot_changes_nothing(open_hours):
    people = open_hours
    mine = book(people, at="10:00")
    book(people, at="11:00", actor=people.other_patient, patient=people.other_patient)
    with pytest.raises(ConflictError) as refused:
        appointment_update(actor=people.owner, appointment=mine, start=local(days_ahead(DAY), "11:00"))
    assert refused.value.code == errors.SLOT_TAKEN
    mine.refresh_from_db()
    assert mine.start == local(days_ahead(DAY), "10:00")


def test_a_longer_appointment_may_move_into_a_slot_overlapping_its_own_old_time(open_hours):
    people = open_hours
    AvailabilityRule.objects.filter(doctor=people.doctor).update(slot_minutes=60, start_time=time(9, 0))
    appointment = book(people, at="10:00")
    AvailabilityRule.objects.filter(doctor=people.doctor).update(start_time=time(9, 30), end_time=time(16, 30))
    moved = appointment_update(actor=people.owner, appointment=appointment, start=local(days_ahead(DAY), "10:30"))
    assert moved.end == local(days_ahead(DAY), "11:30")


def test_rescheduling_follows_the_booking_rules(open_hours):
    appointment = book(open_hours)
    with pytest.raises(ApplicationError) as refused:
        appointment_update(actor=open_hours.owner, appointment=appointment, start=local(days_ahead(DAY), "10:10"))
    assert refused.value.code == errors.OUTSIDE_AVAILABILITY


def test_a_patient_cannot_move_an_appointment_inside_the_cutoff_but_a_nurse_can(open_hours, settings):
    settings.CANCELLATION_CUTOFF_HOURS = 24 * 30
    people = open_hours
    appointment = book(people)
    new_start = local(days_ahead(DAY), "15:00")
    with pytest.raises(ConflictError) as refused:
        appointment_update(actor=people.owner, appointment=appointment, start=new_start)
    assert refused.value.code == errors.CANCELLATION_TOO_LATE
    assert appointment_update(actor=people.nurse, appointment=appointment, start=new_start).start == new_start


@pytest.mark.parametrize("role", ["doctor", "other_patient"])
def test_only_the_patient_and_staff_other_than_doctors_change_an_appointment(open_hours, role):
    appointment = book(open_hours)
    with pytest.raises(PermissionDeniedError):
        appointment_update(actor=open_hours.get(role), appointment=appointment, reason="x")


def test_admins_move_appointments_but_never_touch_the_patients_note(open_hours):
    people = open_hours
    appointment = book(people)
    with pytest.raises(PermissionDeniedError):
        appointment_update(actor=people.admin, appointment=appointment, reason="x")
    moved = appointment_update(actor=people.admin, appointment=appointment, start=local(days_ahead(DAY), "12:00"))
    assert moved.start == local(days_ahead(DAY), "12:00")


def test_the_patient_and_nurses_edit_the_note(open_hours):
    people = open_hours
    appointment = book(people)
    assert (
        appointment_update(actor=people.owner, appointment=appointment, reason="Knee and hip").reason == "Knee and hip"
    )
    assert appointment_update(actor=people.nurse, appointment=appointment, reason="Hip").reason == "Hip"
    assert AuditEvent.objects.filter(action="appointment.update").count() == 2


def test_an_unchanged_update_writes_nothing(open_hours):
    appointment = book(open_hours)
    same = appointment_update(
        actor=open_hours.owner, appointment=appointment, start=appointment.start, reason="Sore knee"
    )
    assert same.updated_at == appointment.updated_at
    assert not AuditEvent.objects.filter(action__in=["appointment.update", "appointment.reschedule"]).exists()


@pytest.mark.parametrize("final", [Status.CANCELLED, Status.COMPLETED, Status.NO_SHOW])
def test_a_final_appointment_cannot_be_moved_or_edited(open_hours, final):
    appointment = AppointmentFactory(patient=open_hours.owner, doctor=open_hours.doctor, status=final)
    with pytest.raises(ConflictError) as refused:
        appointment_update(actor=open_hours.owner, appointment=appointment, reason="x")
    assert refused.value.code == errors.INVALID_STATUS_CHANGE
