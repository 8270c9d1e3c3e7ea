import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.request_id import request_id_context

pytestmark = pytest.mark.django_db


def test_audit_events_cannot_be_changed_or_deleted_through_the_orm(people):
    [event] = audit_record(actor=people.nurse, action="patient.read", resource_type="patient", patient=people.owner)
    event.action = "something.else"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "patient.read"


@pytest.mark.parametrize("who", ["nurse", "anonymous", "no request"])
def test_a_list_of_items_writes_the_same_rows_as_one_event_each(people, who, django_assert_num_queries):
    """`items` and `resource_id`/`patient` are the same insert: one statement, the same rows."""
    actor = AnonymousUser() if who == "anonymous" else people.nurse
    request = None if who == "no request" else RequestFactory().get("/", REMOTE_ADDR="198.51.100.4")
    token = request_id_context.set("a" * 32)
    try:
        for n, patient in ((7, people.owner), (8, people.other_patient)):
            audit_record(
                actor=actor,
                action="appointment.read",
                resource_type="appointment",
                resource_id=n,
                patient=patient,
                request=request,
            )
        with django_assert_num_queries(1):
            events = audit_record(
                actor=actor,
                action="appointment.read",
                resource_type="appointment",
                items=[(7, people.owner), (8, people.other_patient.pk)],
                request=request,
            )
        assert [event.pk is not None for event in events] == [True, True]
        with django_assert_num_queries(0):
            assert audit_record(actor=actor, action="appointment.read", resource_type="appointment", items=[]) == []
    finally:
        request_id_context.reset(token)
    columns = [f.attname for f in AuditEvent._meta.concrete_fields if f.attname not in ("id", "occurred_at")]
    rows = list(AuditEvent.objects.order_by("id").values_list(*columns))
    assert len(rows) == 4
    assert rows[2:] == rows[:2]
    assert rows[0][columns.index("actor_id")] == (None if who == "anonymous" else people.nurse.pk)
    assert rows[0][columns.index("client_ip")] == (None if who == "no request" else "198.51.100.4")
    assert rows[0][columns.index("request_id")] == ("" if who == "no request" else "a" * 32)


def test_an_event_records_actor_role_client_address_and_request_id(client_for, people):
    client_for(people.nurse).get(f"/api/v1/patients/{people.owner.pk}/", REMOTE_ADDR="192.0.2.7")
    event = AuditEvent.objects.get(action="patient.read")
    assert (event.actor, event.actor_role, event.patient, event.client_ip) == (
        people.nurse,
        "nurse",
        people.owner,
        "192.0.2.7",
    )
    assert event.resource_type == "patient"
    assert event.resource_id == str(people.owner.pk)
    assert len(event.request_id) == 32


def test_admins_filter_the_audit_log_by_actor_patient_action_and_date(client_for, people):
    audit_record(actor=people.nurse, action="patient.read", resource_type="patient", patient=people.owner)
    audit_record(actor=people.doctor, action="patient.read", resource_type="patient", patient=people.other_patient)
    audit_record(actor=people.doctor, action="record.create", resource_type="record", patient=people.owner)
    client = client_for(people.admin)

    def actions(**params):
        return [row["action"] for row in client.get("/api/v1/audit-events/", params).json()["results"]]

    assert actions(actor=people.doctor.pk) == ["record.create", "patient.read"]
    assert actions(patient=people.owner.pk) == ["record.create", "patient.read"]
    assert actions(action="record.create") == ["record.create"]
    today = client.get("/api/v1/audit-events/").json()["results"][0]["occurred_at"][:10]
    assert len(actions(date_from=today, date_to=today)) == 3
    assert actions(date_from="2000-01-01", date_to="2000-01-02") == []


def test_audit_rows_name_the_actor_and_patient_for_the_admin(client_for, people):
    audit_record(actor=people.nurse, action="patient.read", resource_type="patient", patient=people.owner)
    row = client_for(people.admin).get("/api/v1/audit-events/").json()["results"][0]
    assert row["actor_name"] == people.nurse.full_name
    assert row["patient_name"] == people.owner.full_name
    assert row["actor_role"] == "nurse"


@pytest.mark.parametrize("params", [{"date_from": "yesterday"}, {"actor": "abc"}, {"outcome": "maybe"}])
def test_malformed_audit_filters_answer_400(client_for, people, params):
    response = client_for(people.admin).get("/api/v1/audit-events/", params)
    assert response.status_code == 400


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_api_writes_to_the_audit_log(client_for, people, method):
    response = getattr(client_for(people.admin), method)("/api/v1/audit-events/", {}, format="json")
    assert response.status_code == 405
