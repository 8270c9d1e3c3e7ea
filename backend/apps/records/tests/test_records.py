"""Record entries: writing, editing with revisions, validation, encryption at rest, query counts."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from apps.records.models import RecordEntry, RecordRevision
from apps.records.services import record_create, record_update

from .factories import RecordEntryFactory

pytestmark = pytest.mark.django_db

DIAGNOSIS = "Type 2 diabetes mellitus, newly diagnosed"


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - fixed names
        return cursor.fetchone()[0]


def test_a_doctor_writes_an_entry_for_their_patient_and_is_its_author(people, client_for):
    response = client_for(people.doctor).post(
        "/api/v1/records/",
        {"patient": people.owner.pk, "entry_date": "2024-05-01", "diagnosis": DIAGNOSIS, "author": people.nurse.pk},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["author"] == {"id": people.doctor.pk, "full_name": "Treating Doctor", "role": "doctor"}
    assert (body["patient"], body["diagnosis"], body["version"]) == (people.owner.pk, DIAGNOSIS, 1)


def test_a_nurse_writes_an_entry_for_any_active_patient(people, client_for):
    response = client_for(people.nurse).post(
        "/api/v1/records/",
        {"patient": people.other_patient.pk, "entry_date": "2024-05-01", "notes": "BP 120/80"},
        format="json",
    )
    assert response.status_code == 201


def test_a_nurse_cannot_write_for_a_deactivated_patient(people):
    people.other_patient.is_active = False
    people.other_patient.save()
    with pytest.raises(NotFoundError):
        record_create(actor=people.nurse, patient_id=people.other_patient.pk, entry_date=datetime.date(2024, 5, 1))


def test_an_entry_cannot_be_written_for_a_staff_member(people, client_for):
    response = client_for(people.nurse).post(
        "/api/v1/records/", {"patient": people.doctor.pk, "entry_date": "2024-05-01", "notes": "x"}, format="json"
    )
    assert response.status_code == 404


def test_a_patient_cannot_write_through_the_service_either(people):
    with pytest.raises(PermissionDeniedError):
        record_create(actor=people.owner, patient_id=people.owner.pk, entry_date=datetime.date(2024, 5, 1), notes="x")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"entry_date": "2024-13-45", "notes": "x"}, "entry_date"),
        ({"entry_date": "not a date", "notes": "x"}, "entry_date"),
        ({"entry_date": "2024-05-01"}, "non_field_errors"),
        ({"entry_date": "2024-05-01", "notes": "   "}, "non_field_errors"),
        ({"notes": "x"}, "entry_date"),
        ({"entry_date": "2024-05-01", "notes": "x" * 20001}, "notes"),
        ({"entry_date": "2024-05-01", "notes": "x", "patient": "abc"}, "patient"),
        ({"entry_date": "2024-05-01", "notes": "x", "patient": 10**30}, "patient"),
    ],
)
def test_bad_input_answers_400_with_the_field_and_writes_nothing(people, client_for, body, field):
    payload = {"patient": people.owner.pk} | body
    response = client_for(people.doctor).post("/api/v1/records/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert not RecordEntry.objects.exists()


def test_an_entry_cannot_be_dated_in_the_future(people, client_for):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(people.doctor).post(
        "/api/v1/records/", {"patient": people.owner.pk, "entry_date": str(tomorrow), "notes": "x"}, format="json"
    )
    assert response.status_code == 400
    assert "entry_date" in response.json()["fields"]


def test_a_malformed_json_body_answers_400(people, client_for):
    response = client_for(people.doctor).generic(
        "POST", "/api/v1/records/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_an_edit_keeps_the_earlier_text_as_a_revision(people, client_for, owner_entry):
    first = owner_entry.diagnosis
    client = client_for(people.nurse)
    response = client.patch(f"/api/v1/records/{owner_entry.pk}/", {"diagnosis": "Asthma"}, format="json")
    assert response.status_code == 200
    assert (response.json()["diagnosis"], response.json()["version"]) == ("Asthma", 2)
    assert response.json()["last_edited_by"]["id"] == people.nurse.pk
    response = client_for(people.doctor).patch(
        f"/api/v1/records/{owner_entry.pk}/", {"diagnosis": "Asthma, mild", "version": 2}, format="json"
    )
    assert response.json()["version"] == 3

    revisions = client_for(people.owner).get(f"/api/v1/records/{owner_entry.pk}/revisions/").json()["results"]
    assert [(r["revision"], r["diagnosis"]) for r in revisions] == [(1, first), (2, "Asthma")]
    assert [r["written_by"]["id"] for r in revisions] == [people.doctor.pk, people.nurse.pk]
    assert [r["edited_by"]["id"] for r in revisions] == [people.nurse.pk, people.doctor.pk]
    assert revisions[0]["notes"] == owner_entry.notes


def test_an_edit_that_changes_nothing_makes_no_revision(people, owner_entry):
    record_update(actor=people.doctor, entry=owner_entry, data={"diagnosis": owner_entry.diagnosis})
    assert not RecordRevision.objects.exists()
    assert RecordEntry.objects.get().version == 1


def test_an_edit_of_a_stale_version_is_refused_with_409_and_changes_nothing(people, client_for, owner_entry):
    record_update(actor=people.doctor, entry=owner_entry, data={"notes": "Seen again"})
    response = client_for(people.nurse).patch(
        f"/api/v1/records/{owner_entry.pk}/", {"notes": "Overwrite", "version": 1}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    assert RecordEntry.objects.get().notes == "Seen again"
    with pytest.raises(ConflictError):
        record_update(actor=people.doctor, entry=owner_entry, data={"notes": "x"}, expected_version=7)


def test_the_author_and_patient_of_an_entry_cannot_be_changed(people, client_for, owner_entry):
    client_for(people.doctor).patch(
        f"/api/v1/records/{owner_entry.pk}/",
        {"author": people.nurse.pk, "patient": people.other_patient.pk, "notes": "n"},
        format="json",
    )
    entry = RecordEntry.objects.get()
    assert (entry.author_id, entry.patient_id) == (people.doctor.pk, people.owner.pk)


def test_there_is_no_way_to_delete_an_entry(people, client_for, owner_entry):
    response = client_for(people.doctor).delete(f"/api/v1/records/{owner_entry.pk}/")
    assert response.status_code == 405
    assert RecordEntry.objects.filter(pk=owner_entry.pk).exists()


def test_entry_and_revision_texts_are_not_plaintext_in_the_database(people, owner_entry):
    record_update(actor=people.doctor, entry=owner_entry, data={"diagnosis": "Second opinion: migraine"})
    stored = _raw("records_recordentry", "diagnosis", owner_entry.pk)
    assert "migraine" not in stored
    assert stored.startswith("gAAAA")  # a Fernet token
    revision = RecordRevision.objects.get()
    for column in ("diagnosis", "treatment_plan", "medications_text", "notes"):
        assert "rhinitis" not in _raw("records_recordrevision", column, revision.pk).lower()
    assert RecordEntry.objects.get().diagnosis == "Second opinion: migraine"


def test_the_list_is_chronological_and_filters_by_patient_and_date(people, client_for):
    for day in (3, 1, 2):
        RecordEntryFactory(patient=people.owner, author=people.doctor, entry_date=datetime.date(2024, 2, day))
    RecordEntryFactory(patient=people.other_patient, author=people.doctor, entry_date=datetime.date(2024, 2, 1))
    client = client_for(people.nurse)
    dates = [r["entry_date"] for r in client.get("/api/v1/records/", {"patient": people.owner.pk}).json()["results"]]
    assert dates == ["2024-02-01", "2024-02-02", "2024-02-03"]
    newest = client.get("/api/v1/records/", {"patient": people.owner.pk, "ordering": "-entry_date"}).json()
    assert [r["entry_date"] for r in newest["results"]] == ["2024-02-03", "2024-02-02", "2024-02-01"]
    window = client.get("/api/v1/records/", {"date_from": "2024-02-02", "date_to": "2024-02-02"}).json()
    assert window["count"] == 1


@pytest.mark.parametrize("query", [{"patient": "abc"}, {"date_from": "yesterday"}, {"date_to": "2024-02-31"}])
def test_malformed_list_filters_answer_400(people, client_for, query):
    assert client_for(people.nurse).get("/api/v1/records/", query).status_code == 400


@pytest.mark.parametrize("page_size", [1, 5, 25])
def test_the_record_list_query_count_does_not_grow_with_the_page(
    people, client_for, django_assert_num_queries, page_size
):
    for patient in (people.owner, people.other_patient):
        RecordEntryFactory.create_batch(15, patient=patient, author=people.doctor)
    client = client_for(people.nurse)
    # Authentication, count, page (with patients and authors joined), one audit insert.
    with django_assert_num_queries(4):
        response = client.get("/api/v1/records/", {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


def test_a_list_page_writes_one_audit_event_per_patient_on_it(people, client_for):
    RecordEntryFactory.create_batch(3, patient=people.owner, author=people.doctor)
    RecordEntryFactory.create_batch(2, patient=people.other_patient, author=people.doctor)
    client_for(people.nurse).get("/api/v1/records/")
    events = AuditEvent.objects.filter(actor=people.nurse, action="record.list")
    assert sorted(e.patient_id for e in events) == sorted([people.owner.pk, people.other_patient.pk])


@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_each_keep_a_revision_with_distinct_numbers(people):
    entry = RecordEntryFactory(patient=people.owner, author=people.doctor)
    editors = [people.doctor, people.nurse, people.doctor, people.nurse]
    barrier = threading.Barrier(len(editors))
    failures: list[Exception] = []

    def edit(editor, index):
        try:
            barrier.wait(timeout=10)
            record_update(actor=editor, entry=entry, data={"notes": f"Edit number {index}"})
        except Exception as exc:  # collected and asserted below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(editor, i)) for i, editor in enumerate(editors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(RecordRevision.objects.filter(entry=entry).values_list("revision", flat=True)) == [1, 2, 3, 4]
    assert RecordEntry.objects.get(pk=entry.pk).version == 5
