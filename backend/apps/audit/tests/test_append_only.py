"""The audit table refuses changes in the database itself, whatever the application does."""

import pytest
from django.db import DatabaseError, connection, transaction

from apps.audit.models import AuditEvent
from apps.audit.services import audit_record

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def event(people):
    audit_record(actor=people.doctor, action="record.read", resource_type="record_entry", resource_id=1)
    return AuditEvent.objects.get(actor=people.doctor)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET outcome = 'denied' WHERE id = %s",
        "UPDATE audit_auditevent SET actor_id = NULL, action = 'nothing' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_a_raw_update_or_delete_of_an_audit_event_is_refused_by_the_database(event, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [event.pk])
    unchanged = AuditEvent.objects.get(pk=event.pk)
    assert (unchanged.outcome, unchanged.action, unchanged.actor_id) == ("success", "record.read", event.actor_id)


def test_new_audit_events_can_still_be_written(event, people):
    audit_record(actor=people.nurse, action="record.read", resource_type="record_entry", resource_id=1)
    assert AuditEvent.objects.count() == 2
