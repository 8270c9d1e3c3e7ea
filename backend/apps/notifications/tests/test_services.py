from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from apps.notifications.models import DeliveryStatus, EmailDelivery, Kind, Notification, ReminderDelivery, Title
from apps.notifications.outbox import CLAIM_LEASE, NOT_CLAIMED, message_id, retry_delay
from apps.notifications.services import email_deliver, email_outbox_drain, notification_create
from apps.records.services.notifications import clinical_event_notify
from apps.scheduling.models import Status
from apps.scheduling.services.notifications import appointment_event_notify
from apps.scheduling.services.reminders import reminders_send

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
    assert message.extra_headers["Message-ID"] == message_id(Notification.objects.get(recipient=people.owner))
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


def test_a_refused_smtp_delivery_is_sent_by_the_sweep_once_it_is_due_again(
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
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
    assert email_outbox_drain() == 0  # not due yet: the first retry waits 30 s
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        assert email_outbox_drain() == 0  # refused again; the next retry waits 60 s
    with time_machine.travel(timezone.now() + timedelta(seconds=31 + 61)):
        assert email_outbox_drain() == 1
        assert email_outbox_drain() == 0
    delivery.refresh_from_db()
    assert len(handler.messages) == 1
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 3)


def test_failed_attempts_wait_twice_as_long_each_time_and_end_after_the_last(people, settings):
    assert [retry_delay(n).total_seconds() for n in range(1, 8)] == [30, 60, 120, 240, 480, 900, 900]
    settings.EMAIL_BACKEND = "apps.notifications.tests.helpers.RefusingEmailBackend"
    settings.EMAIL_MAX_ATTEMPTS = 2
    prefer_email(people.owner)
    notification = notification_create(
        recipient=people.owner, kind=Kind.RECORD_ADDED, title=Title.RECORD_ADDED, by_email=True
    )
    assert email_outbox_drain() == 0
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        assert email_outbox_drain() == 0
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert email_outbox_drain() == 0
    delivery = EmailDelivery.objects.get(notification=notification)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 2)


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
    from apps.notifications.tasks import flush_expired_tokens, send_notification_email
    from apps.scheduling.tasks import send_reminders

    prefer_email(people.owner)
    make_appointment(people.owner, people.doctor, starts_in=timedelta(hours=3))
    assert send_reminders.apply().get() == 1
    # The reminder's e-mail: this test commits nothing, so it was not handed over yet.
    notification_id = EmailDelivery.objects.get().notification_id
    assert send_notification_email.apply(args=(notification_id,)).get() == DeliveryStatus.SENT
    assert send_notification_email.apply(args=(notification_id,)).get() == NOT_CLAIMED
    flush_expired_tokens.apply().get()


def test_the_sweep_sends_the_emails_that_were_never_handed_over_exactly_once(
    people, django_capture_on_commit_callbacks
):
    prefer_email(people.owner)
    appointment = make_appointment(people.owner, people.doctor)
    with django_capture_on_commit_callbacks(execute=False):  # the hand-over never happens
        appointment_event_notify(event="appointment.booked", appointment_id=appointment.pk)
    assert mail.outbox == []
    assert email_outbox_drain() == 1
    assert email_outbox_drain() == 0
    assert email_deliver(notification_id=EmailDelivery.objects.get().notification_id) == NOT_CLAIMED
    assert len(mail.outbox) == 1
    assert EmailDelivery.objects.get().status == DeliveryStatus.SENT


def test_an_email_claimed_by_a_sender_that_died_goes_out_again_after_its_lease_under_the_same_message_id(people):
    prefer_email(people.owner)
    notification = notification_create(
        recipient=people.owner, kind=Kind.RECORD_ADDED, title=Title.RECORD_ADDED, by_email=True
    )
    # A sender claimed it and died before marking it sent.
    EmailDelivery.objects.filter(notification=notification).update(
        attempts=1, next_attempt_at=timezone.now() + CLAIM_LEASE
    )
    assert email_outbox_drain() == 0
    assert email_deliver(notification_id=notification.pk) == NOT_CLAIMED
    with time_machine.travel(timezone.now() + CLAIM_LEASE + timedelta(seconds=1)):
        assert email_outbox_drain() == 1
    assert [message.extra_headers["Message-ID"] for message in mail.outbox] == [message_id(notification)]


def test_no_email_is_handed_over_while_its_transaction_is_open(people, django_capture_on_commit_callbacks):
    prefer_email(people.owner)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification_create(recipient=people.owner, kind=Kind.RECORD_ADDED, title=Title.RECORD_ADDED, by_email=True)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_a_booking_notifies_from_the_appointment_it_holds_as_from_one_read_again(people):
    """The booking passes its appointment along: the same messages, and no read of the appointment."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.scheduling.services import appointment_book
    from apps.scheduling.tests.factories import days_ahead, local, open_every_day

    open_every_day(people.doctor)
    prefer_email(people.owner)
    with CaptureQueriesContext(connection) as queries:
        booked = appointment_book(
            actor=people.owner, patient=people.owner, doctor=people.doctor, start=local(days_ahead(4), "10:00")
        )
    sql = [q["sql"] for q in queries.captured_queries]
    inserted = next(i for i, q in enumerate(sql) if q.startswith('INSERT INTO "scheduling_appointment"'))
    assert [q for q in sql[inserted:] if 'FROM "scheduling_appointment"' in q] == []
    assert any(q.startswith('INSERT INTO "notifications_notification"') for q in sql[inserted:])
    fields = ("recipient_id", "kind", "title", "body", "link", "appointment_id")
    held = list(Notification.objects.order_by("pk").values_list(*fields))
    assert len(held) == 2
    assert EmailDelivery.objects.count() == 1
    Notification.objects.all().delete()
    appointment_event_notify(event="appointment.booked", appointment_id=booked.pk)
    assert list(Notification.objects.order_by("pk").values_list(*fields)) == held
    assert EmailDelivery.objects.count() == 1  # the owner prefers e-mail, the doctor does not (deleted with the first)
