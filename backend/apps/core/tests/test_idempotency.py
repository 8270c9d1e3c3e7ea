"""`Idempotency-Key` on every create: replays, refusals, scope, expiry, uploads and concurrency."""

import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.client import encode_multipart
from django.utils import timezone

from apps.accounts.models import User
from apps.core.models import IdempotentRequest
from apps.core.tasks import purge_idempotency_keys
from apps.records.models import MedicalReport, Medication, RecordEntry
from apps.records.tests.factories import PDF
from apps.scheduling.models import Status
from apps.scheduling.tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db

KEY = "6d0c4b8e-retry"


def _record(people) -> dict:
    return {"patient": people.owner.pk, "entry_date": "2024-05-01", "diagnosis": "Seasonal rhinitis"}


def _medication(people) -> dict:
    return {"patient": people.owner.pk, "name": "Cetirizine", "dose": "10 mg", "frequency": "daily",
            "start_date": "2024-05-01"}  # fmt: skip


def _account(username: str) -> dict:
    return {"username": username, "email": f"{username}@example.org", "password": "a-long-enough-passphrase",
            "first_name": "New", "last_name": "Person"}  # fmt: skip


# (URL, the role that creates, the body, what is counted)
CREATES = {
    "records": ("/api/v1/records/", "doctor", _record, lambda: RecordEntry.objects.count()),
    "medications": ("/api/v1/medications/", "doctor", _medication, lambda: Medication.objects.count()),
    "patients": ("/api/v1/patients/", "admin", lambda people: _account("pat.new"), lambda: User.objects.count()),
    "doctors": (
        "/api/v1/doctors/",
        "admin",
        lambda people: {**_account("dr.new"), "specialty": "Dermatology", "licence_number": "LIC-1"},
        lambda: User.objects.count(),
    ),
    "nurses": ("/api/v1/nurses/", "admin", lambda people: _account("nurse.new"), lambda: User.objects.count()),
}


@pytest.mark.parametrize("name", CREATES)
def test_a_retry_with_the_same_key_answers_the_first_answer_and_creates_nothing_more(people, client_for, name):
    url, role, body, count = CREATES[name]
    client = client_for(getattr(people, role))
    before = count()
    first = client.post(url, body(people), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    again = client.post(url, body(people), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert first.status_code == 201, first.json()
    assert (again.status_code, again.json()) == (201, first.json())
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert count() == before + 1


@pytest.mark.parametrize("name", CREATES)
def test_the_same_key_with_another_body_answers_409_and_creates_nothing(people, client_for, name):
    url, role, body, count = CREATES[name]
    client = client_for(getattr(people, role))
    client.post(url, body(people), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    before = count()
    changed = {**body(people), "username": "someone.else", "name": "Loratadine", "diagnosis": "Asthma"}
    response = client.post(url, changed, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert (response.status_code, response.json()["code"]) == (409, "idempotency_key_reused")
    assert count() == before


def test_without_the_header_every_post_creates_and_nothing_is_kept(people, client_for):
    client = client_for(people.doctor)
    for _ in range(2):
        assert client.post("/api/v1/records/", _record(people), format="json").status_code == 201
    assert RecordEntry.objects.count() == 2
    assert not IdempotentRequest.objects.exists()


def test_keys_belong_to_their_caller(people, client_for):
    first = client_for(people.doctor).post("/api/v1/records/", _record(people), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    other = client_for(people.nurse).post("/api/v1/records/", _record(people), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert (first.status_code, other.status_code) == (201, 201)
    assert other.json()["id"] != first.json()["id"]
    assert "Idempotent-Replayed" not in other


def test_the_same_key_on_another_endpoint_answers_409(people, client_for):
    client = client_for(people.doctor)
    client.post("/api/v1/records/", _record(people), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    response = client.post("/api/v1/medications/", _medication(people), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert (response.status_code, response.json()["code"]) == (409, "idempotency_key_reused")
    assert not Medication.objects.exists()


def test_a_refused_request_is_not_kept_so_the_corrected_one_may_use_the_key(people, client_for):
    client = client_for(people.doctor)
    bad = client.post("/api/v1/records/", {**_record(people), "entry_date": "soon"}, format="json",
                      HTTP_IDEMPOTENCY_KEY=KEY)  # fmt: skip
    assert bad.status_code == 400
    good = client.post("/api/v1/records/", _record(people), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert good.status_code == 201
    assert "Idempotent-Replayed" not in good


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "naïve"])
def test_a_malformed_key_answers_400_and_creates_nothing(people, client_for, key):
    response = client_for(people.doctor).post("/api/v1/records/", _record(people), format="json",
                                              HTTP_IDEMPOTENCY_KEY=key)  # fmt: skip
    assert (response.status_code, response.json()["code"]) == (400, "validation_error")
    assert "Idempotency-Key" in response.json()["fields"]
    assert not RecordEntry.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("owner", 403), ("other_patient", 403),
                                              ("admin", 403)])  # fmt: skip
def test_callers_who_may_not_create_are_refused_with_a_key_too_and_nothing_is_kept(people, client_for, role, status):
    response = client_for(people.get(role)).post("/api/v1/records/", _record(people), format="json",
                                                 HTTP_IDEMPOTENCY_KEY=KEY)  # fmt: skip
    assert response.status_code == status
    assert not RecordEntry.objects.exists()
    assert not IdempotentRequest.objects.exists()


@pytest.mark.parametrize("role", ["doctor", "nurse"])
def test_clinicians_who_may_create_get_replays(people, client_for, role):
    client = client_for(getattr(people, role))
    first = client.post("/api/v1/records/", _record(people), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    again = client.post("/api/v1/records/", _record(people), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert (first.status_code, again["Idempotent-Replayed"], again.json()) == (201, "true", first.json())


def _age_keys(hours: float) -> None:
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=hours))


def test_a_key_is_remembered_for_the_configured_hours(people, client_for, settings):
    settings.IDEMPOTENCY_KEY_HOURS = 24
    client = client_for(people.doctor)
    client.post("/api/v1/records/", _record(people), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    _age_keys(23.9)
    again = client.post("/api/v1/records/", _record(people), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert again["Idempotent-Replayed"] == "true"
    assert purge_idempotency_keys.apply().get() == 0


def test_a_key_older_than_its_hours_is_forgotten_and_may_create_again(people, client_for, settings):
    settings.IDEMPOTENCY_KEY_HOURS = 2
    client = client_for(people.doctor)
    client.post("/api/v1/records/", _record(people), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    _age_keys(2.1)
    # Forgotten: even another body is a new request now, and the stale row makes way for it.
    later = client.post("/api/v1/records/", {**_record(people), "diagnosis": "Asthma"}, format="json",
                        HTTP_IDEMPOTENCY_KEY=KEY)  # fmt: skip
    assert (later.status_code, later.has_header("Idempotent-Replayed")) == (201, False)
    assert RecordEntry.objects.count() == 2
    assert IdempotentRequest.objects.get().fingerprint  # one row per caller and key, the new one
    again = client.post("/api/v1/records/", {**_record(people), "diagnosis": "Asthma"}, format="json",
                        HTTP_IDEMPOTENCY_KEY=KEY)  # fmt: skip
    assert again.json() == later.json()


def test_the_daily_purge_deletes_only_forgotten_keys(people, client_for, settings):
    settings.IDEMPOTENCY_KEY_HOURS = 24
    client = client_for(people.doctor)
    client.post("/api/v1/records/", _record(people), format="json", HTTP_IDEMPOTENCY_KEY="old")
    _age_keys(25)
    client.post("/api/v1/records/", _record(people), format="json", HTTP_IDEMPOTENCY_KEY="fresh")
    assert purge_idempotency_keys.apply().get() == 1
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["fresh"]
    assert RecordEntry.objects.count() == 2  # the records stay; only the keys go


def test_the_purge_runs_daily(settings):
    job = settings.CELERY_BEAT_SCHEDULE["purge-idempotency-keys"]
    assert (job["task"], job["schedule"]) == ("apps.core.tasks.purge_idempotency_keys", 24 * 3600)


def test_the_kept_answer_is_encrypted_at_rest(people, client_for):
    client_for(people.doctor).post("/api/v1/records/", _record(people), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT response_body FROM {IdempotentRequest._meta.db_table}")  # noqa: S608
        (raw,) = cursor.fetchone()
    assert "rhinitis" not in raw
    assert IdempotentRequest.objects.get().response_status == 201


# --- Uploads: the fingerprint covers the file's content, not the multipart framing ---


def _multipart(people, content: bytes, boundary: str) -> tuple[bytes, str]:
    body = {"patient": people.owner.pk, "title": "Chest X-ray", "file": SimpleUploadedFile("scan.pdf", content)}
    return encode_multipart(boundary, body), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def reports_dir(tmp_path, settings):
    settings.REPORTS_DIR = tmp_path / "reports"


@pytest.mark.usefixtures("reports_dir")
def test_an_upload_retried_with_another_multipart_boundary_is_replayed(people, client_for):
    client = client_for(people.doctor)
    first_body, first_type = _multipart(people, PDF, "boundary-one")
    again_body, again_type = _multipart(people, PDF, "another-boundary-2")
    first = client.post("/api/v1/reports/", first_body, content_type=first_type, HTTP_IDEMPOTENCY_KEY=KEY)
    again = client.post("/api/v1/reports/", again_body, content_type=again_type, HTTP_IDEMPOTENCY_KEY=KEY)
    assert first.status_code == 201, first.json()
    assert (again.status_code, again["Idempotent-Replayed"], again.json()) == (201, "true", first.json())
    assert MedicalReport.objects.count() == 1


@pytest.mark.usefixtures("reports_dir")
def test_an_upload_of_another_file_under_the_same_key_answers_409(people, client_for):
    client = client_for(people.doctor)
    body, content_type = _multipart(people, PDF, "b1")
    client.post("/api/v1/reports/", body, content_type=content_type, HTTP_IDEMPOTENCY_KEY=KEY)
    other, other_type = _multipart(people, PDF.replace(b"Catalog", b"Catalogue"), "b1")
    response = client.post("/api/v1/reports/", other, content_type=other_type, HTTP_IDEMPOTENCY_KEY=KEY)
    assert (response.status_code, response.json()["code"]) == (409, "idempotency_key_reused")
    assert MedicalReport.objects.count() == 1


@pytest.mark.usefixtures("reports_dir")
def test_an_oversized_upload_with_a_key_is_still_413(people, client_for, settings):
    settings.REPORT_MAX_BYTES = 1024
    body, content_type = _multipart(people, PDF + b"0" * 2048, "b1")
    response = client_for(people.doctor).post("/api/v1/reports/", body, content_type=content_type,
                                              HTTP_IDEMPOTENCY_KEY=KEY)  # fmt: skip
    assert (response.status_code, response.json()["code"]) == (413, "file_too_large")
    assert not IdempotentRequest.objects.exists()


# --- Closing a visit ---


def test_a_retried_visit_completion_is_replayed_not_refused(people, client_for):
    appointment = AppointmentFactory(patient=people.owner, doctor=people.doctor,
                                     start=timezone.now() - timedelta(minutes=5))  # fmt: skip
    client = client_for(people.doctor)
    url = f"/api/v1/appointments/{appointment.pk}/complete/"
    first = client.post(url, {"consultation_notes": "All well"}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    again = client.post(url, {"consultation_notes": "All well"}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert first.status_code == 200
    assert (again.status_code, again["Idempotent-Replayed"], again.json()) == (200, "true", first.json())
    appointment.refresh_from_db()
    assert appointment.status == Status.COMPLETED
    # Without the key, the retry is what it always was: the visit is already closed.
    assert client.post(url, {"consultation_notes": "All well"}, format="json").status_code == 409


# --- Concurrency: real threads, real commits ---


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_under_one_key_create_exactly_one_record(people, client_for):
    client = client_for(people.doctor)
    racers = 6
    barrier = threading.Barrier(racers)
    results: list = [None] * racers

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            response = client.post("/api/v1/records/", _record(people), format="json", HTTP_IDEMPOTENCY_KEY=KEY)
            results[index] = (response.status_code, response.json()["id"], response.has_header("Idempotent-Replayed"))
        except Exception as exc:  # the outcome is what the test counts
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert {result[0] for result in results} == {201}, results
    assert len({result[1] for result in results}) == 1
    assert sorted(result[2] for result in results) == [False] + [True] * (racers - 1)
    assert RecordEntry.objects.count() == 1
    assert IdempotentRequest.objects.count() == 1
