from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apps.notifications.models import DeliveryStatus, EmailDelivery, Kind, Notification, ReminderDelivery
from apps.notifications.services import appointment_event_notify, clinical_event_notify, reminders_send
from apps.scheduling.models import Status

from .helpers import make_appointment, prefer_email, smtp_server  # noqa: F401

pytestmark = pytest.mark.django_db


def inbox(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_booking_tells_the_patient_and_the_doctor(people):
    appointment = make_appointment(people.owner, people.doctor)
    appointment_event_notify(event="appointment.booked", appointment_id=appointment.pk)
    assert inbox(people.owner) == [Kind.APPOINTMENT_BOOKED]
    assert inbox(people.doctor) == [Kind.APPOINTMENT_BOOKED]
    note = Notification.objects.get(recipient=people.owner)
    assert people.doctor.last_name in note.body
    assert note.link == f"/appointments/{appointment.pk}"


def test_notifications_carry_no_clinical_detail(people):
    appointment = make_appointment(people.owner, people.doctor, reason="Suspected diabetes")
    appointment_event_notify(event="appointment.booked", appointment_id=appointment.pk)
    for note in Notification.objects.all():
        assert "diabetes" not in f"{note.title} {note.body}".lower()


@pytest.mark.parametrize(
    ("cancelled_by", "told"),
    [("owner", ["doctor"]), ("doctor", ["owner"]), ("nurse", ["owner", "doctor"]), ("admin", ["owner", "doctor"])],
)
def test_a_cancellation_tells_the_other_party(people, cancelled_by, told):
    appointment = make_appointment(
        people.owner, people.doctor, status=Status.CANCELLED, cancelled_by=getattr(people, cancelled_by)
    )
    appointment_event_notify(event="appointment.cancelled", appointment_id=appointment.pk)
    told_ids = {getattr(people, name).pk for name in told}
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == told_ids


def test_a_reschedule_tells_both_and_a_completed_visit_tells_the_patient(people):
    appointment = make_appointment(people.owner, people.doctor)
    appointment_event_notify(event="appointment.rescheduled", appointment_id=appointment.pk)
    appointment_event_notify(event="appointment.completed", appointment_id=appointment.pk)
    assert inbox(people.owner) == [Kind.VISIT_COMPLETED, Kind.APPOINTMENT_RESCHEDULED]
    assert inbox(people.doctor) == [Kind.APPOINTMENT_RESCHEDULED]


def test_an_unknown_appointment_or_event_notifies_nobody(people):
    appointment_event_notify(event="appointment.booked", appointment_id=999999)
    appointment = make_appointment(people.owner, people.doctor)
    appointment_event_notify(event="appointment.no_show", appointment_id=appointment.pk)
    assert Notification.objects.count() == 0


def test_a_new_record_entry_tells_the_patient(people):
    clinical_event_notify(kind=Kind.RECORD_ADDED, patient_id=people.owner.pk, link="/records/1")
    assert inbox(people.owner) == [Kind.RECORD_ADDED]


def test_patients_who_prefer_email_get_a_copy_after_commit(people, django_capture_on_commit_callbacks):
    prefer_email(people.owner)
    appointment = make_appointment(people.owner, people.doctor, reason="Suspected diabetes")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        appointment_event_notify(event="appointment.booked", appointment_id=appointment.pk)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [people.owner.email]
    assert "Appointment booked" in message.subject
    assert "diabetes" not in message.body.lower()
    assert f"/appointments/{appointment.pk}" in message.body
    assert EmailDelivery.objects.get().status == DeliveryStatus.SENT


def test_in_app_users_and_staff_get_no_email(people, django_capture_on_commit_callbacks):
    appointment = make_appointment(people.owner, people.doctor)
    with django_capture_on_commit_callbacks(execute=True):
        appointment_event_notify(event="appointment.booked", appointment_id=appointment.pk)
    assert mail.outbox == []
    assert EmailDelivery.objects.count() == 0


def test_an_email_goes_through_a_real_smtp_server(people, smtp_server, django_capture_on_commit_callbacks):  # noqa: F811
    handler, _ = smtp_server
    prefer_email(people.owner)
    appointment = make_appointment(people.owner, people.doctor)
    with django_capture_on_commit_callbacks(execute=True):
        appointment_event_notify(event="appointment.booked", appointment_id=appointment.pk)
    assert len(handler.messages) == 1
    assert handler.messages[0].rcpt_tos == [people.owner.email]
    assert b"Appointment booked" in handler.messages[0].content


def test_a_refused_smtp_delivery_is_retried_until_it_goes_through(
    people,
    smtp_server,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    handler, _ = smtp_server
    handler.refuse_next = 2
    prefer_email(people.owner)
    appointment = make_appointment(people.owner, people.doctor)
    with django_capture_on_commit_callbacks(execute=True):
        appointment_event_notify(event="appointment.booked", appointment_id=appointment.pk)
    delivery = EmailDelivery.objects.get()
    assert len(handler.messages) == 1
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 3)


def test_the_email_task_retries_with_exponential_backoff():
    from smtplib import SMTPException

    from apps.notifications.tasks import send_notification_email

    assert SMTPException in send_notification_email.autoretry_for
    assert send_notification_email.retry_backoff
    assert send_notification_email.max_retries >= 3


class TestReminders:
    def test_a_reminder_is_sent_at_the_patients_lead_time_exactly_once(
        self, people, django_capture_on_commit_callbacks
    ):
        prefer_email(people.owner)
        make_appointment(people.owner, people.doctor, starts_in=timedelta(hours=23))
        with django_capture_on_commit_callbacks(execute=True):
            assert reminders_send() == 1
            assert reminders_send() == 0
        assert inbox(people.owner) == [Kind.REMINDER]
        assert len(mail.outbox) == 1

    def test_no_reminder_before_the_lead_time(self, people):
        make_appointment(people.owner, people.doctor, starts_in=timedelta(hours=30))
        assert reminders_send() == 0

    def test_a_longer_lead_time_reminds_earlier(self, people):
        profile = people.owner.patient_profile
        profile.reminder_lead_hours = 72
        profile.save()
        make_appointment(people.owner, people.doctor, starts_in=timedelta(hours=70))
        assert reminders_send() == 1

    def test_cancelled_and_past_appointments_get_no_reminder(self, people):
        make_appointment(people.owner, people.doctor, starts_in=timedelta(hours=2), status=Status.CANCELLED)
        make_appointment(people.owner, people.doctor, starts_in=timedelta(hours=-2))
        assert reminders_send() == 0

    def test_a_rescheduled_appointment_is_reminded_of_its_new_time(self, people):
        appointment = make_appointment(people.owner, people.doctor, starts_in=timedelta(hours=5))
        assert reminders_send() == 1
        appointment.start += timedelta(hours=2)
        appointment.end += timedelta(hours=2)
        appointment.save()
        assert reminders_send() == 1
        assert ReminderDelivery.objects.filter(appointment=appointment).count() == 2

    def test_a_queued_reminder_for_an_appointment_cancelled_since_is_not_emailed(
        self, people, django_capture_on_commit_callbacks
    ):
        prefer_email(people.owner)
        appointment = make_appointment(people.owner, people.doctor, starts_in=timedelta(hours=5))
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            reminders_send(now=timezone.now())
        appointment.status = Status.CANCELLED
        appointment.save()
        for callback in callbacks:
            callback()
        assert mail.outbox == []
        assert EmailDelivery.objects.get().status == DeliveryStatus.SKIPPED


def test_a_new_record_entry_and_report_reach_the_patients_inbox_after_commit(
    people, settings, tmp_path, django_capture_on_commit_callbacks
):
    from apps.records.services.records import record_create
    from apps.records.services.reports import report_upload

    settings.REPORTS_DIR = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        record_create(
            actor=people.doctor,
            patient_id=people.owner.pk,
            entry_date=timezone.localdate(),
            diagnosis="Type 2 diabetes",
        )
        report_upload(
            actor=people.nurse,
            patient_id=people.owner.pk,
            title="Blood panel",
            filename="panel.pdf",
            data=b"%PDF-1.4 test report",
        )
    assert sorted(inbox(people.owner)) == [Kind.RECORD_ADDED, Kind.REPORT_ADDED]
    assert "diabetes" not in " ".join(Notification.objects.values_list("title", flat=True)).lower()


def test_the_send_reminders_command_sends_what_is_due_once(people, django_capture_on_commit_callbacks):
    import io

    from django.core.management import call_command

    make_appointment(people.owner, people.doctor, starts_in=timedelta(hours=3))
    first, second = io.StringIO(), io.StringIO()
    call_command("send_reminders", stdout=first)
    call_command("send_reminders", stdout=second)
    assert first.getvalue().strip() == "1 reminder(s) sent."
    assert second.getvalue().strip() == "0 reminder(s) sent."


def test_the_beat_tasks_run_the_same_jobs(people):
    from apps.notifications.tasks import flush_expired_tokens, requeue_pending_emails, send_reminders

    make_appointment(people.owner, people.doctor, starts_in=timedelta(hours=3))
    assert send_reminders.apply().get() == 1
    assert requeue_pending_emails.apply().get() == 0
    flush_expired_tokens.apply().get()


def test_pending_emails_that_never_left_are_queued_again(people, django_capture_on_commit_callbacks):
    from apps.notifications.services import email_requeue_pending

    prefer_email(people.owner)
    appointment = make_appointment(people.owner, people.doctor)
    with django_capture_on_commit_callbacks(execute=False):
        appointment_event_notify(event="appointment.booked", appointment_id=appointment.pk)
    Notification.objects.update(created_at=timezone.now() - timedelta(hours=1))
    assert email_requeue_pending() == 1
    assert len(mail.outbox) == 1
    assert EmailDelivery.objects.get().status == DeliveryStatus.SENT


def test_a_booking_notifies_from_the_appointment_it_holds_as_from_one_read_again(
    people, django_capture_on_commit_callbacks
):
    """The booking passes its appointment along: the same messages, and no read of the appointment."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.scheduling.services import appointment_book
    from apps.scheduling.tests.factories import days_ahead, local, open_every_day

    open_every_day(people.doctor)
    prefer_email(people.owner)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        booked = appointment_book(
            actor=people.owner, patient=people.owner, doctor=people.doctor, start=local(days_ahead(4), "10:00")
        )
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "scheduling_appointment"' in q["sql"]]
    assert reads == []
    fields = ("recipient_id", "kind", "title", "body", "link", "appointment_id")
    held = list(Notification.objects.order_by("pk").values_list(*fields))
    assert len(held) == 2
    assert EmailDelivery.objects.count() == 1
    Notification.objects.all().delete()
    appointment_event_notify(event="appointment.booked", appointment_id=booked.pk)
    assert list(Notification.objects.order_by("pk").values_list(*fields)) == held
    assert EmailDelivery.objects.count() == 1  # the owner prefers e-mail, the doctor does not (deleted with the first)
