"""The patient timeline: every kind in one feed, ordered, filtered, paged exactly, with a fixed query cost."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.records.models import RecordEntry
from apps.records.selectors.timeline import KINDS
from apps.records.services import medication_create, medication_update, report_delete

from .factories import MedicalReportFactory, RecordEntryFactory, appointment_at

pytestmark = pytest.mark.django_db


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    naive = datetime.datetime.combine(day, datetime.time(hour, minute))
    return timezone.make_aware(naive, timezone.get_default_timezone())


DAY = datetime.date(2024, 3, 4)


def _feed(client, patient, **params):
    response = client.get(f"/api/v1/patients/{patient.pk}/timeline/", params)
    assert response.status_code == 200, response.content
    return response.json()


def _kinds(body):
    return [item["kind"] for item in body["results"]]


def test_the_timeline_holds_every_kind_of_one_patient_newest_first(people, client_for):
    visit = appointment_at(people.owner, people.doctor, local(DAY, 10), status="completed", notes="Chest clear")
    RecordEntryFactory(patient=people.owner, author=people.doctor, entry_date=DAY, appointment=visit)
    medication = medication_create(
        actor=people.doctor,
        patient_id=people.owner.pk,
        name="Salbutamol",
        dose="100 mcg",
        frequency="as needed",
        start_date=DAY,
    )
    medication_update(actor=people.doctor, medication=medication, data={"dose": "200 mcg"})
    MedicalReportFactory(patient=people.owner, uploaded_by=people.nurse, title="Spirometry")
    appointment_at(people.other_patient, people.doctor, local(DAY, 11))

    body = _feed(client_for(people.owner), people.owner)
    assert body["count"] == 6
    # Changes and the upload happen "now" (after DAY); on DAY the entry closes the day after the visit.
    assert _kinds(body) == ["report", "medication", "medication", "record", "visit_note", "appointment"]
    by_kind = {item["kind"]: item for item in body["results"]}
    assert by_kind["visit_note"]["visit_note"]["consultation_notes"] == "Chest clear"
    assert by_kind["visit_note"]["appointment"] is None
    assert by_kind["appointment"]["appointment"]["doctor"]["id"] == people.doctor.pk
    assert by_kind["record"]["record"]["appointment"] == visit.pk
    assert by_kind["record"]["date"] == str(DAY)
    assert [i["medication"]["change"] for i in body["results"] if i["kind"] == "medication"] == ["changed", "started"]
    assert by_kind["report"]["report"]["title"] == "Spirometry"


def test_order_asc_reverses_the_feed(people, client_for):
    for hour in (9, 11, 13):
        appointment_at(people.owner, people.doctor, local(DAY, hour))
    starts = [i["appointment"]["start"] for i in _feed(client_for(people.nurse), people.owner, order="asc")["results"]]
    assert starts == sorted(starts)
    assert len(starts) == 3


def test_kind_filters_take_several_kinds_repeated_or_comma_separated(people, client_for):
    appointment_at(people.owner, people.doctor, local(DAY, 10), status="completed", notes="n")
    RecordEntryFactory(patient=people.owner, author=people.doctor, entry_date=DAY)
    MedicalReportFactory(patient=people.owner)
    client = client_for(people.doctor)
    assert sorted(_kinds(_feed(client, people.owner, kind=["record", "report"]))) == ["record", "report"]
    assert sorted(_kinds(_feed(client, people.owner, kind="appointment,visit_note"))) == ["appointment", "visit_note"]
    assert _feed(client, people.owner, kind="medication")["count"] == 0


def test_date_filters_keep_clinic_days_inclusive(people, client_for):
    for offset in range(5):
        day = DAY + datetime.timedelta(days=offset)
        appointment_at(people.owner, people.doctor, local(day, 23, 30))  # late evening: the clinic day counts
        RecordEntryFactory(patient=people.owner, author=people.doctor, entry_date=day)
    body = _feed(
        client_for(people.doctor),
        people.owner,
        date_from=str(DAY + datetime.timedelta(days=1)),
        date_to=str(DAY + datetime.timedelta(days=2)),
    )
    assert body["count"] == 4
    assert {item["date"] for item in body["results"]} == {"2024-03-05", "2024-03-06"}


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "lab_result"},
        {"kind": "record,nonsense"},
        {"date_from": "2024-02-30"},
        {"date_to": "soon"},
        {"order": "sideways"},
        {"date_from": "2024-03-05", "date_to": "2024-03-01"},
        {"page": "0"},
    ],
)
def test_malformed_filters_answer_400_or_404_never_500(people, client_for, params):
    response = client_for(people.owner).get(f"/api/v1/patients/{people.owner.pk}/timeline/", params)
    assert response.status_code in (400, 404)
    assert response.status_code == (404 if "page" in params else 400)


def test_far_off_dates_filter_without_overflowing(people, client_for):
    RecordEntryFactory(patient=people.owner, author=people.doctor, entry_date=DAY)
    body = _feed(client_for(people.owner), people.owner, date_from="0001-01-01", date_to="9999-12-31")
    assert body["count"] == 1


def test_deleted_reports_and_other_patients_data_stay_out(people, client_for):
    report = MedicalReportFactory(patient=people.owner)
    report_delete(actor=people.nurse, report=report)
    RecordEntryFactory(patient=people.other_patient, author=people.doctor, entry_date=DAY)
    appointment_at(people.other_patient, people.doctor, local(DAY, 11))
    assert _feed(client_for(people.nurse), people.owner)["count"] == 0


@pytest.mark.parametrize("order", ["desc", "asc"])
def test_paging_through_the_timeline_yields_every_item_once_in_order(people, client_for, order):
    for offset in range(7):
        day = DAY + datetime.timedelta(days=offset)
        appointment_at(people.owner, people.doctor, local(day, 10), status="completed", notes=f"Visit {offset}")
        RecordEntryFactory.create_batch(2, patient=people.owner, author=people.doctor, entry_date=day)
        MedicalReportFactory(patient=people.owner)
    client = client_for(people.doctor)
    whole = _feed(client, people.owner, order=order, page_size=100)
    assert whole["count"] == 7 * 5
    paged = []
    for page in range(1, 8):
        body = _feed(client, people.owner, order=order, page_size=5, page=page)
        assert body["count"] == 35
        paged += body["results"]
    assert paged == whole["results"]
    moments = [item["at"] for item in paged]
    assert moments == sorted(moments, reverse=order == "desc")


@pytest.mark.parametrize(("page_size", "page"), [(1, 1), (5, 2), (50, 1), (10, 3)])
def test_the_timeline_query_count_is_constant(people, client_for, django_assert_num_queries, page_size, page):
    for offset in range(10):
        day = DAY + datetime.timedelta(days=offset)
        visit = appointment_at(people.owner, people.doctor, local(day, 10), status="completed", notes="n")
        RecordEntryFactory(patient=people.owner, author=people.doctor, entry_date=day, appointment=visit)
        MedicalReportFactory(patient=people.owner)
        medication_create(
            actor=people.doctor, patient_id=people.owner.pk, name="x", dose="y", frequency="z", start_date=day
        )
    client = client_for(people.doctor)
    # Authentication, the patient in scope, one statement for the page and the counts, one audit insert.
    with django_assert_num_queries(4):
        body = _feed(client, people.owner, page_size=page_size, page=page)
    assert len(body["results"]) == page_size
    assert body["count"] == 50


def test_kinds_without_items_show_only_their_own_text(people, client_for, django_assert_num_queries):
    for offset in range(3):
        day = DAY + datetime.timedelta(days=offset)
        appointment_at(people.owner, people.doctor, local(day, 10), status="completed", notes=f"Visit {offset}")
        RecordEntryFactory(patient=people.owner, author=people.doctor, entry_date=day)
    client = client_for(people.owner)
    # Authentication (the patient reading their own: no second look-up), one statement, one audit insert.
    with django_assert_num_queries(3):
        body = _feed(client, people.owner, page_size=4)
    doctor = client_for(people.doctor)
    with django_assert_num_queries(4):  # a clinician: the patient is looked up in their scope
        assert _feed(doctor, people.owner, page_size=4)["count"] == 9
    assert body["count"] == 9
    assert _kinds(body) == ["record", "visit_note", "appointment", "record"]
    assert body["results"][1]["visit_note"]["consultation_notes"] == "Visit 2"
    assert body["results"][2]["appointment"]["reason"] == "Follow-up of the cough"
    for item in body["results"]:
        assert [kind for kind in KINDS if item[kind] is not None] == [item["kind"]]


def _expected_feed(patient, *, descending=True, kinds=KINDS, date_from=None, date_to=None):
    """The whole feed worked out from the models, independently of the selector: (kind, id, at) in order."""
    from apps.records.models import MedicalReport, MedicationChange
    from apps.scheduling.models import Appointment

    tz = timezone.get_default_timezone()

    def day_of(moment):
        return timezone.localtime(moment, tz).date()

    placed = []
    for appointment in Appointment.objects.filter(patient=patient):
        placed.append(((appointment.start, 0, appointment.pk), "appointment", appointment.pk, appointment.start))
        if appointment.status == "completed":
            noted = appointment.completed_at or appointment.end
            placed.append(((noted, 1, appointment.pk), "visit_note", appointment.pk, noted))
    for entry in RecordEntry.objects.filter(patient=patient):
        end = timezone.make_aware(datetime.datetime.combine(entry.entry_date, datetime.time.max), tz)
        placed.append(((end, 2, entry.created_at, entry.pk), "record", entry.pk, end))
    for change in MedicationChange.objects.filter(patient=patient):
        placed.append(((change.changed_at, 3, change.pk), "medication", change.medication_id, change.changed_at))
    for report in MedicalReport.objects.filter(patient=patient, deleted_at__isnull=True):
        placed.append(((report.created_at, 4, report.pk), "report", report.pk, report.created_at))
    placed = [
        entry
        for entry in placed
        if entry[1] in kinds
        and (date_from is None or day_of(entry[3]) >= date_from)
        and (date_to is None or day_of(entry[3]) <= date_to)
    ]
    placed.sort(key=lambda entry: entry[0], reverse=descending)
    return [(kind, identifier, at) for _, kind, identifier, at in placed]


def _shown(item):
    body = item[item["kind"]]
    identifier = {"visit_note": "appointment", "medication": "medication"}.get(item["kind"], "id")
    return (item["kind"], body[identifier], datetime.datetime.fromisoformat(item["at"]))


@pytest.fixture
def long_history(people):
    """Many items of every kind, with shared instants and days, and another patient's beside them."""
    for offset in range(12):
        day = DAY + datetime.timedelta(days=offset % 6)
        status = ("completed", "booked", "cancelled")[offset % 3]
        appointment_at(people.owner, people.doctor, local(day, 9 + offset // 6), status=status, notes=f"Visit {offset}")
        appointment_at(people.owner, people.other_doctor, local(day, 9 + offset // 6), status="cancelled")
        RecordEntryFactory(patient=people.owner, author=people.nurse, entry_date=day)
        RecordEntryFactory(patient=people.other_patient, author=people.doctor, entry_date=day)
        if offset % 4 == 0:
            medication = medication_create(
                actor=people.doctor, patient_id=people.owner.pk, name="x", dose="y", frequency="z", start_date=day
            )
            medication_update(actor=people.doctor, medication=medication, data={"dose": f"{offset} mg"})
            MedicalReportFactory(patient=people.owner, uploaded_by=people.doctor)
    report_delete(actor=people.nurse, report=MedicalReportFactory(patient=people.owner))
    # Entries of one day whose creation order is not their id order (as after an import).
    for entry in RecordEntry.objects.filter(patient=people.owner):
        RecordEntry.objects.filter(pk=entry.pk).update(created_at=entry.created_at - datetime.timedelta(hours=entry.pk))
    return people


@pytest.mark.parametrize("order", ["desc", "asc"])
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"kind": "appointment,record"},
        {"kind": "visit_note,medication,report"},
        {"date_from": "2024-03-05", "date_to": "2024-03-07"},
        {"date_from": "2024-03-07", "kind": "record"},
    ],
)
@pytest.mark.parametrize("page_size", [1, 7, 100])
def test_every_page_is_the_models_own_order_cut_exactly(long_history, client_for, order, filters, page_size):
    people = long_history
    wanted = set(filters["kind"].split(",")) if "kind" in filters else set(KINDS)
    expected = _expected_feed(
        people.owner,
        descending=order == "desc",
        kinds=wanted,
        date_from=datetime.date.fromisoformat(filters["date_from"]) if "date_from" in filters else None,
        date_to=datetime.date.fromisoformat(filters["date_to"]) if "date_to" in filters else None,
    )
    assert len(expected) >= 5
    client = client_for(people.doctor)
    shown, page = [], 1
    while True:
        body = _feed(client, people.owner, order=order, page_size=page_size, page=page, **filters)
        assert body["count"] == len(expected)
        shown += [_shown(item) for item in body["results"]]
        if body["next"] is None:
            break
        page += 1
    assert shown == expected


def test_only_the_items_of_the_page_are_decrypted(long_history, client_for):
    from unittest import mock

    from apps.core import fields

    client = client_for(long_history.owner)
    with mock.patch.object(fields, "decrypt_text", wraps=fields.decrypt_text) as decrypt:
        body = _feed(client, long_history.owner, page_size=2, page=3)
    assert len(body["results"]) == 2
    # No item shows more than four encrypted texts (a record entry's); the other rows read for the
    # merge are placed by their unencrypted keys and stay ciphertext.
    assert 0 < decrypt.call_count <= 2 * 4
    whole = _feed(client, long_history.owner, page_size=100)["results"]
    assert body["results"] == whole[4:6]


def test_reading_the_timeline_is_audited_once(people, client_for):
    RecordEntryFactory(patient=people.owner, author=people.doctor, entry_date=DAY)
    _feed(client_for(people.nurse), people.owner)
    event = AuditEvent.objects.get(actor=people.nurse)
    assert (event.action, event.resource_id, event.patient_id) == (
        "timeline.read",
        str(people.owner.pk),
        people.owner.pk,
    )


def test_a_doctor_who_saw_the_patient_reads_the_timeline(people, client_for):
    appointment_at(people.owner, people.other_doctor, local(DAY, 10))
    assert client_for(people.other_doctor).get(f"/api/v1/patients/{people.owner.pk}/timeline/").status_code == 200


def test_a_staff_member_has_no_timeline(people, client_for):
    assert client_for(people.nurse).get(f"/api/v1/patients/{people.doctor.pk}/timeline/").status_code == 404


# --- The appointment of a record entry --------------------------------------------------------


def test_an_entry_may_document_an_appointment_of_the_same_patient(people, client_for):
    visit = appointment_at(people.owner, people.doctor, local(DAY, 10), status="completed")
    response = client_for(people.doctor).post(
        "/api/v1/records/",
        {"patient": people.owner.pk, "entry_date": str(DAY), "notes": "Seen", "appointment": visit.pk},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["appointment"] == visit.pk


@pytest.mark.parametrize("which", ["other_patients", "missing"])
def test_an_entry_cannot_point_at_another_patients_or_a_missing_appointment(people, client_for, which):
    other = appointment_at(people.other_patient, people.doctor, local(DAY, 10))
    appointment = other.pk if which == "other_patients" else other.pk + 1000
    response = client_for(people.doctor).post(
        "/api/v1/records/",
        {"patient": people.owner.pk, "entry_date": str(DAY), "notes": "Seen", "appointment": appointment},
        format="json",
    )
    assert response.status_code == 400
    assert "appointment" in response.json()["fields"]
    assert not RecordEntry.objects.exists()


def test_the_appointment_of_an_entry_cannot_be_changed_by_an_edit(people, client_for, owner_entry):
    visit = appointment_at(people.owner, people.doctor, local(DAY, 10))
    client_for(people.doctor).patch(
        f"/api/v1/records/{owner_entry.pk}/", {"appointment": visit.pk, "notes": "n"}, format="json"
    )
    assert RecordEntry.objects.get().appointment_id is None


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_items_at_the_same_instant_page_by_id_without_repeats_or_gaps(people, client_for, order):
    # A cancelled visit and the one booked in its place start at the same instant.
    first = appointment_at(people.owner, people.doctor, local(DAY, 10), status="cancelled")
    second = appointment_at(people.owner, people.doctor, local(DAY, 10))
    client = client_for(people.owner)
    pages = [_feed(client, people.owner, kind="appointment", page_size=1, page=page, order=order) for page in (1, 2)]
    ids = [page["results"][0]["appointment"]["id"] for page in pages]
    assert ids == ([first.pk, second.pk] if order == "asc" else [second.pk, first.pk])


def test_an_empty_query_parses_as_the_inputs_defaults():
    from django.http import QueryDict

    from apps.records.api.timeline import TimelineQueryInput, timeline_query

    parsed = TimelineQueryInput(data=QueryDict(""))
    assert parsed.is_valid()
    assert timeline_query(QueryDict("")) == parsed.validated_data
    assert timeline_query(QueryDict("page=2&page_size=5")) == parsed.validated_data
    assert parsed.validated_data["order"] == "desc"
    assert timeline_query(QueryDict("order=asc"))["order"] == "asc"


@pytest.mark.skipif(not settings.USING_POSTGRES, reason="psycopg's statement cache")
def test_the_page_statement_is_parsed_once_whatever_the_filters(people, client_for, monkeypatch):
    """psycopg keeps a statement's parsed placeholders only for texts of up to
    MAX_CACHED_STATEMENT_LENGTH characters; a longer one is parsed again on every request."""
    from psycopg import _queries

    uncached: list[int] = []
    parse = _queries._query2pg_nocache

    def counted(query, encoding):
        uncached.append(len(query))
        return parse(query, encoding)

    monkeypatch.setattr(_queries, "_query2pg_nocache", counted)
    appointment_at(people.owner, people.doctor, local(DAY, 10), status="completed", notes="n")
    RecordEntryFactory(patient=people.owner, author=people.doctor, entry_date=DAY)
    client = client_for(people.doctor)
    for params in ({}, {"date_from": "2024-01-01", "date_to": "2024-12-31", "order": "asc"}):
        assert _feed(client, people.owner, **params)["count"] == 3
    assert uncached == []


@pytest.mark.parametrize("order", ["desc", "asc"])
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"kinds": ("appointment", "record")},
        {"kinds": ("visit_note", "medication", "report")},
        {"date_from": datetime.date(2024, 3, 5), "date_to": datetime.date(2024, 3, 7)},
        {"date_from": datetime.date(2024, 3, 7), "kinds": ("record",)},
    ],
)
def test_the_hand_written_feed_equals_its_orm_definition(long_history, order, filters):
    """`apps.core.sql.timeline` against the queryset that defines the feed (tests/timeline_orm.py)."""
    from apps.records.selectors import timeline_feed

    from .timeline_orm import orm_feed

    descending = order == "desc"
    expected = orm_feed(patient_id=long_history.owner.pk, descending=descending, **filters)
    assert len(expected) >= 5
    for size in (1, 7, len(expected)):
        feed = timeline_feed(patient=long_history.owner, descending=descending, **filters)
        shown = []
        for start in range(0, len(expected), size):
            shown += [(item.kind, item.item.pk, item.at) for item in feed[start : start + size]]
        assert shown == expected, size
        assert feed.count() == len(expected)
