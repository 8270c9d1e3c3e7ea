"""Cancel, complete and no-show: who may, when, and the notifications written with each change."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from apps.notifications.models import DeliveryStatus, EmailDelivery, Notification
from apps.notifications.services import appointment_event_notify
from apps.notifications.tests.helpers import prefer_email
from apps.scheduling import errors
from apps.scheduling.models import Appointment, Status
from apps.scheduling.selectors import free_slots
from apps.scheduling.services import (
    appointment_book,
    appointment_cancel,
    appointment_complete,
    appointment_mark_no_show,
    appointment_update,
)

from .factories import AppointmentFactory, days_ahead, local

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming(people):
    return AppointmentFactory(patient=people.owner, doctor=people.doctor, start=timezone.now() + timedelta(days=3))


@pytest.fixture
def started(people):
    return AppointmentFactory(patient=people.owner, doctor=people.doctor, start=timezone.now() - timedelta(minutes=5))


@pytest.mark.parametrize("role", ["owner", "doctor", "nurse", "admin"])
def test_the_patient_their_doctor_nurses_and_admins_cancel(people, upcoming, role):
    cancelled = appointment_cancel(actor=people.get(role), appointment=upcoming, reason="Feeling better")
    assert cancelled.status == Status.CANCELLED
    assert (cancelled.cancelled_by, cancelled.cancellation_reason) == (people.get(role), "Feeling better")
    assert cancelled.cancelled_at is not None
    assert AuditEvent.objects.get(action="appointment.cancel").patient == people.owner


@pytest.mark.parametrize("role", ["other_patient", "other_doctor"])
def test_nobody_else_cancels(people, upcoming, role):
    with pytest.raises(PermissionDeniedError):
        appointment_cancel(actor=people.get(role), appointment=upcoming, reason="x")


def test_a_cancelled_slot_is_free_again_at_once(open_hours):
    people = open_hours
    day = days_ahead(5)
    booked = appointment_book(actor=people.owner, patient=people.owner, doctor=people.doctor, start=local(day, "10:00"))
    appointment_cancel(actor=people.owner, appointment=booked, reason="Cannot come")
    assert local(day, "10:00") in [s.start for s in free_slots(doctor_ids=[people.doctor.pk], first=day, last=day)]
    again = appointment_book(
        actor=people.other_patient, patient=people.other_patient, doctor=people.doctor, start=local(day, "10:00")
    )
    assert again.status == Status.BOOKED


def test_a_patient_cannot_cancel_inside_the_cutoff_but_staff_can(people, settings):
    settings.CANCELLATION_CUTOFF_HOURS = 24
    soon = AppointmentFactory(patient=people.owner, doctor=people.doctor, start=timezone.now() + timedelta(hours=23))
    with pytest.raises(ConflictError) as refused:
        appointment_cancel(actor=people.owner, appointment=soon, reason="x")
    assert refused.value.code == errors.CANCELLATION_TOO_LATE
    assert appointment_cancel(actor=people.nurse, appointment=soon, reason="Called in").status == Status.CANCELLED


def test_the_cancellation_reason_is_encrypted_at_rest(people, upcoming):
    appointment_cancel(actor=people.owner, appointment=upcoming, reason="Migraine again")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cancellation_reason FROM scheduling_appointment WHERE id = %s", [upcoming.pk])
        assert "Migraine" not in cursor.fetchone()[0]


def test_the_doctor_completes_a_started_visit_with_notes(people, started):
    done = appointment_complete(actor=people.doctor, appointment=started, consultation_notes="BP 120/80. Rest.")
    assert done.status == Status.COMPLETED
    assert done.completed_at is not None
    assert Appointment.objects.get(pk=started.pk).consultation_notes == "BP 120/80. Rest."
    with connection.cursor() as cursor:
        cursor.execute("SELECT consultation_notes FROM scheduling_appointment WHERE id = %s", [started.pk])
        assert "120/80" not in cursor.fetchone()[0]
    assert AuditEvent.objects.get(action="appointment.complete").patient == people.owner


@pytest.mark.parametrize("role", ["owner", "nurse", "admin", "other_doctor"])
def test_only_the_appointments_doctor_documents_the_visit(people, started, role):
    with pytest.raises(PermissionDeniedError):
        appointment_complete(actor=people.get(role), appointment=started, consultation_notes="x")
    with pytest.raises(PermissionDeniedError):
        appointment_mark_no_show(actor=people.get(role), appointment=started)


def test_a_visit_is_neither_completed_nor_a_no_show_before_it_starts(people, upcoming):
    for action in (
        lambda: appointment_complete(actor=people.doctor, appointment=upcoming, consultation_notes="x"),
        lambda: appointment_mark_no_show(actor=people.doctor, appointment=upcoming),
    ):
        with pytest.raises(ConflictError) as refused:
            action()
        assert refused.value.code == errors.APPOINTMENT_NOT_STARTED


def test_the_doctor_marks_a_no_show_after_the_start(people, started):
    assert appointment_mark_no_show(actor=people.doctor, appointment=started).status == Status.NO_SHOW
    assert AuditEvent.objects.filter(action="appointment.no_show").count() == 1


@pytest.mark.parametrize("final", [Status.CANCELLED, Status.COMPLETED, Status.NO_SHOW])
def test_nothing_leaves_a_final_state(people, final):
    appointment = AppointmentFactory(
        patient=people.owner, doctor=people.doctor, status=final, start=timezone.now() - timedelta(hours=1)
    )
    actions = [
        lambda: appointment_cancel(actor=people.nurse, appointment=appointment, reason="x"),
        lambda: appointment_complete(actor=people.doctor, appointment=appointment, consultation_notes="x"),
        lambda: appointment_mark_no_show(actor=people.doctor, appointment=appointment),
    ]
    for action in actions:
        with pytest.raises(ConflictError) as refused:
            action()
        assert refused.value.code == errors.INVALID_STATUS_CHANGE
    appointment.refresh_from_db()
    assert appointment.status == final


# --- Notifications are written in the change's transaction; their e-mails leave after the commit ---

NOTIFY = "apps.notifications.services.appointment_event_notify"


def test_a_booking_writes_its_notifications_in_its_own_transaction(open_hours):
    people = open_hours
    prefer_email(people.owner)
    with mock.patch(NOTIFY, wraps=appointment_event_notify) as notify, transaction.atomic():
        booked = appointment_book(
            actor=people.owner, patient=people.owner, doctor=people.doctor, start=local(days_ahead(4), "10:00")
        )
        # Inside the booking's transaction: the inbox and the outbox already hold them, no e-mail left yet.
        assert Notification.objects.filter(appointment=booked).count() == 2
        assert EmailDelivery.objects.get().status == DeliveryStatus.PENDING
        assert mail.outbox == []
    # The booking hands over the appointment it holds, so that it is not read again.
    notify.assert_called_once_with(event="appointment.booked", appointment_id=booked.pk, appointment=booked)


def test_the_email_of_a_booking_leaves_only_once_the_transaction_commits(
    open_hours, django_capture_on_commit_callbacks
):
    people = open_hours
    prefer_email(people.owner)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        appointment_book(
            actor=people.owner, patient=people.owner, doctor=people.doctor, start=local(days_ahead(4), "10:00")
        )
    assert len(callbacks) == 1
    assert mail.outbox == []
    callbacks[0]()
    assert len(mail.outbox) == 1
    assert EmailDelivery.objects.get().status == DeliveryStatus.SENT


def test_every_lifecycle_change_notifies_within_its_transaction(open_hours):
    people = open_hours
    events = []

    def record(**kwargs):
        # Called inside the change's transaction, never after it.
        assert transaction.get_connection().in_atomic_block
        events.append(kwargs["event"])

    with mock.patch(NOTIFY, side_effect=record):
        first = appointment_book(
            actor=people.owner, patient=people.owner, doctor=people.doctor, start=local(days_ahead(4), "10:00")
        )
        appointment_update(actor=people.owner, appointment=first, start=local(days_ahead(4), "11:00"))
        appointment_cancel(actor=people.owner, appointment=first, reason="x")
        started = AppointmentFactory(doctor=people.doctor, start=timezone.now() - timedelta(minutes=1))
        appointment_complete(actor=people.doctor, appointment=started, consultation_notes="Fine")
    assert events == ["appointment.booked", "appointment.rescheduled", "appointment.cancelled", "appointment.completed"]


def test_a_refused_booking_leaves_no_notification_and_queues_no_email(open_hours, django_capture_on_commit_callbacks):
    prefer_email(open_hours.owner)
    with django_capture_on_commit_callbacks(execute=False) as callbacks, pytest.raises(ApplicationError):
        appointment_book(
            actor=open_hours.owner,
            patient=open_hours.owner,
            doctor=open_hours.doctor,
            start=local(days_ahead(4), "10:10"),
        )
    assert callbacks == []
    assert Notification.objects.count() == EmailDelivery.objects.count() == 0


def test_a_booking_rolled_back_after_its_notifications_leaves_none_of_them(
    open_hours, django_capture_on_commit_callbacks
):
    prefer_email(open_hours.owner)

    def book_then_fail():
        with transaction.atomic():
            appointment_book(
                actor=open_hours.owner,
                patient=open_hours.owner,
                doctor=open_hours.doctor,
                start=local(days_ahead(4), "10:00"),
            )
            raise RuntimeError("the caller's transaction fails after the booking")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        book_then_fail()
    assert Appointment.objects.count() == Notification.objects.count() == EmailDelivery.objects.count() == 0
    assert mail.outbox == []
