"""`manage.py backup` and `manage.py restore`: the database and the report files, together, into a new
database and a new storage, checked record by record and file by file."""

import datetime
import hashlib
import io
import json
import os
import secrets
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from psycopg import sql

from apps.core.fields import decrypt_bytes, decrypt_text, encrypted_fields
from apps.records.models import MedicalReport
from apps.records.services import record_update
from apps.records.storage import LocalReportStorage, S3ReportStorage, report_storage
from apps.records.tests.factories import (
    PDF,
    MedicalReportFactory,
    MedicationFactory,
    RecordEntryFactory,
    appointment_at,
)
from tests.storage_processes import (
    BACKEND_DIR,
    S3_CREDENTIALS,
    app_env,
    database_url,
    moto_s3_server,
    s3_client,
    s3_reports_env,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SOURCE_BUCKET = "pt-source-reports"
RESTORED_BUCKET = "pt-restored-reports"


@pytest.fixture(autouse=True)
def reports_dir(settings, tmp_path):
    """Report files of each test in a folder of its own (unless the test puts them in a bucket)."""
    settings.REPORTS_DIR = tmp_path / "reports"
    return settings.REPORTS_DIR


@pytest.fixture
def backups(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    return folder


def _s3_options(endpoint: str, bucket: str) -> dict:
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": S3_CREDENTIALS["AWS_S3_REGION_NAME"],
        "access_key": S3_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        "secret_key": S3_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    }


@pytest.fixture(params=["local", "s3"])
def storages_pair(request, settings, tmp_path):
    """The source storage (set in the settings of this process) and the new one to restore into:
    two folders, or two buckets of a real S3 server (moto). Yields (environment of the new one, the new one)."""
    if request.param == "local":
        settings.REPORTS_DIR = tmp_path / "source-reports"
        restored = tmp_path / "restored-reports"
        yield {"REPORTS_STORAGE": "local", "REPORTS_DIR": str(restored)}, LocalReportStorage(location=str(restored))
        return
    with moto_s3_server() as endpoint:
        for bucket in (SOURCE_BUCKET, RESTORED_BUCKET):
            s3_client(endpoint).create_bucket(Bucket=bucket)
        settings.STORAGES = {
            **settings.STORAGES,
            "reports": {
                "BACKEND": "apps.records.storage.S3ReportStorage",
                "OPTIONS": _s3_options(endpoint, SOURCE_BUCKET),
            },
        }
        yield s3_reports_env(endpoint, RESTORED_BUCKET), S3ReportStorage(**_s3_options(endpoint, RESTORED_BUCKET))


@pytest.fixture
def clinic_data(people):
    """Encrypted fields of every kind (text, JSON, dates) in several apps, revisions, and report files."""
    entry = RecordEntryFactory(patient=people.owner, author=people.doctor)
    record_update(actor=people.doctor, entry=entry, data={"notes": "Second version"})
    MedicationFactory(patient=people.owner, prescriber=people.doctor)
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    appointment_at(people.owner, people.doctor, start, status="completed", notes="Chest clear")
    profile = people.owner.patient_profile
    profile.date_of_birth = datetime.date(1980, 5, 17)
    profile.emergency_contacts = [{"name": "Oscar Owner", "relation": "brother", "phone": "+44 20 7946 0001"}]
    profile.save()
    for index in range(3):
        MedicalReportFactory(patient=people.owner, content=PDF + secrets.token_bytes(2048 + index))
    MedicalReportFactory(patient=people.owner, deleted_at="2026-01-01T00:00Z", deleted_by=people.nurse)
    return people


@pytest.fixture
def new_database():
    """A new, empty database on the same server (dropped afterwards); yields its URL."""
    name = f"{connection.settings_dict['NAME'].removeprefix('test_')}_restore_{secrets.token_hex(4)}"
    with psycopg.connect(database_url(), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield database_url(name)
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _backup(folder: Path) -> Path:
    archive = folder / "clinic.backup.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    return archive


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "manage.py", *args], cwd=BACKEND_DIR, env=env, capture_output=True, text=True, timeout=300
    )


def _rows_by_table(url: str) -> dict[str, list[str]]:
    """Every row of every table, as PostgreSQL prints it, sorted."""
    with psycopg.connect(url) as db:
        tables = [row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {
            table: [
                row[0]
                for row in db.execute(sql.SQL("SELECT t::text FROM {} AS t ORDER BY 1").format(sql.Identifier(table)))
            ]
            for table in sorted(tables)
        }


def _decrypt_every_encrypted_value(url: str) -> int:
    from django.apps import apps

    decrypted = 0
    with psycopg.connect(url) as db:
        for model in apps.get_models():
            columns = [field.column for field in encrypted_fields(model)]
            if not columns:
                continue
            query = sql.SQL("SELECT {} FROM {}").format(
                sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(model._meta.db_table)
            )
            for row in db.execute(query):
                for value in row:
                    if value:
                        decrypt_text(value)  # raises DecryptionError for a value no key opens
                        decrypted += 1
    return decrypted


def _read(storage, name: str) -> bytes:
    with storage.open(name, "rb") as file:
        return file.read()


def test_a_backup_restores_into_a_new_database_and_storage_with_every_record_and_file(
    storages_pair, clinic_data, new_database, tmp_path, backups
):
    restored_env, restored_storage = storages_pair
    archive = _backup(backups)
    assert archive.stat().st_mode & 0o077 == 0
    manifest = _manifest(archive)
    reports = list(MedicalReport.objects.values_list("storage_name", "sha256"))
    assert sorted(entry["name"] for entry in manifest["files"]) == sorted(name for name, _ in reports)
    for entry in manifest["files"]:
        assert entry["sha256"] == hashlib.sha256(_read(report_storage(), entry["name"])).hexdigest()
    assert manifest["database"]["rows"]["records_medicalreport"] == 4
    assert manifest["missing"] == []

    env = app_env(tmp_path / "restore-var", DATABASE_URL=new_database, **restored_env)
    result = _manage("restore", str(archive), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Files: 4 written, 0 already there" in result.stdout
    assert "Restore complete." in result.stdout

    # Every row of every table, exactly; every encrypted value opens with the keys.
    assert _rows_by_table(new_database) == _rows_by_table(database_url())
    assert _decrypt_every_encrypted_value(new_database) >= 20
    # Every file, byte for byte, under its own name; each decrypts to the SHA-256 its row records.
    for name, plain_sha256 in reports:
        stored = _read(restored_storage, name)
        assert stored == _read(report_storage(), name)
        assert hashlib.sha256(decrypt_bytes(stored)).hexdigest() == plain_sha256

    # Run again, the restore refuses to write over the database it filled.
    again = _manage("restore", str(archive), env=env)
    assert again.returncode != 0
    assert "already has tables" in again.stderr


def test_an_archive_holds_what_the_app_encrypts_only_as_ciphertext(clinic_data, tmp_path, backups):
    archive = _backup(backups)
    with tarfile.open(archive) as tar:
        (tmp_path / "database.dump").write_bytes(tar.extractfile("database.dump").read())
        files = b"".join(
            tar.extractfile(member).read() for member in tar.getmembers() if member.name.startswith("files/")
        )
    pg_restore = subprocess.run(  # noqa: S603 - fixed argv: the dump as SQL text
        [shutil.which("pg_restore") or "pg_restore", "--file=-", str(tmp_path / "database.dump")],
        capture_output=True,
        check=True,
        timeout=60,
    )
    dump = pg_restore.stdout
    assert b"Olive" in dump  # names stay plaintext (searchable): the archive must be kept as safe as the database
    for secret in (b"Second version", b"Oscar Owner", b"Chest clear", b"1980-05-17", b"Blood panel"):
        assert secret not in dump
    assert files.count(b"gAAAA") == 4
    assert PDF[:20] not in files


def test_a_changed_file_in_the_archive_is_refused_before_anything_is_restored(clinic_data, backups):
    archive = _backup(backups)
    tampered = backups / "tampered.tar"
    changed = False
    with tarfile.open(archive) as source, tarfile.open(tampered, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("files/") and not changed:
                data, changed = data[:-1] + bytes([data[-1] ^ 1]), True
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="does not match its SHA-256"):
        call_command("restore", "--check", str(tampered), stdout=io.StringIO())


def test_the_keys_of_the_backup_are_needed_and_checked_first(clinic_data, settings, backups):
    archive = _backup(backups)
    out = io.StringIO()
    call_command("restore", "--check", str(archive), stdout=out)
    assert "its 4 file(s) open with the keys" in out.getvalue()
    settings.FIELD_ENCRYPTION_KEY = ["bmV3LWtleS1uZXdlc3QtZmlyc3QtMDEyMzQ1Njc4OTA="]
    with pytest.raises(CommandError, match="keys that were in force"):
        call_command("restore", "--check", str(archive), stdout=io.StringIO())


def test_a_database_with_tables_is_never_restored_into(clinic_data, backups):
    archive = _backup(backups)
    rows = MedicalReport.objects.count()
    with pytest.raises(CommandError, match="already has tables"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert MedicalReport.objects.count() == rows


def test_a_file_lost_from_storage_fails_the_backup_loudly_and_the_manifest_names_it(clinic_data, backups):
    lost = MedicalReport.objects.order_by("pk").first()
    report_storage().delete(lost.storage_name)
    archive = backups / "clinic.backup.tar"
    with pytest.raises(CommandError, match=f"1 file\\(s\\) .* missing .*{lost.storage_name}"):
        call_command("backup", str(archive), stdout=io.StringIO())
    manifest = _manifest(archive)
    assert manifest["missing"] == [{"storage": "reports", "name": lost.storage_name}]
    assert len(manifest["files"]) == 3


def test_a_backup_never_overwrites_an_archive(clinic_data, backups):
    archive = _backup(backups)
    before = archive.read_bytes()
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.read_bytes() == before
    assert sorted(os.listdir(backups)) == [archive.name]


def test_a_backup_streams_through_standard_output_and_input_for_encrypting_pipes(clinic_data, reports_dir, tmp_path):
    env = app_env(tmp_path / "var", REPORTS_DIR=str(reports_dir))
    result = subprocess.run(
        [sys.executable, "manage.py", "backup", "-"], cwd=BACKEND_DIR, env=env, capture_output=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert tar.getnames() == ["database.dump", *(entry["member"] for entry in manifest["files"]), "manifest.json"]
    assert len(manifest["files"]) == 4
    assert b"Files: 4." in result.stderr
    # And back in through standard input, as from a decrypting tool.
    check = subprocess.run(
        [sys.executable, "manage.py", "restore", "--check", "-"],
        cwd=BACKEND_DIR,
        env=env,
        input=result.stdout,
        capture_output=True,
        timeout=300,
    )
    assert check.returncode == 0, check.stderr
    assert b"its 4 file(s) open with the keys" in check.stdout


@pytest.mark.parametrize(
    "entry",
    [
        {"member": "files/reports/../../etc/passwd", "storage": "reports", "name": "../../etc/passwd"},
        {"member": "files/default/notes.txt", "storage": "default", "name": "notes.txt"},
        {"member": "etc/passwd", "storage": "reports", "name": "a" * 64},
        {"storage": "reports"},
    ],
)
def test_a_manifest_naming_anything_but_a_stored_file_is_refused(backups, entry):
    manifest = {"format": "patient-tracker-backup", "version": 1, "database": {"sha256": "0", "rows": {}}}
    body = json.dumps(manifest | {"files": [entry | {"sha256": "0", "size": 1}], "missing": []}).encode()
    archive = backups / "forged.tar"
    with tarfile.open(archive, "w") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(body)
        tar.addfile(info, io.BytesIO(body))
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", "--check", str(archive), stdout=io.StringIO())
