"""The patient timeline: every kind in one feed, ordered, filtered, paged exactly, with a fixed query cost."""

import datetime

import pytest
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.records.models import RecordEntry
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
    # Authentication, the patient in scope, one count, one query per kind, one audit insert.
    with django_assert_num_queries(9):
        body = _feed(client, people.owner, page_size=page_size, page=page)
    assert len(body["results"]) == page_size
    assert body["count"] == 50


def test_kinds_without_items_cost_no_query_and_show_only_their_own_text(people, client_for, django_assert_num_queries):
    for offset in range(3):
        day = DAY + datetime.timedelta(days=offset)
        appointment_at(people.owner, people.doctor, local(day, 10), status="completed", notes=f"Visit {offset}")
        RecordEntryFactory(patient=people.owner, author=people.doctor, entry_date=day)
    client = client_for(people.owner)
    # Authentication (the patient reading their own: no second look-up), one count, then
    # appointments, visit notes and records (no medication change and no report: no query for
    # them), one audit insert.
    with django_assert_num_queries(6):
        body = _feed(client, people.owner, page_size=4)
    doctor = client_for(people.doctor)
    with django_assert_num_queries(7):  # a clinician: the patient is looked up in their scope
        assert _feed(doctor, people.owner, page_size=4)["count"] == 9
    assert body["count"] == 9
    assert _kinds(body) == ["record", "visit_note", "appointment", "record"]
    assert body["results"][1]["visit_note"]["consultation_notes"] == "Visit 2"
    assert body["results"][2]["appointment"]["reason"] == "Follow-up of the cough"


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
