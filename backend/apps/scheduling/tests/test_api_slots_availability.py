"""The availability and free-slots endpoints, their validation and their query counts."""

from datetime import datetime, timedelta

import pytest

from apps.accounts.tests.factories import DoctorFactory, PatientFactory
from apps.scheduling.models import AvailabilityRule

from .factories import AppointmentFactory, days_ahead, local

pytestmark = pytest.mark.django_db


def availability_url(doctor) -> str:
    return f"/api/v1/doctors/{doctor.pk}/availability/"


def slots_url(doctor) -> str:
    return f"/api/v1/doctors/{doctor.pk}/slots/"


WEEKDAYS = {
    "rules": [{"weekday": day, "start_time": "09:00", "end_time": "17:00", "slot_minutes": 30} for day in range(5)],
    "exceptions": [],
}


def test_the_doctor_puts_availability_and_everyone_reads_it(people, client_for):
    body = {**WEEKDAYS, "exceptions": [{"date": str(days_ahead(3)), "kind": "off"}]}
    response = client_for(people.doctor).put(availability_url(people.doctor), body, format="json")
    assert response.status_code == 200, response.content
    read = client_for(people.other_patient).get(availability_url(people.doctor)).json()
    assert read["time_zone"] == "Europe/London"
    assert read["rules"][0] == {"weekday": 0, "start_time": "09:00:00", "end_time": "17:00:00", "slot_minutes": 30}
    assert read["exceptions"] == [
        {"date": str(days_ahead(3)), "kind": "off", "start_time": None, "end_time": None, "slot_minutes": None}
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "rules"),
        ({"rules": "all week", "exceptions": []}, "rules"),
        (
            {
                "rules": [{"weekday": 7, "start_time": "09:00", "end_time": "10:00", "slot_minutes": 30}],
                "exceptions": [],
            },
            "rules",
        ),
        (
            {
                "rules": [{"weekday": 0, "start_time": "25:00", "end_time": "26:00", "slot_minutes": 30}],
                "exceptions": [],
            },
            "rules",
        ),
        (
            {
                "rules": [{"weekday": 0, "start_time": "09:00:30", "end_time": "10:00", "slot_minutes": 30}],
                "exceptions": [],
            },
            "rules",
        ),
        (
            {
                "rules": [{"weekday": 0, "start_time": "10:00", "end_time": "09:00", "slot_minutes": 30}],
                "exceptions": [],
            },
            "rules",
        ),
        (
            {
                "rules": [{"weekday": 0, "start_time": "09:00", "end_time": "17:00", "slot_minutes": 0}],
                "exceptions": [],
            },
            "rules",
        ),
        (
            {
                "rules": [
                    {"weekday": 0, "start_time": "09:00", "end_time": "12:00", "slot_minutes": 30},
                    {"weekday": 0, "start_time": "11:00", "end_time": "13:00", "slot_minutes": 30},
                ],
                "exceptions": [],
            },
            "rules",
        ),
        ({"rules": [], "exceptions": [{"date": "2026-02-30", "kind": "off"}]}, "exceptions"),
        ({"rules": [], "exceptions": [{"date": "2020-01-01", "kind": "off"}]}, "exceptions"),
        ({"rules": [], "exceptions": [{"date": "2099-01-01", "kind": "holiday"}]}, "exceptions"),
    ],
)
def test_bad_availability_answers_400_keyed_by_field_and_changes_nothing(people, client_for, body, field):
    client_for(people.doctor).put(availability_url(people.doctor), WEEKDAYS, format="json")
    response = client_for(people.doctor).put(availability_url(people.doctor), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert AvailabilityRule.objects.filter(doctor=people.doctor).count() == 5


def test_availability_of_an_unknown_doctor_or_a_patient_id_is_not_found(people, client_for):
    client = client_for(people.admin)
    assert client.get("/api/v1/doctors/999999/availability/").status_code == 404
    assert client.get(availability_url(people.owner)).status_code == 404
    assert client.get(f"/api/v1/doctors/{10**20}/availability/").status_code == 404


# --- Free slots ---


@pytest.fixture
def weekly(people):
    for day in range(7):
        AvailabilityRule.objects.create(
            doctor=people.doctor, weekday=day, start_time="09:00", end_time="12:00", slot_minutes=30
        )
    return people


def test_the_slots_of_one_day_leave_out_booked_times(weekly, client_for):
    day = days_ahead(5)
    AppointmentFactory(doctor=weekly.doctor, start=local(day, "10:00"))
    response = client_for(weekly.owner).get(f"{slots_url(weekly.doctor)}?date={day}")
    assert response.status_code == 200, response.content
    body = response.json()
    starts = [datetime.fromisoformat(slot["start"]) for slot in body["slots"]]
    assert starts == [local(day, at) for at in ("09:00", "09:30", "10:30", "11:00", "11:30")]
    assert (body["doctor"], body["time_zone"]) == (weekly.doctor.pk, "Europe/London")


def test_a_range_of_days_lists_every_free_slot_in_order(weekly, client_for):
    first, last = days_ahead(2), days_ahead(8)
    body = client_for(weekly.nurse).get(f"{slots_url(weekly.doctor)}?from={first}&to={last}").json()
    assert len(body["slots"]) == 7 * 6
    assert body["slots"] == sorted(body["slots"], key=lambda slot: datetime.fromisoformat(slot["start"]))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "date=tomorrow",
        "date=2026-02-30",
        "from=2026-06-01",
        "to=2026-06-01",
        "from=2026-06-10&to=2026-06-01",
        "from=2026-06-01&to=2026-07-02",  # 31 days is the most; this is 32
        "date=2026-06-01&from=2026-06-01&to=2026-06-02",
        "date=99999-01-01",
    ],
)
def test_malformed_or_too_long_slot_ranges_answer_400(weekly, client_for, query):
    response = client_for(weekly.owner).get(f"{slots_url(weekly.doctor)}?{query}")
    assert response.status_code == 400, response.content


def test_thirty_one_days_is_allowed_and_far_off_dates_are_simply_empty(weekly, client_for):
    client = client_for(weekly.owner)
    first = days_ahead(1)
    assert client.get(f"{slots_url(weekly.doctor)}?from={first}&to={first + timedelta(days=30)}").status_code == 200
    for day in ("0001-01-01", "9999-12-31", "1970-01-01"):
        response = client.get(f"{slots_url(weekly.doctor)}?date={day}")
        assert (response.status_code, response.json()["slots"]) == (200, [])


@pytest.mark.parametrize("path", ["999999", "abc", str(10**20), "-1"])
def test_slots_of_an_unknown_doctor_are_not_found(weekly, client_for, path):
    assert client_for(weekly.owner).get(f"/api/v1/doctors/{path}/slots/?date={days_ahead(1)}").status_code == 404


def test_slots_of_a_patient_id_or_an_inactive_doctor_are_not_found(weekly, client_for):
    inactive = DoctorFactory(is_active=False)
    client = client_for(weekly.owner)
    assert client.get(f"{slots_url(weekly.owner)}?date={days_ahead(1)}").status_code == 404
    assert client.get(f"{slots_url(inactive)}?date={days_ahead(1)}").status_code == 404


@pytest.mark.parametrize("days", [1, 31])
def test_the_slots_endpoint_costs_the_same_queries_for_a_day_or_a_month(
    weekly, client_for, django_assert_num_queries, days
):
    for n in range(10):
        AppointmentFactory(patient=PatientFactory(), doctor=weekly.doctor, start=local(days_ahead(1 + n), "09:00"))
    client = client_for(weekly.owner)
    first = days_ahead(1)
    # Authentication, the doctor with their weekly rules, exceptions, booked appointments.
    with django_assert_num_queries(4):
        response = client.get(f"{slots_url(weekly.doctor)}?from={first}&to={first + timedelta(days=days - 1)}")
    assert response.status_code == 200


# --- The earliest slots across doctors ---


def test_next_slots_across_a_specialty_with_the_primary_doctor_first(people, client_for):
    for doctor in (people.doctor, people.other_doctor):
        for day in range(7):
            AvailabilityRule.objects.create(
                doctor=doctor, weekday=day, start_time="09:00", end_time="10:00", slot_minutes=30
            )
    body = client_for(people.owner).get("/api/v1/slots/next/?specialty=general%20practice&limit=4").json()
    assert [row["doctor"]["id"] for row in body["results"]] == [people.doctor.pk, people.other_doctor.pk] * 2
    assert [row["is_primary_doctor"] for row in body["results"]] == [True, False, True, False]
    only = client_for(people.nurse).get(f"/api/v1/slots/next/?doctor={people.other_doctor.pk}").json()
    assert len(only["results"]) == 10
    assert {row["doctor"]["id"] for row in only["results"]} == {people.other_doctor.pk}


@pytest.mark.parametrize(
    ("query", "status"),
    [("limit=0", 400), ("limit=51", 400), ("limit=x", 400), ("doctor=abc", 400), ("doctor=999999", 404)],
)
def test_next_slots_refuse_malformed_parameters(people, client_for, query, status):
    assert client_for(people.owner).get(f"/api/v1/slots/next/?{query}").status_code == status


def test_next_slots_of_an_unknown_specialty_are_empty(people, client_for):
    assert client_for(people.owner).get("/api/v1/slots/next/?specialty=Astrology").json()["results"] == []


def test_a_doctor_not_accepting_new_patients_is_shown_and_bookable_to_returning_patients_only(open_hours, client_for):
    """The one rule (`doctor_takes_patient`) behind both endpoints: what slots/next/ shows can be booked."""
    doctor = open_hours.doctor
    doctor.doctor_profile.accepting_new_patients = False
    doctor.doctor_profile.save()
    returning, new = PatientFactory(), PatientFactory()
    AppointmentFactory(patient=returning, doctor=doctor, start=local(days_ahead(-10), "10:00"), status="completed")
    for patient, allowed in ((returning, True), (new, False)):
        client = client_for(patient)
        shown = client.get(f"/api/v1/slots/next/?specialty={doctor.doctor_profile.specialty}&limit=50").json()
        doctors = {result["doctor"]["id"] for result in shown["results"]}
        assert (doctor.pk in doctors) is allowed
        start = local(days_ahead(3), "10:00").isoformat()
        booked = client.post("/api/v1/appointments/", {"doctor": doctor.pk, "start": start}, format="json")
        assert booked.status_code == (201 if allowed else 409), booked.content
        if not allowed:
            assert booked.json()["code"] == "doctor_not_accepting_new_patients"
