"""The appointments API: booking, idempotent retries, lists, detail, changes and malformed input."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from apps.accounts.tests.factories import PatientFactory
from apps.audit.models import AuditEvent
from apps.scheduling.models import Appointment, Status

from .factories import AppointmentFactory, days_ahead, local

pytestmark = pytest.mark.django_db

URL = "/api/v1/appointments/"


def slot(at: str = "10:00", day: int = 7) -> str:
    return local(days_ahead(day), at).isoformat()


@pytest.fixture
def owner_client(open_hours, client_for):
    return client_for(open_hours.owner)


def test_a_patient_books_and_gets_the_appointment_back(open_hours, owner_client):
    response = owner_client.post(
        URL, {"doctor": open_hours.doctor.pk, "start": slot(), "reason": "Rash"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["patient"] == {"id": open_hours.owner.pk, "full_name": "Olive Owner"}
    assert body["doctor"]["id"] == open_hours.doctor.pk
    assert (body["status"], body["reason"], body["booked_by"]) == ("booked", "Rash", open_hours.owner.pk)
    assert datetime.fromisoformat(body["start"]) == local(days_ahead(7), "10:00")
    assert body["start"][-6:] == "+01:00" or body["start"].endswith("Z")  # ISO 8601 with the clinic's offset


def test_a_start_in_another_offset_is_the_same_instant(open_hours, owner_client):
    start = local(days_ahead(7), "10:00").astimezone(timezone.get_fixed_timezone(-300)).isoformat()
    response = owner_client.post(URL, {"doctor": open_hours.doctor.pk, "start": start}, format="json")
    assert response.status_code == 201, response.content


def test_a_nurse_books_for_a_patient_named_in_the_body(open_hours, client_for):
    body = {"doctor": open_hours.doctor.pk, "start": slot(), "patient": open_hours.owner.pk}
    response = client_for(open_hours.nurse).post(URL, body, format="json")
    assert response.status_code == 201
    assert response.json()["patient"]["id"] == open_hours.owner.pk


@pytest.mark.parametrize("booker", ["owner", "nurse", "admin"])
def test_the_booking_answers_what_the_appointment_reads_afterwards(open_hours, client_for, booker):
    """The 201 body is built from what the booking holds, not read again: it equals the detail's."""
    client = client_for(getattr(open_hours, booker))
    start = local(days_ahead(7), "10:00").astimezone(timezone.get_fixed_timezone(-300)).isoformat()
    body = {"doctor": open_hours.doctor.pk, "start": start, "reason": "Rash", "patient": open_hours.owner.pk}
    response = client.post(URL, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json() == client.get(f"{URL}{response.json()['id']}/").json()
    assert ("reason" in response.json()) == (booker != "admin")


def test_a_retry_answers_the_first_answer_even_after_the_booking_changed(open_hours, owner_client):
    body = {"doctor": open_hours.doctor.pk, "start": slot(), "reason": "Rash"}
    first = owner_client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="k-now")
    url = f"{URL}{first.json()['id']}/"
    assert owner_client.post(f"{url}cancel/", {"reason": "Travelling"}, format="json").status_code == 200
    # The replay is the first answer, as a retry of a request whose answer was lost must see it.
    again = owner_client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="k-now")
    assert (again.status_code, again.json(), again["Idempotent-Replayed"]) == (201, first.json(), "true")
    assert owner_client.get(url).json()["status"] == "cancelled"


def test_a_taken_slot_answers_409_with_a_machine_readable_code(open_hours, owner_client, client_for):
    owner_client.post(URL, {"doctor": open_hours.doctor.pk, "start": slot()}, format="json")
    response = client_for(open_hours.other_patient).post(URL, {"doctor": open_hours.doctor.pk, "start": slot()})
    assert response.status_code == 409
    assert response.json()["code"] == "slot_taken"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "doctor"),
        ({"doctor": "abc", "start": "2030-01-01T10:00:00Z"}, "doctor"),
        ({"doctor": -1, "start": "2030-01-01T10:00:00Z"}, "doctor"),
        ({"doctor": 10**20, "start": "2030-01-01T10:00:00Z"}, "doctor"),
        ({"doctor": "DOCTOR", "start": "tomorrow"}, "start"),
        ({"doctor": "DOCTOR", "start": "2030-02-30T10:00:00Z"}, "start"),
        ({"doctor": "DOCTOR", "start": "0001-01-01T00:00:00+05:00"}, "start"),
        ({"doctor": "DOCTOR", "start": "9999-12-31T23:59:59-05:00"}, "start"),
        ({"doctor": "DOCTOR", "start": "SLOT", "reason": "x" * 1001}, "reason"),
        ({"doctor": "DOCTOR", "start": "SLOT", "patient": "OTHER"}, "patient"),
        ({"doctor": 999999, "start": "SLOT"}, "doctor"),
        ({"doctor": "DOCTOR", "start": "OFF_GRID"}, "start"),
    ],
)
def test_malformed_bookings_answer_400_with_the_field(open_hours, owner_client, body, field):
    names = {
        "DOCTOR": open_hours.doctor.pk,
        "SLOT": slot(),
        "OTHER": open_hours.other_patient.pk,
        "OFF_GRID": slot("10:07"),
    }
    payload = {key: names.get(value, value) if isinstance(value, str) else value for key, value in body.items()}
    response = owner_client.post(URL, payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert not Appointment.objects.exists()


def test_a_body_that_is_not_an_object_answers_400(owner_client):
    assert owner_client.post(URL, ["x"], format="json").status_code == 400
    assert owner_client.post(URL, "{not json", content_type="application/json").status_code == 400


def test_staff_must_name_the_patient(open_hours, client_for):
    response = client_for(open_hours.admin).post(URL, {"doctor": open_hours.doctor.pk, "start": slot()}, format="json")
    assert response.status_code == 400
    assert "patient" in response.json()["fields"]


# --- Idempotency-Key ---


def test_a_retry_with_the_same_key_and_body_returns_the_first_booking(open_hours, owner_client):
    body = {"doctor": open_hours.doctor.pk, "start": slot(), "reason": "Rash"}
    first = owner_client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="4f1c-retry")
    again = owner_client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="4f1c-retry")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Appointment.objects.count() == 1
    assert AuditEvent.objects.filter(action="appointment.book").count() == 1


def test_the_same_key_with_another_body_answers_409(open_hours, owner_client):
    owner_client.post(URL, {"doctor": open_hours.doctor.pk, "start": slot()}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    response = owner_client.post(
        URL, {"doctor": open_hours.doctor.pk, "start": slot("11:00")}, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "naïve"])
def test_a_malformed_idempotency_key_answers_400(open_hours, owner_client, key):
    response = owner_client.post(
        URL, {"doctor": open_hours.doctor.pk, "start": slot()}, format="json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["fields"]


# --- Reading ---


def test_admins_never_receive_the_patients_note_or_the_consultation_notes(open_hours, client_for):
    AppointmentFactory(patient=open_hours.owner, doctor=open_hours.doctor, consultation_notes="Asthma", reason="Wheeze")
    for role, visible in (("admin", False), ("nurse", True), ("doctor", True), ("owner", True)):
        row = client_for(open_hours.get(role)).get(URL).json()["results"][0]
        assert ("reason" in row, "consultation_notes" in row) == (visible, visible), role
        detail = client_for(open_hours.get(role)).get(f"{URL}{row['id']}/").json()
        assert ("consultation_notes" in detail) == visible


def test_the_patient_reads_the_notes_of_their_own_visit(open_hours, client_for):
    visit = AppointmentFactory(
        patient=open_hours.owner, doctor=open_hours.doctor, status=Status.COMPLETED, consultation_notes="Rest a week"
    )
    assert client_for(open_hours.owner).get(f"{URL}{visit.pk}/").json()["consultation_notes"] == "Rest a week"


def test_each_role_lists_its_own_scope(open_hours, client_for):
    people = open_hours
    mine = AppointmentFactory(patient=people.owner, doctor=people.doctor)
    theirs = AppointmentFactory(patient=people.other_patient, doctor=people.other_doctor)
    expected = {
        "owner": {mine.pk},
        "other_patient": {theirs.pk},
        "doctor": {mine.pk},
        "other_doctor": {theirs.pk},
        "nurse": {mine.pk, theirs.pk},
        "admin": {mine.pk, theirs.pk},
    }
    for role, ids in expected.items():
        assert {row["id"] for row in client_for(people.get(role)).get(URL).json()["results"]} == ids, role


def test_the_list_filters_by_doctor_patient_status_and_clinic_local_dates(open_hours, client_for):
    people = open_hours
    day = days_ahead(10)
    # 00:30 clinic time may be the evening before in UTC: the clinic day is what counts.
    early = AppointmentFactory(patient=people.owner, doctor=people.doctor, start=local(day, "00:30"))
    late = AppointmentFactory(patient=people.other_patient, doctor=people.doctor, start=local(day, "23:00"))
    next_day = AppointmentFactory(
        patient=people.owner, doctor=people.other_doctor, start=local(day + timedelta(1), "00:10")
    )
    cancelled = AppointmentFactory(patient=people.owner, doctor=people.doctor, status=Status.CANCELLED)
    nurse = client_for(people.nurse)

    def ids(query: str) -> list[int]:
        response = nurse.get(f"{URL}?{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids(f"date_from={day}&date_to={day}") == [early.pk, late.pk]
    assert ids(f"doctor={people.other_doctor.pk}") == [next_day.pk]
    assert ids(f"patient={people.other_patient.pk}") == [late.pk]
    assert ids("status=cancelled") == [cancelled.pk]
    assert ids(f"date_from={day}&ordering=-start") == [next_day.pk, late.pk, early.pk]
    assert set(ids("search=Olive")) == {early.pk, next_day.pk, cancelled.pk}


@pytest.mark.parametrize(
    "query",
    ["status=lost", "date_from=2026-13-01", "date_to=yesterday", "doctor=abc", "patient=1.5", "doctor=-3", "page=0"],
)
def test_malformed_list_filters_answer_400_or_404_never_500(open_hours, client_for, query):
    response = client_for(open_hours.nurse).get(f"{URL}?{query}")
    assert response.status_code in (400, 404), response.content


def test_far_off_filter_dates_are_simply_empty_and_impossible_ids_are_refused(open_hours, client_for):
    AppointmentFactory(patient=open_hours.owner, doctor=open_hours.doctor)
    nurse = client_for(open_hours.nurse)
    assert nurse.get(f"{URL}?date_from=0001-01-01&date_to=9999-12-31").json()["count"] == 1
    assert nurse.get(f"{URL}?date_from=9999-12-31").json()["count"] == 0
    assert nurse.get(f"{URL}?doctor={2**63 - 1}").json()["count"] == 0
    assert nurse.get(f"{URL}?doctor={10**20}").status_code == 400


@pytest.mark.parametrize("page_size", [5, 25])
def test_the_list_costs_the_same_queries_whatever_the_page_size(
    open_hours, client_for, django_assert_num_queries, page_size
):
    for n in range(25):
        AppointmentFactory(patient=PatientFactory(), doctor=open_hours.doctor, start=local(days_ahead(3 + n), "10:00"))
    nurse = client_for(open_hours.nurse)
    # Authentication 1, count 1, page 1, the audit insert 1.
    with django_assert_num_queries(4):
        response = nurse.get(f"{URL}?page_size={page_size}")
    assert len(response.json()["results"]) == page_size


def test_a_patient_listing_their_own_appointments_writes_no_audit_event(
    open_hours, client_for, django_assert_num_queries
):
    AppointmentFactory(patient=open_hours.owner, doctor=open_hours.doctor)
    owner = client_for(open_hours.owner)
    # The caller, the page; no count (a page that is not full is the last) and no audit insert.
    with django_assert_num_queries(2):
        assert owner.get(URL).json()["count"] == 1
    assert not AuditEvent.objects.filter(action="appointment.read").exists()


def test_staff_reads_are_audited_with_the_patient(open_hours, client_for):
    appointment = AppointmentFactory(patient=open_hours.owner, doctor=open_hours.doctor)
    client_for(open_hours.nurse).get(URL)
    client_for(open_hours.admin).get(f"{URL}{appointment.pk}/")
    events = AuditEvent.objects.filter(action="appointment.read", resource_id=str(appointment.pk))
    assert {(e.actor_id, e.patient_id) for e in events} == {
        (open_hours.nurse.pk, open_hours.owner.pk),
        (open_hours.admin.pk, open_hours.owner.pk),
    }


@pytest.mark.parametrize("path", ["abc/", "-1/", f"{10**20}/", "0/", "99999/", "1.5/", "abc/cancel/", "99999/no-show/"])
def test_malformed_or_unknown_appointment_ids_answer_404(open_hours, client_for, path):
    response = client_for(open_hours.nurse).get(f"{URL}{path}")
    post = client_for(open_hours.nurse).post(f"{URL}{path}", {"reason": "x"}, format="json")
    assert (response.status_code, post.status_code) in ((404, 404), (405, 404), (404, 405))


# --- Changing ---


@pytest.fixture
def booked(open_hours, owner_client):
    response = owner_client.post(
        URL, {"doctor": open_hours.doctor.pk, "start": slot(), "reason": "Rash"}, format="json"
    )
    return response.json()["id"]


def test_patch_reschedules_and_edits_the_note(open_hours, owner_client, booked):
    response = owner_client.patch(
        f"{URL}{booked}/", {"start": slot("15:00"), "reason": "Rash, spreading"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (datetime.fromisoformat(body["start"]), body["reason"]) == (local(days_ahead(7), "15:00"), "Rash, spreading")


@pytest.mark.parametrize("body", [{}, {"start": "soon"}, {"start": slot("15:10")}, {"reason": "x" * 1001}])
def test_bad_patches_answer_400_and_change_nothing(open_hours, owner_client, booked, body):
    assert owner_client.patch(f"{URL}{booked}/", body, format="json").status_code == 400
    assert Appointment.objects.get(pk=booked).start == local(days_ahead(7), "10:00")


def test_cancel_needs_a_reason_and_frees_the_slot(open_hours, owner_client, client_for, booked):
    assert owner_client.post(f"{URL}{booked}/cancel/", {}, format="json").status_code == 400
    response = owner_client.post(f"{URL}{booked}/cancel/", {"reason": "Away"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["cancellation_reason"]) == ("cancelled", "Away")
    again = client_for(open_hours.other_patient).post(URL, {"doctor": open_hours.doctor.pk, "start": slot()})
    assert again.status_code == 201
    assert owner_client.post(f"{URL}{booked}/cancel/", {"reason": "Twice"}, format="json").json()["code"] == (
        "invalid_status_change"
    )


def test_a_patient_cancelling_too_late_gets_a_clear_code(open_hours, client_for, settings):
    settings.CANCELLATION_CUTOFF_HOURS = 24
    soon = AppointmentFactory(
        patient=open_hours.owner, doctor=open_hours.doctor, start=timezone.now() + timedelta(hours=2)
    )
    response = client_for(open_hours.owner).post(f"{URL}{soon.pk}/cancel/", {"reason": "x"}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "cancellation_too_late")


def test_the_doctor_completes_the_visit_and_marks_no_shows(open_hours, client_for):
    doctor = client_for(open_hours.doctor)
    started = AppointmentFactory(
        patient=open_hours.owner, doctor=open_hours.doctor, start=timezone.now() - timedelta(minutes=1)
    )
    assert doctor.post(f"{URL}{started.pk}/complete/", {}, format="json").status_code == 400
    response = doctor.post(f"{URL}{started.pk}/complete/", {"consultation_notes": "All well"}, format="json")
    assert (response.status_code, response.json()["consultation_notes"]) == (200, "All well")
    missed = AppointmentFactory(
        patient=open_hours.owner, doctor=open_hours.doctor, start=timezone.now() - timedelta(hours=3)
    )
    assert doctor.post(f"{URL}{missed.pk}/no-show/").json()["status"] == "no_show"
    future = AppointmentFactory(patient=open_hours.owner, doctor=open_hours.doctor)
    response = doctor.post(f"{URL}{future.pk}/no-show/")
    assert (response.status_code, response.json()["code"]) == (409, "appointment_not_started")
