"""API clients that write: `appointments:write` books, reschedules and cancels, `records:write` writes and
revises record entries, through the people's endpoints and rules; every row, audit event and webhook
event names the client, never a person (docs/api-clients.md).

The scope x operation matrix (every write for every scope, and for limited clients) is in
tests/security/test_client_matrix.py; this file holds what a status alone does not show.
"""

from datetime import date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from apps.audit.models import AuditEvent
from apps.core.idempotency import REPLAYED_HEADER
from apps.core.models import IdempotentRequest
from apps.records.models import RecordEntry, RecordRevision
from apps.records.tests.factories import RecordEntryFactory
from apps.scheduling.models import Appointment, Status
from apps.scheduling.tests.factories import AppointmentFactory, days_ahead, local, open_every_day
from apps.webhooks.models import WebhookDelivery, WebhookEvent
from apps.webhooks.services import webhook_event_fan_out
from apps.webhooks.tests.factories import new_endpoint

from .factories import client_token, new_client, request_token

pytestmark = pytest.mark.django_db

APPOINTMENTS = "/api/v1/appointments/"
RECORDS = "/api/v1/records/"


def bearer(token: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


def signed_in(user) -> APIClient:
    from apps.accounts.services.sessions import session_start_for

    return bearer(session_start_for(user=user).access)


@pytest.fixture
def clinic(people, settings):
    """The people of the access table; both doctors work every day; an admin's webhook endpoint listens."""
    settings.TIME_ZONE = "Europe/London"
    open_every_day(people.doctor)
    open_every_day(people.other_doctor)
    new_endpoint(url="https://receiver.example/hooks", owner=people.admin)
    return people


def booking(clinic, at: str = "11:00", **extra) -> dict:
    return {
        "doctor": clinic.doctor.pk,
        "patient": clinic.owner.pk,
        "start": local(days_ahead(6), at).isoformat(),
    } | extra


def events() -> list[tuple[str, dict]]:
    return [(event.type, event.data) for event in WebhookEvent.objects.order_by("pk")]


def client_events(client) -> list[tuple[str, str, int | None]]:
    """The audit events written by `client`: (action, outcome, actor), oldest first."""
    rows = AuditEvent.objects.filter(client=client).order_by("pk")
    return [(row.action, row.outcome, row.actor_id) for row in rows]


# --- appointments:write ---------------------------------------------------------------------------


def test_a_client_books_for_a_patient_and_the_appointment_names_the_client(clinic):
    client, token = client_token(scopes=["appointments:write"], admin=clinic.admin)
    response = bearer(token).post(APPOINTMENTS, booking(clinic, reason="Follow-up"), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["booked_by"], body["booked_by_client"]) == (None, client.pk)
    # The patient's note is clinical text: written, but shown only with records:read.
    assert "reason" not in body
    appointment = Appointment.objects.get()
    assert (appointment.booked_by_id, appointment.booked_by_client_id) == (None, client.pk)
    assert appointment.reason == "Follow-up"
    assert client_events(client) == [("appointment.book", "success", None)]
    assert events() == [("appointment.booked", {"id": appointment.pk})]


def test_a_client_reschedules_and_cancels_and_the_appointment_names_the_client(clinic):
    client, token = client_token(scopes=["appointments:write"], admin=clinic.admin)
    appointment = AppointmentFactory(patient=clinic.owner, doctor=clinic.doctor, start=local(days_ahead(6), "10:00"))
    api = bearer(token)

    moved = api.patch(f"{APPOINTMENTS}{appointment.pk}/", {"start": booking(clinic)["start"]}, format="json")
    assert moved.status_code == 200, moved.content
    assert datetime.fromisoformat(moved.json()["start"]) == local(days_ahead(6), "11:00")
    cancelled = api.post(f"{APPOINTMENTS}{appointment.pk}/cancel/", {"reason": "Patient unwell"}, format="json")
    assert cancelled.status_code == 200, cancelled.content
    body = cancelled.json()
    assert (body["status"], body["cancelled_by"], body["cancelled_by_client"]) == ("cancelled", None, client.pk)
    # The person who booked stays named: the client cancelled, it did not book.
    assert (body["booked_by"], body["booked_by_client"]) == (clinic.owner.pk, None)
    appointment.refresh_from_db()
    assert (appointment.cancelled_by_id, appointment.cancelled_by_client_id) == (None, client.pk)
    assert appointment.cancellation_reason == "Patient unwell"
    assert client_events(client) == [
        ("appointment.reschedule", "success", None),
        ("appointment.cancel", "success", None),
    ]
    assert events() == [
        ("appointment.rescheduled", {"id": appointment.pk}),
        ("appointment.cancelled", {"id": appointment.pk}),
    ]


def test_a_client_books_by_the_rules_people_book_by(clinic):
    _, token = client_token(scopes=["appointments:write"], admin=clinic.admin)
    api = bearer(token)
    AppointmentFactory(patient=clinic.other_patient, doctor=clinic.doctor, start=local(days_ahead(6), "11:00"))

    taken = api.post(APPOINTMENTS, booking(clinic), format="json")
    assert (taken.status_code, taken.json()["code"]) == (409, "slot_taken")
    between = api.post(APPOINTMENTS, booking(clinic, at="11:10"), format="json")
    assert (between.status_code, between.json()["code"]) == (400, "outside_availability")
    yesterday = (timezone.now() - timedelta(days=1)).isoformat()
    past = api.post(APPOINTMENTS, booking(clinic) | {"start": yesterday}, format="json")
    assert (past.status_code, past.json()["code"]) == (400, "start_in_past")
    # The other doctor takes no new patients, and has never seen the owner.
    clinic.other_doctor.doctor_profile.accepting_new_patients = False
    clinic.other_doctor.doctor_profile.save()
    closed = api.post(APPOINTMENTS, booking(clinic, doctor=clinic.other_doctor.pk), format="json")
    assert (closed.status_code, closed.json()["code"]) == (409, "doctor_not_accepting_new_patients")
    assert Appointment.objects.count() == 1


def test_a_client_moves_and_cancels_only_up_to_the_patients_cut_off(clinic, settings):
    _, token = client_token(scopes=["appointments:write"], admin=clinic.admin)
    soon = timezone.now().replace(microsecond=0) + timedelta(hours=settings.CANCELLATION_CUTOFF_HOURS - 1)
    appointment = AppointmentFactory(patient=clinic.owner, doctor=clinic.doctor, start=soon)
    api = bearer(token)

    moved = api.patch(f"{APPOINTMENTS}{appointment.pk}/", {"start": booking(clinic)["start"]}, format="json")
    assert (moved.status_code, moved.json()["code"]) == (409, "cancellation_too_late")
    cancelled = api.post(f"{APPOINTMENTS}{appointment.pk}/cancel/", {"reason": "Late"}, format="json")
    assert (cancelled.status_code, cancelled.json()["code"]) == (409, "cancellation_too_late")
    appointment.refresh_from_db()
    assert (appointment.status, appointment.start) == (Status.BOOKED, soon)
    # A nurse at the clinic may (the call the cut-off asks for).
    nurse = signed_in(clinic.nurse).post(f"{APPOINTMENTS}{appointment.pk}/cancel/", {"reason": "Called"}, format="json")
    assert nurse.status_code == 200


def test_a_client_limited_to_a_doctor_books_only_with_that_doctor(clinic):
    _, token = client_token(scopes=["appointments:write"], doctors=[clinic.doctor], admin=clinic.admin)
    api = bearer(token)
    # The owner is the doctor's patient, so in the client's limits; the booking must stay there too.
    elsewhere = api.post(APPOINTMENTS, booking(clinic, doctor=clinic.other_doctor.pk), format="json")
    assert (elsewhere.status_code, elsewhere.json()["code"]) == (403, "permission_denied")
    # A patient the doctor has never seen is outside the limits: not found, as for people.
    stranger = api.post(APPOINTMENTS, booking(clinic, patient=clinic.other_patient.pk), format="json")
    assert stranger.status_code == 400
    assert stranger.json()["fields"] == {"patient": ["No patient with this id."]}
    assert api.post(APPOINTMENTS, booking(clinic), format="json").status_code == 201
    assert Appointment.objects.count() == 1


def test_a_client_limited_to_a_patient_books_them_with_any_doctor(clinic):
    client, token = client_token(scopes=["appointments:write"], patients=[clinic.owner], admin=clinic.admin)
    response = bearer(token).post(APPOINTMENTS, booking(clinic, doctor=clinic.other_doctor.pk), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["booked_by_client"] == client.pk


def test_a_client_does_not_close_a_visit_or_record_a_no_show(clinic):
    _, token = client_token(scopes=["appointments:write", "records:write"], admin=clinic.admin)
    started = AppointmentFactory(
        patient=clinic.owner, doctor=clinic.doctor, start=timezone.now().replace(microsecond=0) - timedelta(minutes=5)
    )
    api = bearer(token)
    complete = api.post(f"{APPOINTMENTS}{started.pk}/complete/", {"consultation_notes": "Fine"}, format="json")
    assert complete.status_code == 403
    assert api.post(f"{APPOINTMENTS}{started.pk}/no-show/").status_code == 403
    started.refresh_from_db()
    assert started.status == Status.BOOKED


def test_a_clients_booking_retried_under_its_idempotency_key_books_once(clinic):
    client, token = client_token(scopes=["appointments:write"], admin=clinic.admin)
    api = bearer(token)
    first = api.post(APPOINTMENTS, booking(clinic), format="json", HTTP_IDEMPOTENCY_KEY="book-1")
    again = api.post(APPOINTMENTS, booking(clinic), format="json", HTTP_IDEMPOTENCY_KEY="book-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again[REPLAYED_HEADER] == "true"
    assert again.json() == first.json()
    assert Appointment.objects.count() == 1
    other = api.post(APPOINTMENTS, booking(clinic, at="12:00"), format="json", HTTP_IDEMPOTENCY_KEY="book-1")
    assert (other.status_code, other.json()["code"]) == (409, "idempotency_key_reused")
    kept = IdempotentRequest.objects.get()
    assert (kept.user_id, kept.client_id, kept.key) == (None, client.pk, "book-1")


def test_two_clients_may_use_the_same_idempotency_key(clinic):
    _, first = client_token(scopes=["appointments:write"], name="First", admin=clinic.admin)
    _, second = client_token(scopes=["appointments:write"], name="Second", admin=clinic.admin)
    one = bearer(first).post(APPOINTMENTS, booking(clinic), format="json", HTTP_IDEMPOTENCY_KEY="k")
    two = bearer(second).post(APPOINTMENTS, booking(clinic, at="12:00"), format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert (one.status_code, two.status_code) == (201, 201)
    assert REPLAYED_HEADER not in two
    assert Appointment.objects.count() == 2


# --- records:write ------------------------------------------------------------------------------------


def entry_body(clinic, **extra) -> dict:
    return {"patient": clinic.owner.pk, "entry_date": "2024-05-01", "diagnosis": "Lab: raised CRP"} | extra


def test_a_client_writes_a_record_entry_that_names_it_as_the_author(clinic):
    client, token = client_token(scopes=["records:write"], name="City lab", admin=clinic.admin)
    response = bearer(token).post(RECORDS, entry_body(clinic), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["author"], body["author_client"]) == (None, {"id": client.pk, "name": "City lab"})
    entry = RecordEntry.objects.get()
    assert (entry.author_id, entry.author_client_id, entry.diagnosis) == (None, client.pk, "Lab: raised CRP")
    assert client_events(client) == [("record.create", "success", None)]
    assert events() == [("record.created", {"id": entry.pk, "patient_id": clinic.owner.pk})]
    # People read it with the client named.
    read = signed_in(clinic.doctor).get(f"{RECORDS}{entry.pk}/").json()
    assert (read["author"], read["author_client"]["name"]) == (None, "City lab")


def test_a_client_revises_an_entry_and_the_revisions_name_who_wrote_each_version(clinic):
    client, token = client_token(scopes=["records:write"], name="City lab", admin=clinic.admin)
    api = bearer(token)
    entry_id = api.post(RECORDS, entry_body(clinic), format="json").json()["id"]

    revised = api.patch(f"{RECORDS}{entry_id}/", {"notes": "Repeat in a week", "version": 1}, format="json")
    assert revised.status_code == 200, revised.content
    assert (revised.json()["version"], revised.json()["last_edited_by_client"]["id"]) == (2, client.pk)
    nurse = signed_in(clinic.nurse).patch(f"{RECORDS}{entry_id}/", {"notes": "Seen"}, format="json")
    assert nurse.status_code == 200
    assert (nurse.json()["last_edited_by"]["id"], nurse.json()["last_edited_by_client"]) == (clinic.nurse.pk, None)
    # The client edits the nurse's version in turn.
    assert api.patch(f"{RECORDS}{entry_id}/", {"notes": "Result final"}, format="json").status_code == 200

    rows = RecordRevision.objects.filter(entry_id=entry_id).order_by("revision")
    assert [(r.written_by_id, r.written_by_client_id, r.edited_by_id, r.edited_by_client_id) for r in rows] == [
        (None, client.pk, None, client.pk),
        (None, client.pk, clinic.nurse.pk, None),
        (clinic.nurse.pk, None, None, client.pk),
    ]
    listed = api.get(f"{RECORDS}{entry_id}/revisions/").json()["results"]
    assert [(r["written_by"], r["written_by_client"]) for r in listed][:2] == [
        (None, {"id": client.pk, "name": "City lab"}),
        (None, {"id": client.pk, "name": "City lab"}),
    ]
    assert listed[2]["written_by"]["id"] == clinic.nurse.pk
    assert [action for action, _, _ in client_events(client)] == [
        "record.create",
        "record.update",
        "record.update",
        "record.revisions.read",
    ]
    assert [kind for kind, _ in events()] == ["record.created", "record.revised", "record.revised", "record.revised"]


def test_a_client_revises_an_entry_a_clinician_wrote(clinic):
    client, token = client_token(scopes=["records:write"], admin=clinic.admin)
    entry = RecordEntryFactory(patient=clinic.owner, author=clinic.doctor)
    response = bearer(token).patch(f"{RECORDS}{entry.pk}/", {"diagnosis": "Corrected"}, format="json")
    assert response.status_code == 200, response.content
    revision = RecordRevision.objects.get()
    assert (revision.written_by_id, revision.edited_by_client_id) == (clinic.doctor.pk, client.pk)
    assert response.json()["author"]["id"] == clinic.doctor.pk


def test_a_clients_entry_shows_in_the_timeline_with_the_clients_name(clinic):
    client, token = client_token(scopes=["records:write"], name="City lab", admin=clinic.admin)
    bearer(token).post(RECORDS, entry_body(clinic), format="json")
    RecordEntryFactory(patient=clinic.owner, author=clinic.doctor, entry_date=date(2024, 4, 1))
    response = signed_in(clinic.owner).get(f"/api/v1/patients/{clinic.owner.pk}/timeline/?kind=record")
    assert response.status_code == 200
    records = [item["record"] for item in response.json()["results"]]
    assert [(r["author"] and r["author"]["id"], r["author_client"]) for r in records] == [
        (None, {"id": client.pk, "name": "City lab"}),
        (clinic.doctor.pk, None),
    ]


def test_a_client_writes_no_entry_for_a_patient_outside_its_limits(clinic):
    _, token = client_token(scopes=["records:write"], doctors=[clinic.other_doctor], admin=clinic.admin)
    response = bearer(token).post(RECORDS, entry_body(clinic), format="json")
    assert response.status_code == 404
    assert not RecordEntry.objects.exists()


def test_a_clients_entry_retried_under_its_idempotency_key_is_written_once(clinic):
    _, token = client_token(scopes=["records:write"], admin=clinic.admin)
    api = bearer(token)
    first = api.post(RECORDS, entry_body(clinic), format="json", HTTP_IDEMPOTENCY_KEY="entry-1")
    again = api.post(RECORDS, entry_body(clinic), format="json", HTTP_IDEMPOTENCY_KEY="entry-1")
    assert (first.status_code, again.status_code, again[REPLAYED_HEADER]) == (201, 201, "true")
    assert again.json() == first.json()
    assert RecordEntry.objects.count() == 1


# --- scopes -------------------------------------------------------------------------------------------


def test_a_write_scope_includes_its_read_scope():
    client, secret = new_client(scopes=["appointments:write", "records:write"])
    granted = set(request_token(client, secret).json()["scope"].split())
    assert {"appointments:read", "records:read", "system/Appointment.rs", "system/Condition.rs"} <= granted
    # A token asked for the write scope alone reads too, on the REST API.
    token = request_token(client, secret, scope="records:write").json()["access_token"]
    assert bearer(token).get(RECORDS).status_code == 200
    assert bearer(token).get(APPOINTMENTS).status_code == 403


def test_a_client_with_appointments_write_receives_appointment_webhooks(clinic):
    client, token = client_token(scopes=["appointments:write", "webhooks:manage"], admin=clinic.admin)
    created = bearer(token).post(
        "/api/v1/webhooks/endpoints/",
        {"url": "https://client.example/hooks", "event_types": ["appointment.booked"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert bearer(token).post(APPOINTMENTS, booking(clinic), format="json").status_code == 201
    event = WebhookEvent.objects.get(type="appointment.booked")
    webhook_event_fan_out(event_id=event.pk)
    receivers = set(WebhookDelivery.objects.values_list("endpoint__client_id", flat=True))
    assert receivers == {None, client.pk}


# --- the database's guarantees ------------------------------------------------------------------------


def test_an_appointment_names_a_person_or_a_client_as_booker_never_both(clinic):
    client, _ = new_client(scopes=[])
    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentFactory(patient=clinic.owner, doctor=clinic.doctor, booked_by=clinic.nurse, booked_by_client=client)
    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentFactory(
            patient=clinic.owner,
            doctor=clinic.doctor,
            status=Status.CANCELLED,
            cancelled_by=clinic.nurse,
            cancelled_by_client=client,
        )


@pytest.mark.parametrize("both", [True, False], ids=["both", "neither"])
def test_a_record_entry_names_exactly_one_author(clinic, both):
    client, _ = new_client(scopes=[])
    authors = {"author": clinic.doctor, "author_client": client} if both else {"author": None}
    with pytest.raises(IntegrityError), transaction.atomic():
        RecordEntryFactory(patient=clinic.owner, **authors)
