"""Two API replicas share report files through S3-compatible storage: the docker-compose topology
(`docker compose up --scale api=2` behind nginx, MinIO for the files), proven with real processes.

A real S3 server (moto in server mode) and two API processes (gunicorn, local settings with the
S3 storage environment) run on loopback ports, on this test run's database and Redis. A doctor
uploads a report through one process; the patient and the doctor download it, byte for byte,
through the other.
"""

import contextlib
import os
import time

import pytest
import requests

from apps.accounts.tests.factories import PASSWORD, DoctorFactory, PatientFactory
from apps.audit.models import AuditEvent, Outcome
from apps.records.models import MedicalReport
from tests.storage_processes import api_servers, app_env, moto_s3_server, s3_client, s3_reports_env

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BUCKET = "pt-shared-reports"
TIMEOUT = 30


@pytest.fixture
def s3_endpoint():
    with moto_s3_server() as endpoint:
        s3_client(endpoint).create_bucket(Bucket=BUCKET)
        yield endpoint


@pytest.fixture
def clinic(settings):
    # The servers run under local settings, which verify Argon2 hashes (the suite hashes faster).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    doctor = DoctorFactory()
    patient = PatientFactory()
    patient.patient_profile.primary_doctor = doctor
    patient.patient_profile.save()
    return doctor, patient


@pytest.fixture
def replicas(s3_endpoint, clinic, tmp_path):
    # Each replica has a disk of its own, as containers do: only the bucket is shared.
    storage = s3_reports_env(s3_endpoint, BUCKET)
    with api_servers(app_env(tmp_path / "var-1", **storage), app_env(tmp_path / "var-2", **storage)) as urls:
        yield urls


def _sign_in(base_url: str, username: str) -> dict[str, str]:
    response = requests.post(
        f"{base_url}/api/v1/auth/token/", json={"username": username, "password": PASSWORD}, timeout=TIMEOUT
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access']}"}


def test_a_report_uploaded_through_one_replica_downloads_byte_for_byte_from_the_other(
    replicas, clinic, s3_endpoint, tmp_path
):
    first, second = replicas
    doctor, patient = clinic
    content = b"%PDF-1.7\n" + os.urandom(300 * 1024) + b"\n%%EOF\n"

    upload = requests.post(
        f"{first}/api/v1/reports/",
        headers=_sign_in(first, doctor.username),
        data={"patient": str(patient.pk), "title": "Chest X-ray"},
        files={"file": ("chest-x-ray.pdf", content, "application/pdf")},
        timeout=TIMEOUT,
    )
    assert upload.status_code == 201, upload.text
    report_id = upload.json()["id"]

    for person in (patient, doctor):
        download = requests.get(
            f"{second}/api/v1/reports/{report_id}/file/", headers=_sign_in(second, person.username), timeout=TIMEOUT
        )
        assert download.status_code == 200, download.text
        assert download.content == content
        assert download.headers["Content-Disposition"] == 'attachment; filename="chest-x-ray.pdf"'

    # Both downloads went through the audited endpoint of the second process.
    downloads = AuditEvent.objects.filter(action="report.download", outcome=Outcome.SUCCESS)
    assert sorted(downloads.values_list("actor_id", flat=True)) == sorted([patient.pk, doctor.pk])

    # The one copy is in the shared bucket, encrypted and private; neither process kept one on disk.
    s3 = s3_client(s3_endpoint)
    (stored,) = s3.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert stored["Key"] == MedicalReport.objects.get(pk=report_id).storage_name
    token = s3.get_object(Bucket=BUCKET, Key=stored["Key"])["Body"].read()
    assert token.startswith(b"gAAAA")
    assert content[9:4096] not in token
    grants = s3.get_object_acl(Bucket=BUCKET, Key=stored["Key"])["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert not any((tmp_path / var / "reports").exists() for var in ("var-1", "var-2"))


def _upload(base_url: str, headers: dict[str, str], patient_id: int, content: bytes) -> requests.Response:
    return requests.post(
        f"{base_url}/api/v1/reports/",
        headers=headers,
        data={"patient": str(patient_id), "title": "Blood panel"},
        files={"file": ("blood-panel.pdf", content, "application/pdf")},
        timeout=TIMEOUT,
    )


def test_an_object_storage_outage_answers_503_and_keeps_nothing_then_recovers(clinic, tmp_path):
    """The bucket's server stops: uploads and downloads answer 503 with Retry-After, no row is written
    and nothing else fails; once it is back (empty, as after a failover), uploads work again."""
    doctor, patient = clinic
    content = b"%PDF-1.7\n" + os.urandom(64 * 1024) + b"\n%%EOF\n"
    with contextlib.ExitStack() as servers:
        s3 = contextlib.ExitStack()
        endpoint = s3.enter_context(moto_s3_server())
        servers.callback(s3.close)
        s3_client(endpoint).create_bucket(Bucket=BUCKET)
        (api,) = servers.enter_context(api_servers(app_env(tmp_path / "var", **s3_reports_env(endpoint, BUCKET))))
        headers = _sign_in(api, doctor.username)
        before = _upload(api, headers, patient.pk, content)
        assert before.status_code == 201, before.text
        stored_id = before.json()["id"]

        s3.close()  # the S3 server stops; the API keeps running
        started = time.monotonic()
        refused = [
            _upload(api, headers, patient.pk, content),
            requests.get(f"{api}/api/v1/reports/{stored_id}/file/", headers=headers, timeout=TIMEOUT),
        ]
        waited = time.monotonic() - started
        for response in refused:
            assert response.status_code == 503, response.text
            assert response.json()["code"] == "storage_unavailable"
            assert int(response.headers["Retry-After"]) > 0
        assert waited < 20, f"the outage took {waited:.1f} s to answer"
        assert list(MedicalReport.objects.values_list("pk", flat=True)) == [stored_id]

        s3.enter_context(moto_s3_server(int(endpoint.rsplit(":", 1)[1])))
        s3_client(endpoint).create_bucket(Bucket=BUCKET)
        after = _upload(api, headers, patient.pk, content)
        assert after.status_code == 201, after.text
        download = requests.get(f"{api}/api/v1/reports/{after.json()['id']}/file/", headers=headers, timeout=TIMEOUT)
        assert download.status_code == 200
        assert download.content == content
