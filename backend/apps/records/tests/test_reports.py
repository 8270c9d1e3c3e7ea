"""Report uploads and downloads: type and size checks, encryption at rest, nothing kept when refused."""

import hashlib
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from apps.audit.models import AuditEvent, Outcome
from apps.records.models import MedicalReport
from apps.records.services.files import filename_sanitise

from .factories import EXECUTABLE, JPEG, PDF, PNG, MedicalReportFactory

pytestmark = pytest.mark.django_db


def _upload(client, patient, name, content, **extra):
    payload = {"patient": patient.pk, "title": "Chest X-ray", "file": SimpleUploadedFile(name, content)} | extra
    return client.post("/api/v1/reports/", payload, format="multipart")


def _assert_nothing_stored(reports_dir):
    assert not MedicalReport.objects.exists()
    assert not reports_dir.exists() or list(reports_dir.iterdir()) == []


def _assert_nothing_kept(report_store):
    assert not MedicalReport.objects.exists()
    assert report_store.names() == []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("scan.pdf", PDF, "application/pdf"), ("x-ray.PNG", PNG, "image/png"), ("photo.jpeg", JPEG, "image/jpeg")],
)
def test_a_clinician_uploads_a_pdf_png_or_jpeg(people, client_for, report_store, name, content, content_type):
    response = _upload(client_for(people.doctor), people.owner, name, content, description="Left lung clear")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["content_type"], body["size"]) == (content_type, len(content))
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert body["uploaded_by"]["id"] == people.doctor.pk
    assert body["file_url"] == f"/api/v1/reports/{body['id']}/file/"
    assert report_store.names() == [MedicalReport.objects.get().storage_name]


def test_the_stored_file_is_encrypted_under_a_random_name(people, client_for, report_store):
    _upload(client_for(people.nurse), people.owner, "olive-owner-hiv-test.pdf", PDF)
    (stored,) = report_store.names()
    report = MedicalReport.objects.get()
    assert stored == report.storage_name
    assert len(stored) == 64
    assert "owner" not in stored
    raw = report_store.raw(stored)
    assert b"%PDF" not in raw
    assert PDF not in raw
    assert raw.startswith(b"gAAAA")


def test_a_stored_file_on_disk_is_the_owners_alone_and_under_reports_dir(people, client_for, reports_dir):
    _upload(client_for(people.nurse), people.owner, "scan.pdf", PDF)
    (stored,) = reports_dir.iterdir()
    assert stored.stat().st_mode & 0o077 == 0
    assert reports_dir.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("report_store", ["s3"], indirect=True)
def test_a_stored_object_is_private_and_no_storage_hands_out_a_url(people, client_for, report_store):
    import boto3

    from .conftest import TEST_BUCKET

    _upload(client_for(people.nurse), people.owner, "scan.pdf", PDF)
    (stored,) = report_store.names()
    grants = boto3.client("s3", region_name="us-east-1").get_object_acl(Bucket=TEST_BUCKET, Key=stored)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert grants[0]["Grantee"]["Type"] == "CanonicalUser"
    with pytest.raises(NotImplementedError):
        report_store.storage.url(stored)


def test_the_report_row_is_not_plaintext_in_the_database(people, client_for):
    from django.db import connection

    _upload(client_for(people.nurse), people.owner, "hiv-test.pdf", PDF, description="HIV test result")
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, description, original_filename FROM records_medicalreport")
        row = cursor.fetchone()
    assert all(value.startswith("gAAAA") for value in row)
    assert not any(needle in value for value in row for needle in ("Chest X-ray", "HIV test", "hiv-test"))


def test_a_renamed_executable_with_a_pdf_name_is_refused_and_nothing_is_stored(people, client_for, reports_dir):
    response = _upload(client_for(people.doctor), people.owner, "results.pdf", EXECUTABLE)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_file_type"
    _assert_nothing_stored(reports_dir)


@pytest.mark.parametrize(
    ("name", "content"),
    [("scan.png", PDF), ("scan.exe", PDF), ("scan", PDF), ("scan.pdf.exe", PDF), ("image.jpg", PNG), (".pdf", PDF)],
)
def test_content_and_name_must_agree(people, client_for, reports_dir, name, content):
    response = _upload(client_for(people.doctor), people.owner, name, content)
    assert response.status_code == 415
    _assert_nothing_stored(reports_dir)


def test_an_empty_file_answers_400_and_nothing_is_stored(people, client_for, reports_dir):
    response = _upload(client_for(people.doctor), people.owner, "empty.pdf", b"")
    assert response.status_code == 400
    assert response.json()["code"] == "empty_file"
    _assert_nothing_stored(reports_dir)


def test_a_file_over_the_cap_answers_413_and_nothing_is_stored(people, client_for, reports_dir, settings):
    settings.REPORT_MAX_BYTES = 1024
    response = _upload(client_for(people.doctor), people.owner, "big.pdf", PDF + b"0" * (1025 - len(PDF)))
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"
    _assert_nothing_stored(reports_dir)


def test_an_oversized_file_is_cut_off_while_it_is_read_never_reaching_the_service(
    people, client_for, reports_dir, settings
):
    settings.REPORT_MAX_BYTES = 1024
    with mock.patch("apps.records.api.reports.report_upload") as service:
        response = _upload(client_for(people.doctor), people.owner, "big.pdf", PDF + bytes(4096))
    assert response.status_code == 413
    service.assert_not_called()


def test_a_file_exactly_at_the_cap_is_accepted(people, client_for, settings):
    settings.REPORT_MAX_BYTES = 1024
    response = _upload(client_for(people.doctor), people.owner, "fits.pdf", PDF + b"0" * (1024 - len(PDF)))
    assert response.status_code == 201


def test_a_body_declared_far_over_the_cap_is_refused_before_it_is_read(people, client_for, reports_dir, settings):
    settings.REPORT_MAX_BYTES = 1024
    client = client_for(people.doctor)
    response = client.generic(
        "POST",
        "/api/v1/reports/",
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(10 * 1024 * 1024),
    )
    assert response.status_code == 413
    _assert_nothing_stored(reports_dir)


def test_the_default_cap_is_ten_megabytes_and_one_byte_more_is_refused(people, client_for, reports_dir, settings):
    assert settings.REPORT_MAX_BYTES == 10 * 1024 * 1024
    oversized = PDF + bytes(10 * 1024 * 1024 + 1 - len(PDF))
    response = _upload(client_for(people.doctor), people.owner, "big.pdf", oversized)
    assert response.status_code == 413
    _assert_nothing_stored(reports_dir)


def test_a_failed_database_write_leaves_no_orphan_file(people, client_for, report_store):
    with mock.patch("apps.records.services.reports.MedicalReport.objects.create", side_effect=IntegrityError):
        response = _upload(client_for(people.doctor), people.owner, "scan.pdf", PDF)
    assert response.status_code == 409
    _assert_nothing_kept(report_store)


def test_a_refused_role_stores_nothing(people, client_for, reports_dir):
    assert _upload(client_for(people.owner), people.owner, "scan.pdf", PDF).status_code == 403
    assert _upload(client_for(people.other_doctor), people.owner, "scan.pdf", PDF).status_code == 404
    _assert_nothing_stored(reports_dir)


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "No file"},
        {"title": "", "file": SimpleUploadedFile("a.pdf", PDF)},
        {"title": "x", "file": "not a file"},
    ],
)
def test_a_missing_file_or_title_answers_400(people, client_for, reports_dir, payload):
    response = client_for(people.doctor).post(
        "/api/v1/reports/", {"patient": people.owner.pk} | payload, format="multipart"
    )
    assert response.status_code == 400
    _assert_nothing_stored(reports_dir)


def test_a_json_upload_is_refused_with_415(people, client_for):
    response = client_for(people.doctor).post("/api/v1/reports/", {"patient": people.owner.pk}, format="json")
    assert response.status_code == 415


def test_a_malformed_multipart_body_answers_400(people, client_for):
    response = client_for(people.doctor).generic(
        "POST", "/api/v1/reports/", b"--x\r\nbroken", content_type="multipart/form-data; boundary=x"
    )
    assert response.status_code == 400


def test_too_many_form_fields_answer_400_not_500(people, client_for, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2
    payload = {"patient": people.owner.pk, "title": "t", "a": "1", "b": "2", "file": SimpleUploadedFile("a.pdf", PDF)}
    response = client_for(people.doctor).post("/api/v1/reports/", payload, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_upload"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\scan.PDF", "scan.pdf"),
        ('a"b;c\r\nd.pdf', "a_b_c__d.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        ("ré sumé.pdf", "re sume.pdf"),
        ("検査.pdf", "__.pdf"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
        ("", "report"),
    ],
)
def test_file_names_are_sanitised(name, expected):
    assert filename_sanitise(name) == expected


def test_the_download_streams_the_decrypted_file_as_a_safe_attachment(people, client_for, report_store):
    report = MedicalReportFactory(patient=people.owner, original_filename="blood panel.pdf")
    response = client_for(people.owner).get(f"/api/v1/reports/{report.pk}/file/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="blood panel.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="report.download")
    assert (event.actor_id, event.patient_id, event.outcome) == (people.owner.pk, people.owner.pk, Outcome.SUCCESS)


def test_a_file_that_fails_its_checksum_is_not_served(people, client_for, caplog):
    report = MedicalReportFactory(patient=people.owner, sha256="0" * 64)
    response = client_for(people.nurse).get(f"/api/v1/reports/{report.pk}/file/")
    assert response.status_code == 409
    assert response.json()["code"] == "report_file_unavailable"
    assert "request_id" in response.json()
    assert AuditEvent.objects.get(action="report.download").outcome == Outcome.FAILURE
    assert f"report {report.pk}" in caplog.text
    assert "Blood" not in caplog.text


def test_a_missing_or_tampered_file_is_not_served(people, client_for, report_store):
    missing = MedicalReportFactory(patient=people.owner)
    report_store.remove(missing.storage_name)
    tampered = MedicalReportFactory(patient=people.owner)
    report_store.replace(tampered.storage_name, b"gAAAAAnot-a-token")
    client = client_for(people.nurse)
    assert client.get(f"/api/v1/reports/{missing.pk}/file/").status_code == 409
    assert client.get(f"/api/v1/reports/{tampered.pk}/file/").status_code == 409


def test_a_disk_that_cannot_be_read_answers_409_not_500(people, client_for, reports_dir, caplog):
    report = MedicalReportFactory(patient=people.owner)
    with mock.patch("apps.records.storage.LocalReportStorage._open", side_effect=OSError(5, "I/O error")):
        response = client_for(people.nurse).get(f"/api/v1/reports/{report.pk}/file/")
    assert response.status_code == 409
    assert response.json()["code"] == "report_file_unavailable"
    assert f"report {report.pk}" in caplog.text


@pytest.mark.parametrize("report_store", ["s3"], indirect=True)
@pytest.mark.parametrize("status", [None, 503])
def test_an_object_storage_outage_answers_503_with_retry_after(people, client_for, report_store, caplog, status):
    from botocore.exceptions import ClientError, EndpointConnectionError

    report = MedicalReportFactory(patient=people.owner)
    stored_before = report_store.names()
    failure = (
        EndpointConnectionError(endpoint_url="http://storage.invalid")
        if status is None
        else ClientError({"Error": {"Code": "SlowDown"}, "ResponseMetadata": {"HTTPStatusCode": status}}, "GetObject")
    )
    client = client_for(people.doctor)
    with (
        mock.patch.object(type(report_store.storage), "_open", side_effect=failure),
        mock.patch.object(type(report_store.storage), "_save", side_effect=failure),
        mock.patch.object(type(report_store.storage), "exists", side_effect=failure),
    ):
        download = client.get(f"/api/v1/reports/{report.pk}/file/")
        upload = _upload(client, people.owner, "scan.pdf", PDF)
    for response in (download, upload):
        assert response.status_code == 503, response.content
        assert response.json()["code"] == "storage_unavailable"
        assert int(response["Retry-After"]) > 0
    # Nothing was kept of the refused upload, and the refused download is in the audit log.
    assert list(MedicalReport.objects.values_list("pk", flat=True)) == [report.pk]
    assert report_store.names() == stored_before
    assert AuditEvent.objects.get(action="report.download").outcome == Outcome.FAILURE
    assert "scan.pdf" not in caplog.text


def test_a_missing_object_is_not_an_outage():
    from botocore.exceptions import ClientError

    from apps.records.storage import storage_unreachable

    missing = ClientError({"Error": {"Code": "NoSuchKey"}, "ResponseMetadata": {"HTTPStatusCode": 404}}, "GetObject")
    assert not storage_unreachable(missing)
    assert not storage_unreachable(FileNotFoundError())


def test_a_deleted_report_disappears_but_its_row_and_file_are_kept(people, client_for, report_store):
    report = MedicalReportFactory(patient=people.owner)
    client = client_for(people.nurse)
    assert client.delete(f"/api/v1/reports/{report.pk}/").status_code == 204
    assert client.get(f"/api/v1/reports/{report.pk}/").status_code == 404
    assert client.get(f"/api/v1/reports/{report.pk}/file/").status_code == 404
    assert client.get("/api/v1/reports/").json()["count"] == 0
    assert client.delete(f"/api/v1/reports/{report.pk}/").status_code == 404
    kept = MedicalReport.objects.get(pk=report.pk)
    assert (kept.deleted_by_id, kept.deleted_at is not None) == (people.nurse.pk, True)
    assert report_store.names() == [kept.storage_name]


@pytest.mark.parametrize("page_size", [1, 5, 25])
def test_the_report_list_query_count_does_not_grow_with_the_page(
    people, client_for, django_assert_num_queries, page_size
):
    for patient in (people.owner, people.other_patient):
        MedicalReportFactory.create_batch(15, patient=patient, uploaded_by=people.doctor)
    client = client_for(people.nurse)
    with django_assert_num_queries(4):
        response = client.get("/api/v1/reports/", {"page_size": page_size})
    assert len(response.json()["results"]) == page_size
