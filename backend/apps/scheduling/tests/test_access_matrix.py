"""Every scheduling endpoint for every party of SPEC section 2: 401, 403 (visible, not allowed), 404 (out of scope)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.scheduling.services import calendar_feed_issue
from conftest import ROLES

from .factories import AppointmentFactory, days_ahead, local

pytestmark = pytest.mark.django_db

EVERYONE = dict.fromkeys(ROLES, 200) | {"anonymous": 401}


def scoped(**statuses: int) -> dict[str, int]:
    """The owner's appointment with the treating doctor: others' patients and doctors are out of scope."""
    base = {"anonymous": 401, "other_patient": 404, "other_doctor": 404}
    return base | statuses


FEED_OWNERS = dict.fromkeys(ROLES, 200) | {"anonymous": 401, "nurse": 403, "admin": 403}


def slot(at: str) -> str:
    return local(days_ahead(6), at).isoformat()


CASES = [
    ("get", "/api/v1/doctors/{doctor}/availability/", None, EVERYONE),
    (
        "put",
        "/api/v1/doctors/{doctor}/availability/",
        lambda p: {
            "rules": [{"weekday": 0, "start_time": "09:00", "end_time": "12:00", "slot_minutes": 30}],
            "exceptions": [],
        },
        dict.fromkeys(ROLES, 403) | {"anonymous": 401, "doctor": 200, "admin": 200},
    ),
    ("get", "/api/v1/doctors/{doctor}/slots/?date={day}", None, EVERYONE),
    ("get", "/api/v1/slots/next/", None, EVERYONE),
    ("get", "/api/v1/appointments/", None, EVERYONE),
    (
        "post",
        "/api/v1/appointments/",
        lambda p: {"doctor": p.doctor.pk, "start": slot("11:00"), "patient": p.owner.pk},
        # Another patient naming the owner finds no such patient: a field error, nothing revealed.
        {
            "anonymous": 401,
            "owner": 201,
            "other_patient": 400,
            "doctor": 403,
            "other_doctor": 403,
            "nurse": 201,
            "admin": 201,
        },
    ),
    ("get", "/api/v1/appointments/{booked}/", None, scoped(owner=200, doctor=200, nurse=200, admin=200)),
    (
        "patch",
        "/api/v1/appointments/{booked}/",
        lambda p: {"start": slot("14:00")},
        scoped(owner=200, doctor=403, nurse=200, admin=200),
    ),
    (
        "patch",
        "/api/v1/appointments/{booked}/",
        lambda p: {"reason": "Now also a headache"},
        scoped(owner=200, doctor=403, nurse=200, admin=403),
    ),
    (
        "post",
        "/api/v1/appointments/{booked}/cancel/",
        lambda p: {"reason": "Cannot come"},
        scoped(owner=200, doctor=200, nurse=200, admin=200),
    ),
    (
        "post",
        "/api/v1/appointments/{started}/complete/",
        lambda p: {"consultation_notes": "Examined; rest advised."},
        scoped(owner=403, doctor=200, nurse=403, admin=403),
    ),
    ("post", "/api/v1/appointments/{started}/no-show/", None, scoped(owner=403, doctor=200, nurse=403, admin=403)),
    ("get", "/api/v1/appointments/{booked}/ics/", None, scoped(owner=200, doctor=200, nurse=200, admin=200)),
    # Patients and doctors hold a calendar feed of their own; nurses and admins none.
    ("get", "/api/v1/me/calendar-feed/", None, FEED_OWNERS),
    ("post", "/api/v1/me/calendar-feed/", None, {k: 201 if v == 200 else v for k, v in FEED_OWNERS.items()}),
    ("delete", "/api/v1/me/calendar-feed/", None, {k: 204 if v == 200 else v for k, v in FEED_OWNERS.items()}),
    # The token is the credential, whoever sends it; a wrong one is not found.
    ("get", "/api/v1/calendar-feeds/{feed}.ics", None, dict.fromkeys(ROLES, 200)),
    ("get", "/api/v1/calendar-feeds/wrong-token.ics", None, dict.fromkeys(ROLES, 404)),
]


@pytest.fixture
def scene(open_hours):
    people = open_hours
    people.booked = AppointmentFactory(patient=people.owner, doctor=people.doctor, start=local(days_ahead(6), "10:00"))
    people.feed = calendar_feed_issue(actor=people.owner).token
    people.started = AppointmentFactory(
        patient=people.owner, doctor=people.doctor, start=timezone.now() - timedelta(minutes=10)
    )
    return people


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "body", "expected"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_access_matrix(scene, client_for, role, method, path, body, expected):
    client = client_for(scene.get(role))
    url = path.format(
        doctor=scene.doctor.pk, booked=scene.booked.pk, started=scene.started.pk, day=days_ahead(6), feed=scene.feed
    )
    payload = body(scene) if body else None
    response = getattr(client, method)(url, payload, format="json") if payload else getattr(client, method)(url)
    assert response.status_code == expected[role], response.content
