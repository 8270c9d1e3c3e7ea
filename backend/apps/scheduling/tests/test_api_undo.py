"""The arrival and undo endpoints over HTTP: the answer the SPA reads, and each refusal's documented code."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from apps.scheduling.models import Status

from .factories import AppointmentFactory

pytestmark = pytest.mark.django_db

START = datetime(2027, 3, 5, 17, 0, tzinfo=UTC)


@pytest.fixture
def visit(people):
    return AppointmentFactory(patient=people.owner, doctor=people.doctor, start=START)


@pytest.fixture
def call(client_for):
    """`call(user, moment, method, path, body)`: one request at `moment`, signed in then (tokens expire)."""

    def request(user, moment: datetime, method: str, path: str, body: dict | None = None):
        with time_machine.travel(moment, tick=False):
            client = client_for(user)
            kwargs = {} if body is None else {"data": body, "format": "json"}
            return getattr(client, method)(path, **kwargs)

    return request


def url(appointment, action: str) -> str:
    return f"/api/v1/appointments/{appointment.pk}/{action}/"


def test_a_nurse_marks_the_arrival_and_takes_it_back(people, visit, call):
    arrived = call(people.nurse, START - timedelta(minutes=3), "post", url(visit, "arrive"))
    assert arrived.status_code == 200, arrived.content
    assert (arrived.json()["arrived_at"], arrived.json()["status"]) == ("2027-03-05T16:57:00Z", "booked")
    back = call(people.nurse, START - timedelta(minutes=2), "delete", url(visit, "arrive"))
    assert back.status_code == 200, back.content
    assert back.json()["arrived_at"] is None


def test_an_arrival_the_day_before_is_refused_with_its_code(people, visit, call):
    response = call(people.nurse, START - timedelta(days=1), "post", url(visit, "arrive"))
    assert response.status_code == 409
    assert response.json()["code"] == "arrival_before_appointment_day"


def test_the_answer_says_until_when_the_doctor_may_undo_and_the_undo_books_the_visit_again(people, visit, call):
    completed = call(
        people.doctor, START + timedelta(minutes=25), "post", url(visit, "complete"), {"consultation_notes": "Rest"}
    )
    assert completed.json()["undo_until"] == "2027-03-05T17:30:00Z"
    reopened = call(people.doctor, START + timedelta(minutes=29), "post", url(visit, "reopen"))
    assert reopened.status_code == 200, reopened.content
    body = reopened.json()
    assert (body["status"], body["undo_until"], body["consultation_notes"]) == ("booked", None, "")


def test_an_undo_after_the_window_answers_409_undo_window_closed(people, visit, call):
    assert call(people.doctor, START + timedelta(minutes=1), "post", url(visit, "no-show")).status_code == 200
    response = call(people.doctor, START + timedelta(minutes=6), "post", url(visit, "reopen"))
    assert response.status_code == 409
    assert response.json()["code"] == "undo_window_closed"
    visit.refresh_from_db()
    assert visit.status == Status.NO_SHOW


def test_an_undo_after_a_record_entry_for_the_visit_answers_409_visit_changed_since(people, visit, call):
    moment = START + timedelta(minutes=1)
    call(people.doctor, moment, "post", url(visit, "complete"), {"consultation_notes": "Rest"})
    entry = {"patient": people.owner.pk, "entry_date": "2027-03-05", "notes": "BP", "appointment": visit.pk}
    assert call(people.doctor, moment, "post", "/api/v1/records/", entry).status_code == 201
    response = call(people.doctor, moment, "post", url(visit, "reopen"))
    assert response.status_code == 409
    assert response.json()["code"] == "visit_changed_since"


def test_an_undo_of_a_booked_visit_answers_409_invalid_status_change(people, visit, call):
    response = call(people.doctor, START, "post", url(visit, "reopen"))
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_status_change"


def test_the_list_shows_arrivals_and_undo_deadlines(people, visit, call):
    closed = AppointmentFactory(
        patient=people.other_patient,
        doctor=people.doctor,
        start=START - timedelta(hours=1),
        status=Status.NO_SHOW,
        no_show_at=START - timedelta(minutes=50),
    )
    visit.arrived_at = START - timedelta(minutes=5)
    visit.save(update_fields=["arrived_at"])
    rows = call(people.doctor, START, "get", "/api/v1/appointments/?date_from=2027-03-05&date_to=2027-03-05").json()
    by_id = {row["id"]: row for row in rows["results"]}
    assert by_id[visit.pk]["arrived_at"] == "2027-03-05T16:55:00Z"
    assert by_id[closed.pk]["undo_until"] == "2027-03-05T16:15:00Z"
