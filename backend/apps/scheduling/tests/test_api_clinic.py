"""GET /clinic/: the contact details and booking rules the portal states before each click."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_clinic_answers_its_contact_details_and_rules_from_the_settings(api_client, settings):
    settings.CLINIC_NAME = "Riverside Practice"
    settings.CLINIC_PHONE = "+44 161 496 0000"
    settings.CLINIC_ADDRESS = "2 River Lane, Manchester"
    settings.CANCELLATION_CUTOFF_HOURS = 48
    settings.BOOKING_MIN_NOTICE_MINUTES = 120
    settings.BOOKING_HORIZON_DAYS = 30
    settings.BOOKING_MAX_UPCOMING_PER_PATIENT = 3
    answer = api_client.get("/api/v1/clinic/")
    assert answer.status_code == 200
    assert answer.json() == {
        "name": "Riverside Practice",
        "phone": "+44 161 496 0000",
        "address": "2 River Lane, Manchester",
        "time_zone": "Europe/London",
        "cancellation_cutoff_hours": 48,
        "booking_min_notice_minutes": 120,
        "booking_horizon_days": 30,
        "max_upcoming_per_patient": 3,
    }


@pytest.mark.parametrize("role", ["owner", "doctor", "nurse", "admin"])
def test_signed_in_users_get_the_same_answer_as_anyone(api_client, client_for, people, role):
    anonymous = api_client.get("/api/v1/clinic/").json()
    assert client_for(people.get(role)).get("/api/v1/clinic/").json() == anonymous


def test_the_clinic_refuses_writes(client_for, people):
    assert client_for(people.admin).post("/api/v1/clinic/", {}, format="json").status_code == 405
