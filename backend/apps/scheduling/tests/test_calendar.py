"""Calendar feeds and one-off .ics downloads: parsed back with `icalendar`, across DST changes."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.audit.models import AuditEvent
from apps.scheduling.models import CalendarFeed, Status
from apps.scheduling.services import (
    appointment_cancel,
    appointment_complete,
    appointment_mark_no_show,
    appointment_update,
    calendar_feed_issue,
    calendar_feed_revoke,
)

from .factories import AppointmentFactory, days_ahead, local

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
FEED_URL = "/api/v1/me/calendar-feed/"
REASON = "Embarrassing rash on the left elbow"


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def feed_path(token: str) -> str:
    return f"/api/v1/calendar-feeds/{token}.ics"


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["uid"]): event for event in calendar.events}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://clinic.example"


def _dst_pair(people, before: datetime, after: datetime, **extra):
    return [
        AppointmentFactory(patient=people.owner, doctor=people.doctor, start=before, reason=REASON, **extra),
        AppointmentFactory(patient=people.owner, doctor=people.doctor, start=after, reason=REASON, **extra),
    ]


# Europe/London moves to summer time on 2027-03-28 and back on 2027-10-31: 10:00 on either side
# of each change is 10:00 on the wall clock, one hour apart in UTC.
DST_CASES = [
    pytest.param(datetime(2027, 3, 1, 12, tzinfo=UTC), london(2027, 3, 27, 10), london(2027, 3, 29, 10), id="spring"),
    pytest.param(datetime(2027, 10, 1, 12, tzinfo=UTC), london(2027, 10, 30, 10), london(2027, 11, 1, 10), id="autumn"),
]


@pytest.mark.parametrize(("now", "before", "after"), DST_CASES)
def test_a_patients_feed_keeps_the_wall_clock_time_across_a_dst_change(people, api_client, now, before, after):
    with time_machine.travel(now, tick=False):
        token = calendar_feed_issue(actor=people.owner).token
        appointments = _dst_pair(people, before, after)
        calendar = parse(api_client.get(feed_path(token)))
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    assert {str(part["TZNAME"]) for part in zone.subcomponents} >= {"GMT", "BST"}
    events = events_by_uid(calendar)
    assert len(events) == 2
    for appointment, expected in zip(appointments, (before, after), strict=True):
        event = events[f"appointment-{appointment.pk}@clinic.example"]
        start = event.decoded("dtstart")
        assert (start.tzinfo.key, start.hour, start.minute) == ("Europe/London", 10, 0)
        assert start == expected
        assert event.decoded("dtend") == expected + timedelta(minutes=30)
        assert event["dtstart"].params["TZID"] == "Europe/London"
    utc_hours = sorted(event.decoded("dtstart").astimezone(UTC).hour for event in events.values())
    assert utc_hours == [9, 10]


def test_the_feed_event_is_written_with_the_clinics_zone(people, api_client):
    with time_machine.travel(datetime(2027, 3, 1, 12, tzinfo=UTC), tick=False):
        token = calendar_feed_issue(actor=people.owner).token
        _dst_pair(people, london(2027, 3, 27, 10), london(2027, 3, 29, 10))
        content = api_client.get(feed_path(token)).content.decode()
    assert "DTSTART;TZID=Europe/London:20270327T100000" in content
    assert "DTSTART;TZID=Europe/London:20270329T100000" in content
    assert "DTSTAMP:" in content


def test_a_patients_feed_shows_the_doctor_the_time_and_the_clinic_only(people, api_client, settings):
    settings.CLINIC_NAME, settings.CLINIC_ADDRESS = "Elm Clinic", "3 Elm Row, York"
    with time_machine.travel(datetime(2027, 3, 1, 12, tzinfo=UTC), tick=False):
        token = calendar_feed_issue(actor=people.owner).token
        AppointmentFactory(
            patient=people.owner,
            doctor=people.doctor,
            start=london(2027, 3, 10, 9),
            reason=REASON,
            consultation_notes="Secret notes",
        )
        response = api_client.get(feed_path(token))
    (event,) = parse(response).events
    assert str(event["summary"]) == "Appointment with Dr Treating Doctor"
    assert str(event["location"]) == "Elm Clinic, 3 Elm Row, York"
    assert str(event["status"]) == "CONFIRMED"
    assert REASON.encode() not in response.content
    assert b"Secret notes" not in response.content


def test_a_doctors_feed_shows_the_time_and_the_patients_initials_only(people, api_client):
    with time_machine.travel(datetime(2027, 3, 1, 12, tzinfo=UTC), tick=False):
        token = calendar_feed_issue(actor=people.doctor).token
        AppointmentFactory(
            patient=people.owner,
            doctor=people.doctor,
            start=london(2027, 3, 10, 9),
            reason=REASON,
            consultation_notes="Secret notes",
            cancellation_reason="Private matter",
        )
        AppointmentFactory(patient=people.other_patient, doctor=people.other_doctor, start=london(2027, 3, 10, 9))
        response = api_client.get(feed_path(token))
    (event,) = parse(response).events
    assert str(event["summary"]) == "Appointment: O.O."
    for private in (REASON, "Secret notes", "Private matter", "Olive", "Owner", people.owner.username, "Peter"):
        assert private.encode() not in response.content, private


def test_the_feed_covers_30_days_back_to_the_booking_horizon(people, api_client, settings):
    settings.BOOKING_HORIZON_DAYS = 90
    now = datetime(2027, 3, 1, 12, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        token = calendar_feed_issue(actor=people.owner).token
        kept = [now - timedelta(days=29), now + timedelta(days=90)]
        dropped = [now - timedelta(days=31), now + timedelta(days=92)]
        made = {at: AppointmentFactory(patient=people.owner, doctor=people.doctor, start=at) for at in kept + dropped}
        uids = set(events_by_uid(parse(api_client.get(feed_path(token)))))
    assert uids == {f"appointment-{made[at].pk}@clinic.example" for at in kept}


@pytest.mark.parametrize("owner", ["doctor", "owner"])
def test_reading_a_feed_takes_three_queries_whatever_its_length(people, api_client, owner):
    with time_machine.travel(datetime(2027, 3, 1, 12, tzinfo=UTC), tick=False):
        token = calendar_feed_issue(actor=people.get(owner)).token
        for day in range(2, 22):
            # A new doctor and patient each time: the other party is read with the appointment.
            AppointmentFactory(
                **{"doctor" if owner == "doctor" else "patient": people.get(owner)}, start=london(2027, 3, day, 9)
            )
        with CaptureQueriesContext(connection) as queries:
            calendar = parse(api_client.get(feed_path(token)))
    assert len(calendar.events) == 20
    # The feed and its owner, the appointments with the other party, the audit event.
    assert len(queries) == 3, [query["sql"] for query in queries]


def test_every_change_moves_the_sequence_on_and_keeps_the_uid(open_hours, api_client):
    people = open_hours
    token = calendar_feed_issue(actor=people.owner).token
    appointment = AppointmentFactory(patient=people.owner, doctor=people.doctor, start=local(days_ahead(6), "10:00"))

    def event():
        return events_by_uid(parse(api_client.get(feed_path(token))))[f"appointment-{appointment.pk}@clinic.example"]

    assert event()["sequence"] == 0
    appointment_update(actor=people.nurse, appointment=appointment, reason="Edited note only")
    assert event()["sequence"] == 0  # the note is not in any calendar
    appointment_update(actor=people.nurse, appointment=appointment, start=local(days_ahead(6), "11:00"))
    moved = event()
    assert moved["sequence"] == 1
    assert moved.decoded("dtstart") == local(days_ahead(6), "11:00")
    appointment_cancel(actor=people.owner, appointment=appointment, reason="Cannot come")
    cancelled = event()
    assert (cancelled["sequence"], str(cancelled["status"])) == (2, "CANCELLED")


@pytest.mark.parametrize("finish", ["complete", "no_show"])
def test_the_end_of_a_visit_moves_the_sequence_on(people, finish):
    from django.utils import timezone

    appointment = AppointmentFactory(
        patient=people.owner, doctor=people.doctor, start=timezone.now() - timedelta(minutes=10)
    )
    if finish == "complete":
        done = appointment_complete(actor=people.doctor, appointment=appointment, consultation_notes="Fine")
    else:
        done = appointment_mark_no_show(actor=people.doctor, appointment=appointment)
    assert done.sequence == 1
    done.refresh_from_db()
    assert done.sequence == 1


def test_the_database_holds_only_a_hash_of_the_token(people):
    token = calendar_feed_issue(actor=people.owner).token
    feed = CalendarFeed.objects.get(user=people.owner)
    assert len(token) >= 43
    assert feed.token_hash != token
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {CalendarFeed._meta.db_table}")  # noqa: S608
        rows = cursor.fetchall()
    assert not [value for row in rows for value in row if token in str(value)]


def test_rotating_the_token_ends_the_old_url_at_once(people, api_client):
    old = calendar_feed_issue(actor=people.owner).token
    new = calendar_feed_issue(actor=people.owner).token
    assert old != new
    assert api_client.get(feed_path(old)).status_code == 404
    parse(api_client.get(feed_path(new)))
    assert CalendarFeed.objects.filter(user=people.owner).count() == 1


def test_revoking_ends_the_url(people, api_client):
    token = calendar_feed_issue(actor=people.owner).token
    assert calendar_feed_revoke(actor=people.owner) is True
    assert api_client.get(feed_path(token)).status_code == 404
    assert calendar_feed_revoke(actor=people.owner) is False


def test_a_deactivated_owners_feed_is_not_found(people, api_client):
    token = calendar_feed_issue(actor=people.owner).token
    people.owner.is_active = False
    people.owner.save(update_fields=["is_active"])
    assert api_client.get(feed_path(token)).status_code == 404


def test_reading_a_feed_is_audited_as_its_owner_with_the_client_address(people, api_client):
    token = calendar_feed_issue(actor=people.owner).token
    api_client.get(feed_path(token), REMOTE_ADDR="203.0.113.7")
    event = AuditEvent.objects.get(action="calendar_feed.read")
    assert (event.actor_id, event.patient_id, event.resource_type) == (
        people.owner.pk,
        people.owner.pk,
        "calendar_feed",
    )
    assert str(event.client_ip) == "203.0.113.7"


def test_a_wrong_token_answers_404_in_the_shared_error_body(api_client):
    response = api_client.get(feed_path("not-a-real-token"), HTTP_ACCEPT="text/calendar")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"
    assert not AuditEvent.objects.filter(action="calendar_feed.read").exists()


def test_guessing_tokens_is_throttled_but_polling_a_good_url_is_not(people, api_client, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**SimpleRateThrottle.THROTTLE_RATES, "calendar_feed_miss": "3/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    token = calendar_feed_issue(actor=people.owner).token
    for _ in range(10):
        assert api_client.get(feed_path(token)).status_code == 200
    assert [api_client.get(feed_path(f"guess-{n}")).status_code for n in range(4)] == [404, 404, 404, 429]
    refused = api_client.get(feed_path(token))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert api_client.get(feed_path(token), REMOTE_ADDR="198.51.100.9").status_code == 200


def test_the_feed_is_never_stored_by_caches(people, api_client):
    response = api_client.get(feed_path(calendar_feed_issue(actor=people.owner).token))
    assert response["Cache-Control"] == "no-store"


# --- managing one's feed ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "doctor"])
def test_patients_and_doctors_create_rotate_and_revoke_their_feed(people, client_for, api_client, role):
    client = client_for(people.get(role))
    assert client.get(FEED_URL).json() == {"active": False, "created_at": None}
    created = client.post(FEED_URL)
    assert created.status_code == 201
    assert created["Cache-Control"] == "no-store"
    body = created.json()
    assert body["url"].startswith("https://clinic.example/api/v1/calendar-feeds/")
    assert body["url"].endswith(".ics")
    assert body["webcal_url"] == "webcal://" + body["url"].removeprefix("https://")
    parse(api_client.get(body["url"].removeprefix("https://clinic.example")))
    status = client.get(FEED_URL).json()
    assert status["active"] is True
    assert "url" not in status
    rotated = client.post(FEED_URL).json()
    assert api_client.get(body["url"].removeprefix("https://clinic.example")).status_code == 404
    assert client.delete(FEED_URL).status_code == 204
    assert api_client.get(rotated["url"].removeprefix("https://clinic.example")).status_code == 404
    assert client.get(FEED_URL).json()["active"] is False
    actions = list(AuditEvent.objects.filter(actor=people.get(role)).values_list("action", flat=True))
    assert {"calendar_feed.create", "calendar_feed.rotate", "calendar_feed.revoke"} <= set(actions)


@pytest.mark.parametrize("role", ["nurse", "admin"])
def test_nurses_and_admins_hold_no_feed(people, client_for, role):
    client = client_for(people.get(role))
    assert [client.get(FEED_URL).status_code, client.post(FEED_URL).status_code] == [403, 403]
    assert client.delete(FEED_URL).status_code == 403
    assert not CalendarFeed.objects.exists()


def test_the_services_refuse_staff_too(people):
    from apps.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        calendar_feed_issue(actor=people.nurse)
    with pytest.raises(PermissionDeniedError):
        calendar_feed_revoke(actor=people.admin)


# --- one appointment as .ics --------------------------------------------------------------------


def _ics(client, appointment, **headers):
    return client.get(f"/api/v1/appointments/{appointment.pk}/ics/", **headers)


@pytest.mark.parametrize(("now", "before", "after"), DST_CASES)
def test_an_ics_download_keeps_the_wall_clock_time_across_a_dst_change(people, client_for, now, before, after):
    with time_machine.travel(now, tick=False):
        client = client_for(people.owner)
        for appointment, expected in zip(_dst_pair(people, before, after), (before, after), strict=True):
            response = _ics(client, appointment)
            assert response["Content-Disposition"] == f'attachment; filename="appointment-{appointment.pk}.ics"'
            calendar = parse(response)
            (event,) = calendar.events
            assert event.decoded("dtstart") == expected
            assert event.decoded("dtstart").hour == 10
            assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_the_ics_and_the_feed_name_one_event_alike(people, client_for, api_client):
    appointment = AppointmentFactory(patient=people.owner, doctor=people.doctor, start=local(days_ahead(6), "10:00"))
    (single,) = parse(_ics(client_for(people.owner), appointment)).events
    (fed,) = parse(api_client.get(feed_path(calendar_feed_issue(actor=people.owner).token))).events
    for name in ("uid", "sequence", "dtstart", "dtend", "summary", "location", "status"):
        assert single[name] == fed[name], name


@pytest.mark.parametrize(
    ("role", "summary"),
    [
        ("owner", "Appointment with Dr Treating Doctor"),
        ("doctor", "Appointment: O.O."),
        ("nurse", "Appointment: O.O. with Dr Treating Doctor"),
        ("admin", "Appointment: O.O. with Dr Treating Doctor"),
    ],
)
def test_the_ics_shows_each_reader_the_minimum(people, client_for, role, summary):
    appointment = AppointmentFactory(
        patient=people.owner, doctor=people.doctor, start=local(days_ahead(6), "10:00"), reason=REASON
    )
    response = _ics(client_for(people.get(role)), appointment, HTTP_ACCEPT="text/calendar")
    (event,) = parse(response).events
    assert str(event["summary"]) == summary
    assert REASON.encode() not in response.content
    assert response["Cache-Control"] == "no-store, private"


def test_a_cancelled_appointments_ics_says_so(people, client_for):
    appointment = AppointmentFactory(
        patient=people.owner,
        doctor=people.doctor,
        start=local(days_ahead(6), "10:00"),
        status=Status.CANCELLED,
        sequence=3,
    )
    (event,) = parse(_ics(client_for(people.owner), appointment)).events
    assert (str(event["status"]), event["sequence"]) == ("CANCELLED", 3)


@pytest.mark.parametrize("role", ["other_patient", "other_doctor"])
def test_an_ics_outside_the_callers_scope_is_not_found(people, client_for, role):
    appointment = AppointmentFactory(patient=people.owner, doctor=people.doctor, start=local(days_ahead(6), "10:00"))
    response = _ics(client_for(people.get(role)), appointment, HTTP_ACCEPT="text/calendar")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_anonymous_ics_download_is_refused(people, api_client):
    appointment = AppointmentFactory(patient=people.owner, doctor=people.doctor)
    assert _ics(api_client, appointment).status_code == 401


def test_a_staff_ics_download_is_audited_like_the_detail(people, client_for):
    appointment = AppointmentFactory(patient=people.owner, doctor=people.doctor)
    _ics(client_for(people.nurse), appointment)
    assert AuditEvent.objects.filter(
        action="appointment.read", actor=people.nurse, resource_id=str(appointment.pk)
    ).exists()


def test_asking_the_detail_for_a_calendar_is_refused_with_the_ics_address(people, client_for):
    appointment = AppointmentFactory(patient=people.owner, doctor=people.doctor)
    client = client_for(people.owner)
    response = client.get(f"/api/v1/appointments/{appointment.pk}/", HTTP_ACCEPT="text/calendar")
    assert response.status_code == 406
    assert f"/api/v1/appointments/{appointment.pk}/ics/" in response.json()["detail"]
    assert client.get(f"/api/v1/appointments/{appointment.pk}/", HTTP_ACCEPT="text/csv").status_code == 406
