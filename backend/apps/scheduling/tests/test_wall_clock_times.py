"""Availability times are clinic-local wall-clock times, HH:MM: documented and enforced as such."""

import pytest

from apps.scheduling.api.serializers import WALL_CLOCK_PATTERN
from tests.security.schema import api_schema

pytestmark = pytest.mark.django_db


def _hours(start: str, end: str = "12:00") -> dict:
    return {"rules": [{"weekday": 0, "start_time": start, "end_time": end, "slot_minutes": 30}], "exceptions": []}


@pytest.mark.parametrize("start", ["09:00+01:00", "09:00Z", "9:00", "0900", "09:00:30", "25:00", "T09:00"])
def test_a_time_that_is_not_a_wall_clock_hh_mm_is_refused(people, client_for, start):
    response = client_for(people.doctor).put(f"/api/v1/doctors/{people.doctor.pk}/availability/", _hours(start))
    assert response.status_code == 400


@pytest.mark.parametrize("start", ["09:00", "09:00:00"])
def test_a_wall_clock_time_is_taken_and_read_back(people, client_for, start):
    response = client_for(people.doctor).put(f"/api/v1/doctors/{people.doctor.pk}/availability/", _hours(start))
    assert response.status_code == 200
    assert response.json()["rules"][0]["start_time"] == "09:00:00"


def test_the_schema_documents_the_pattern_not_an_rfc3339_time():
    rule = api_schema()["components"]["schemas"]["Rule"]["properties"]["start_time"]
    assert rule.get("format") != "time"
    assert rule["pattern"] == WALL_CLOCK_PATTERN
