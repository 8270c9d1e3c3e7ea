from datetime import timedelta

import pytest

from apps.scheduling.models import Appointment, AvailabilityException, ExceptionKind, Status
from conftest import ROLES

from .factories import clinic_today, local, open_every_day

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/"


def visit(people, day, at, status, doctor=None, minutes=30):
    start = local(day, at)
    return Appointment.objects.create(
        patient=people.owner,
        doctor=doctor or people.doctor,
        start=start,
        end=start + timedelta(minutes=minutes),
        status=status,
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_read_the_clinic_statistics(people, client_for, role):
    expected = {"anonymous": 401, "admin": 200}.get(role, 403)
    assert client_for(people.get(role)).get(URL).status_code == expected


def test_statistics_count_per_day_and_per_doctor_and_measure_utilisation(people, client_for):
    open_every_day(people.doctor, "09:00", "11:00", 30)  # 120 minutes a day
    yesterday, today = clinic_today() - timedelta(days=1), clinic_today()
    visit(people, yesterday, "09:00", Status.COMPLETED)
    visit(people, yesterday, "09:30", Status.NO_SHOW)
    visit(people, yesterday, "10:00", Status.CANCELLED)
    visit(people, today, "09:00", Status.BOOKED)
    visit(people, today, "10:00", Status.COMPLETED, doctor=people.other_doctor)
    AvailabilityException.objects.create(doctor=people.doctor, date=today, kind=ExceptionKind.OFF)

    body = client_for(people.admin).get(URL, {"date_from": yesterday, "date_to": today}).json()
    assert [(d["date"], d["total"], d["cancelled"], d["no_show"]) for d in body["per_day"]] == [
        (yesterday.isoformat(), 3, 1, 1),
        (today.isoformat(), 2, 0, 0),
    ]
    rows = {row["doctor"]["id"]: row for row in body["per_doctor"]}
    mine = rows[people.doctor.pk]
    assert (mine["total"], mine["completed"], mine["no_show"], mine["cancelled"], mine["booked"]) == (4, 1, 1, 1, 1)
    # 120 minutes yesterday, none today (day off); 90 minutes held (the cancellation frees its slot).
    assert (mine["available_minutes"], mine["booked_minutes"], mine["utilisation"]) == (120, 90, 0.75)
    assert rows[people.other_doctor.pk]["utilisation"] is None
    assert body["totals"]["total"] == 5
    assert body["totals"]["cancelled"] == 1


def test_the_default_range_is_the_last_thirty_days(people, client_for):
    body = client_for(people.admin).get(URL).json()
    assert len(body["per_day"]) == 30
    assert body["date_to"] == clinic_today().isoformat()


def test_statistics_carry_no_clinical_content(people, client_for):
    Appointment.objects.create(
        patient=people.owner,
        doctor=people.doctor,
        start=local(clinic_today(), "09:00"),
        end=local(clinic_today(), "09:30"),
        status=Status.COMPLETED,
        reason="Persistent cough",
        consultation_notes="Prescribed an inhaler",
    )
    content = client_for(people.admin).get(URL).content.decode()
    assert "cough" not in content
    assert "inhaler" not in content
    assert people.owner.last_name not in content


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2026-02-30"},
        {"date_from": "2026-03-10", "date_to": "2026-03-01"},
        {"date_from": "2026-01-01", "date_to": "2026-12-31"},
    ],
)
def test_malformed_or_oversized_ranges_answer_400(people, client_for, params):
    assert client_for(people.admin).get(URL, params).status_code == 400


def test_the_statistics_query_count_does_not_grow_with_doctors(people, client_for, django_assert_max_num_queries):
    from apps.accounts.tests.factories import DoctorFactory

    for doctor in DoctorFactory.create_batch(10):
        open_every_day(doctor)
    with django_assert_max_num_queries(8):
        client_for(people.admin).get(URL)
