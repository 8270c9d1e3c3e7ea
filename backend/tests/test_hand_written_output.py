"""Hand-written output equals what DRF renders from the declared fields, for every such serializer.

The busiest read serializers write their JSON by hand (`apps.core.serializers.HandWrittenOutput`)
while their declared fields stay the schema. Each case here renders real rows both ways; a
hand-written serializer without a case fails the last test.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIRequestFactory

from apps.clients.principal import ApiClientPrincipal
from apps.clients.tests.factories import new_client
from apps.core.serializers import HandWrittenOutput
from apps.records.api.serializers import ApiClientSummaryOutput, PersonOutput, RecordEntryOutput
from apps.records.api.timeline import (
    TimelineAppointmentOutput,
    TimelineItemOutput,
    TimelineMedicationOutput,
    TimelineRecordOutput,
    TimelineReportOutput,
    TimelineVisitNoteOutput,
)
from apps.records.models import RecordEntry
from apps.records.selectors.timeline import timeline_feed, timeline_with_clients
from apps.records.services import record_update
from apps.records.services.medications import medication_update
from apps.records.tests.factories import MedicalReportFactory, MedicationFactory, RecordEntryFactory
from apps.scheduling.api.serializers import AppointmentOutput, DoctorSlotsOutput, SlotsNextOutput
from apps.scheduling.models import Appointment, Status
from apps.scheduling.selectors import appointment_list, free_slots, slots_next
from apps.scheduling.tests.factories import AppointmentFactory, days_ahead, open_every_day

# The serializers the cases below render; the last test checks that no hand-written one is missing.
CASES = {
    AppointmentOutput,
    RecordEntryOutput,
    PersonOutput,
    ApiClientSummaryOutput,
    TimelineItemOutput,
    TimelineAppointmentOutput,
    TimelineVisitNoteOutput,
    TimelineRecordOutput,
    TimelineMedicationOutput,
    TimelineReportOutput,
    DoctorSlotsOutput,
    SlotsNextOutput,
}


def same(serializer: HandWrittenOutput, instance) -> None:
    assert type(serializer) in CASES
    assert serializer.to_representation(instance) == serializer.declared_representation(instance)
    assert list(serializer.to_representation(instance)) == list(serializer.declared_representation(instance))


def request_as(user):
    request = APIRequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def history(people):
    """Every kind of timeline item for the owner, with nulls and non-nulls in the optional fields."""
    open_every_day(people.doctor)
    now = timezone.now()
    booked = AppointmentFactory(patient=people.owner, doctor=people.doctor, reason="Cough")
    cancelled = AppointmentFactory(
        patient=people.owner,
        doctor=people.doctor,
        start=booked.start + timedelta(days=1),
        end=booked.end + timedelta(days=1),
        status=Status.CANCELLED,
        cancelled_by=people.owner,
        cancelled_at=now,
        cancellation_reason="Travelling",
    )
    Appointment.objects.filter(pk=cancelled.pk).update(status=Status.CANCELLED)
    completed = AppointmentFactory(
        patient=people.owner,
        doctor=people.doctor,
        start=now - timedelta(days=3),
        end=now - timedelta(days=3) + timedelta(minutes=30),
    )
    Appointment.objects.filter(pk=completed.pk).update(
        status=Status.COMPLETED, consultation_notes="Rest and fluids", completed_at=now - timedelta(days=3)
    )
    entry = RecordEntryFactory(patient=people.owner, author=people.doctor, diagnosis="Bronchitis")
    record_update(actor=people.doctor, entry=entry, data={"notes": "Reviewed"})
    RecordEntryFactory(patient=people.owner, author=people.nurse)
    medication = MedicationFactory(patient=people.owner, prescriber=people.doctor)
    medication_update(actor=people.doctor, medication=medication, data={"dose": "20 mg"})
    MedicalReportFactory(patient=people.owner, uploaded_by=people.doctor)
    # An API client booked one appointment and wrote and revised one entry.
    client, _ = new_client(scopes=["appointments:write", "records:write"], admin=people.admin)
    AppointmentFactory(
        patient=people.owner,
        doctor=people.doctor,
        start=booked.start + timedelta(days=2),
        end=booked.end + timedelta(days=2),
        booked_by=None,
        booked_by_client=client,
    )
    lab_entry = RecordEntryFactory(patient=people.owner, author=None, author_client=client, diagnosis="CRP 40")
    lab = ApiClientPrincipal(client=client, scopes=frozenset({"records:write"}))
    record_update(actor=lab, entry=lab_entry, data={"notes": "Repeat"})
    people.api_client = client
    return people


def test_appointments_render_the_same_for_every_role(history):
    rows = list(appointment_list(actor=history.doctor))
    assert {row.status for row in rows} == {Status.BOOKED, Status.CANCELLED, Status.COMPLETED}
    for user in (history.owner, history.doctor, history.nurse, history.admin):
        serializer = AppointmentOutput(context={"request": request_as(user)})
        for row in rows:
            same(serializer, row)
    assert "reason" not in AppointmentOutput(rows[0], context={"request": request_as(history.admin)}).data


def test_record_entries_render_the_same(history):
    from apps.records.selectors import record_list

    entries = list(record_list(actor=history.doctor, filters={"patient": history.owner.pk}))
    assert {entry.last_edited_by_id for entry in entries} == {None, history.doctor.pk}
    assert {entry.author_client_id for entry in entries} == {None, history.api_client.pk}
    assert {entry.last_edited_by_client_id for entry in entries} == {None, history.api_client.pk}
    for entry in entries:
        same(RecordEntryOutput(), entry)
        if entry.author is not None:
            same(PersonOutput(), entry.author)
        else:
            same(ApiClientSummaryOutput(), entry.author_client)


def test_every_kind_of_timeline_item_renders_the_same(history):
    feed = timeline_feed(patient=history.owner)
    items = timeline_with_clients(feed[0 : feed.count()])
    assert {item.item.author_client is None for item in items if item.kind == "record"} == {True, False}
    by_kind = {
        "appointment": TimelineAppointmentOutput(),
        "visit_note": TimelineVisitNoteOutput(),
        "record": TimelineRecordOutput(),
        "medication": TimelineMedicationOutput(),
        "report": TimelineReportOutput(),
    }
    assert {item.kind for item in items} == set(by_kind)
    for item in items:
        same(TimelineItemOutput(), item)
        same(by_kind[item.kind], item.item)
    changes = [item.item for item in items if item.kind == "medication"]
    assert {change.before is None for change in changes} == {True, False}


def test_slots_render_the_same(history):
    day = days_ahead(2)
    slots = free_slots(doctor_ids=[history.doctor.pk], first=day, last=day)
    assert slots
    same(DoctorSlotsOutput(), {"doctor": history.doctor.pk, "time_zone": "Europe/London", "slots": slots})
    results = slots_next(actor=history.owner, limit=5)
    assert results
    assert results[0].is_primary_doctor
    same(SlotsNextOutput(), {"time_zone": "Europe/London", "results": results})


def _hand_written(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _hand_written(sub)
    return found


def test_every_hand_written_serializer_has_a_case_above():
    missing = {cls.__name__ for cls in _hand_written(HandWrittenOutput) - CASES}
    assert not missing, f"no equivalence case for {sorted(missing)}"


LIST_QUERIES = [
    "",
    "?ordering=-start",
    "?ordering=created_at",
    "?ordering=-created_at,start",
    "?ordering=nonsense",
    "?status=cancelled",
    "?status=booked&ordering=-start",
    "?search=olive",
    "?search=OWNER%20oli",
    "?search=100%25",
    "?search=o_i",
    "?page_size=1&page=2",
    "?page_size=2&page=2&ordering=-start",
]


def _orm_rows(user, query: str) -> list[int]:
    """The ids the ORM (appointment_list, DRF's SearchFilter and OrderingFilter) gives for one query."""
    from django.http import QueryDict
    from rest_framework.filters import OrderingFilter, SearchFilter
    from rest_framework.request import Request

    from apps.scheduling.api.appointments import AppointmentFilter, AppointmentListCreateApi

    request = Request(APIRequestFactory().get("/" + query))
    request.user = user
    view = AppointmentListCreateApi()
    view.request, view.kwargs = request, {}
    params = QueryDict(query.lstrip("?"))
    form = AppointmentFilter(data=params, queryset=Appointment.objects.none()).form
    assert form.is_valid()
    rows = appointment_list(actor=user, filters=form.cleaned_data)
    rows = SearchFilter().filter_queryset(request, rows, view)
    ordering = OrderingFilter().get_ordering(request, rows, view)
    if "id" not in ordering:
        ordering = [*ordering, "-id" if ordering[0].startswith("-") else "id"]
    rows = rows.order_by(*ordering)
    size, page = int(params.get("page_size", 20)), int(params.get("page", 1))
    return [row.pk for row in rows[(page - 1) * size : page * size]], rows.count()


def test_the_appointment_list_equals_the_orm_and_the_serializer(history, client_for):
    """The list endpoint (`appointment_rows`: a hand-written statement) against the ORM and serializer."""
    AppointmentFactory(patient=history.other_patient, doctor=history.other_doctor, reason="Rash")
    for user in (history.owner, history.other_patient, history.doctor, history.other_doctor, history.nurse):
        user.refresh_from_db()
        client = client_for(user)
        for query in [*LIST_QUERIES, f"?doctor={history.doctor.pk}", f"?patient={history.owner.pk}&ordering=-start"]:
            response = client.get(f"/api/v1/appointments/{query}")
            ids, total = _orm_rows(user, query)
            if not ids and "page=2" in query:
                assert response.status_code == 404  # past the last page, as DRF answers
                continue
            assert response.status_code == 200, (user.role, query, response.json())
            body = response.json()
            assert [row["id"] for row in body["results"]] == ids, (user.role, query)
            assert body["count"] == total, (user.role, query)
            for row in body["results"]:
                instance = Appointment.objects.get(pk=row["id"])
                assert row == AppointmentOutput(instance, context={"request": request_as(user)}).data
    admin_rows = client_for(history.admin).get("/api/v1/appointments/").json()["results"]
    assert len(admin_rows) == Appointment.objects.count()
    assert all("reason" not in row and "consultation_notes" not in row for row in admin_rows)


def _orm_records(user, query: str) -> tuple[list[int], int]:
    """The ids the ORM (record_list, the view's StableOrderingFilter) gives for one records query."""
    from django.http import QueryDict
    from rest_framework.request import Request

    from apps.records.api.common import StableOrderingFilter
    from apps.records.api.records import RecordFilter, RecordListCreateApi
    from apps.records.selectors import record_list

    request = Request(APIRequestFactory().get("/" + query))
    request.user = user
    view = RecordListCreateApi()
    view.request, view.kwargs = request, {}
    params = QueryDict(query.lstrip("?"))
    form = RecordFilter(data=params, queryset=None).form
    assert form.is_valid()
    rows = record_list(actor=user, filters=form.cleaned_data)
    rows = rows.order_by(*StableOrderingFilter().get_ordering(request, rows, view))
    size, page = int(params.get("page_size", 20)), int(params.get("page", 1))
    return [row.pk for row in rows[(page - 1) * size : page * size]], rows.count()


def test_one_patients_record_list_equals_the_orm_and_the_serializer(history, client_for):
    """`records/?patient=` against `record_list` and RecordEntryOutput, every clinical role."""
    owner, other = history.owner.pk, history.other_patient.pk
    RecordEntryFactory(patient=history.other_patient, author=history.nurse)
    day = RecordEntry.objects.filter(patient=history.owner).order_by("entry_date").first().entry_date
    queries = [
        f"?patient={owner}&date_from={day}&date_to={day}",  # both bounds inclusive
        f"?patient={owner}",
        f"?patient={owner}&ordering=-entry_date",
        f"?patient={owner}&ordering=updated_at",
        f"?patient={owner}&ordering=-created_at,entry_date",
        f"?patient={owner}&page_size=1&page=2",
        f"?patient={owner}&date_from=2000-01-01&date_to=2999-12-31",
        f"?patient={owner}&date_from=2999-01-01",
        f"?patient={other}",
        "?patient=999999999",
        "",
    ]
    for user in (history.owner, history.other_patient, history.doctor, history.other_doctor, history.nurse):
        client = client_for(user)
        for query in queries:
            response = client.get(f"/api/v1/records/{query}")
            ids, total = _orm_records(user, query)
            if not ids and "page=2" in query:
                assert response.status_code == 404, (user.role, query)
                continue
            assert response.status_code == 200, (user.role, query, response.json())
            body = response.json()
            assert [row["id"] for row in body["results"]] == ids, (user.role, query)
            assert body["count"] == total, (user.role, query)
            for row in body["results"]:
                assert row == RecordEntryOutput(RecordEntry.objects.get(pk=row["id"])).data
    assert client_for(history.admin).get(f"/api/v1/records/?patient={owner}").status_code == 403


def _loaded(user, accessor: str) -> dict:
    """A user's column values and those of their cached profile (None: cached as having none)."""
    profile = user._state.fields_cache[accessor]  # cached: reading it costs no query
    columns = {field.attname: getattr(user, field.attname) for field in user._meta.concrete_fields}
    if profile is not None:
        assert profile.user is user
        columns |= {f"profile.{f.attname}": getattr(profile, f.attname) for f in profile._meta.concrete_fields}
    return {"columns": columns, "profile": profile is not None}


def test_a_bookings_parties_load_as_the_orm_loads_them_for_every_party(history, django_assert_num_queries):
    """`scoped_patient_with_profile` against `patient_list(...).filter(pk=...).first()`, and
    `active_doctor_with_profile` against the active doctors' queryset: the same people, whole."""
    from apps.accounts.models import PatientProfile, Role, User
    from apps.accounts.selectors import active_doctor_with_profile, patient_list, scoped_patient_with_profile
    from apps.accounts.tests.factories import DoctorFactory, PatientFactory

    gone = PatientFactory(is_active=False)
    no_profile = PatientFactory()
    PatientProfile.objects.filter(pk=no_profile.pk).delete()
    history.owner.patient_profile.phone = "+44 20 7946 0000"
    history.owner.patient_profile.emergency_contacts = [{"name": "Ann", "relation": "sister", "phone": "1"}]
    history.owner.patient_profile.save()
    retired = DoctorFactory(is_active=False)
    people = [history.owner, history.other_patient, gone, no_profile, history.doctor, retired, history.nurse]
    ids = [user.pk for user in people] + [999_999_999, 2**63]
    found = 0
    for actor in (history.owner, history.other_patient, history.doctor, history.nurse, history.admin):
        for patient_id in ids:
            with django_assert_num_queries(0 if patient_id == 2**63 else 1):
                loaded = scoped_patient_with_profile(actor=actor, patient_id=patient_id)
            expected = patient_list(actor=actor).filter(pk=patient_id).first() if patient_id < 2**63 else None
            assert (loaded is None) == (expected is None), (actor.role, patient_id)
            if loaded is not None:
                with django_assert_num_queries(0):
                    assert _loaded(loaded, "patient_profile") == _loaded(expected, "patient_profile")
                found += 1
    assert found >= 8  # each patient themself, the doctor two, the nurse three, the admin four
    doctors = User.objects.filter(role=Role.DOCTOR, is_active=True).select_related("doctor_profile")
    for doctor_id in ids:
        loaded = active_doctor_with_profile(doctor_id)
        expected = doctors.filter(pk=doctor_id).first() if doctor_id < 2**63 else None
        assert (loaded is None) == (expected is None), doctor_id
        if loaded is not None:
            with django_assert_num_queries(0):
                assert _loaded(loaded, "doctor_profile") == _loaded(expected, "doctor_profile")
    assert active_doctor_with_profile(history.doctor.pk) is not None
