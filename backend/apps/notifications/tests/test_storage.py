"""What a notification keeps in the database: nothing in clear that names a person or a time."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from apps.accounts.services.password_reset import password_reset_notify
from apps.accounts.services.registration import registration_attempt_notify
from apps.notifications.models import Kind, Notification, Title
from apps.notifications.services import when as _when
from apps.records.services.notifications import clinical_event_notify
from apps.scheduling.models import Status
from apps.scheduling.services.notifications import appointment_event_notify
from apps.scheduling.services.reminders import reminders_send

from .helpers import make_appointment

pytestmark = pytest.mark.django_db


def stored_rows() -> list[dict[str, str]]:
    """The rows as a copy of the database shows them, without the app's decryption."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT kind, title, body, link FROM {Notification._meta.db_table}")  # noqa: S608
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def webhook_disabled_notify(admin) -> None:
    from apps.webhooks.services.endpoints import endpoint_disabled_notify
    from apps.webhooks.tests.factories import new_endpoint

    endpoint, _ = new_endpoint(url="https://receiver.example/hooks", owner=admin)
    endpoint_disabled_notify(endpoint_id=endpoint.pk)


def test_no_name_or_time_of_any_notification_is_stored_in_clear(people):
    booked = make_appointment(people.owner, people.doctor, starts_in=timedelta(hours=3))
    cancelled = make_appointment(
        people.owner, people.doctor, starts_in=timedelta(days=2), status=Status.CANCELLED, cancelled_by=people.nurse
    )
    for event in ("appointment.booked", "appointment.rescheduled", "appointment.completed"):
        appointment_event_notify(event=event, appointment_id=booked.pk)
    appointment_event_notify(event="appointment.cancelled", appointment_id=cancelled.pk)
    assert reminders_send() == 1
    for kind in (Kind.RECORD_ADDED, Kind.REPORT_ADDED):
        clinical_event_notify(kind=kind, patient_id=people.owner.pk, link="/record")
    registration_attempt_notify(owner_id=people.owner.pk)
    password_reset_notify(user=people.owner)
    webhook_disabled_notify(people.admin)

    rows = stored_rows()
    assert {row["kind"] for row in rows} == set(Kind.values)
    secrets = ["Olive", "Owner", people.doctor.last_name, _when(booked.start), _when(cancelled.start)]
    secrets += [f"{moment:%H:%M}" for moment in (timezone.localtime(booked.start), timezone.localtime(cancelled.start))]
    for row in rows:
        in_clear = " ".join((row["kind"], row["title"], row["link"]))
        assert not [secret for secret in secrets if secret in in_clear], row
        assert row["title"] in Title.values
        # The body, if any, is a Fernet token; an empty body is stored empty.
        assert row["body"] == "" or row["body"].startswith("gAAAAA"), row
    bodies = " ".join(note.body for note in Notification.objects.all())
    assert "Olive Owner" in bodies
    assert people.doctor.last_name in bodies


def test_the_database_refuses_a_title_that_is_not_a_fixed_phrase(people):
    with pytest.raises(IntegrityError):
        Notification.objects.create(recipient=people.doctor, kind=Kind.APPOINTMENT_BOOKED, title="Olive Owner, 09:30")


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_free_titles_the_phrase_of_their_kind(people):
    executor = MigrationExecutor(connection)
    leaf = executor.loader.graph.leaf_nodes("notifications")
    before = [("notifications", "0001_initial")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("notifications", "Notification")
    free = old.objects.create(recipient_id=people.doctor.pk, kind=Kind.APPOINTMENT_BOOKED, title="Olive, 09:30")
    fixed = old.objects.create(recipient_id=people.doctor.pk, kind=Kind.APPOINTMENT_BOOKED, title="New appointment")

    executor = MigrationExecutor(connection)
    executor.migrate(leaf)
    assert Notification.objects.get(pk=free.pk).title == Title.APPOINTMENT_BOOKED
    assert Notification.objects.get(pk=fixed.pk).title == Title.NEW_APPOINTMENT
