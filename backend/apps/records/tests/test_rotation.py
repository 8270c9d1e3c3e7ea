"""Key rotation covers the clinical models and the stored report files."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.checks import run_checks
from django.core.management import call_command

from apps.core.fields import DecryptionError
from apps.records.models import MedicalReport, MedicationChange, RecordEntry, RecordRevision
from apps.records.services import record_update, report_file_read, report_files_rotate
from apps.records.services.files import stored_file_read

from .factories import PDF, MedicalReportFactory, MedicationFactory, RecordEntryFactory

pytestmark = pytest.mark.django_db

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


@pytest.fixture
def suite_keys(settings):
    # The people of the test were written under the suite's keys; rotation must read them too.
    return list(settings.FIELD_ENCRYPTION_KEY)


@pytest.fixture
def old_data(settings, people, suite_keys):
    settings.FIELD_ENCRYPTION_KEY = [OLD]
    entry = RecordEntryFactory(patient=people.owner, author=people.doctor)
    record_update(actor=people.doctor, entry=entry, data={"notes": "Second version"})
    MedicationFactory(patient=people.owner, prescriber=people.doctor)
    report = MedicalReportFactory(patient=people.owner)
    deleted = MedicalReportFactory(patient=people.owner, deleted_at="2024-01-01T00:00Z", deleted_by=people.nurse)
    return report, deleted


def test_rotation_re_encrypts_rows_and_report_files_under_the_newest_key(settings, report_store, old_data, suite_keys):
    report, deleted = old_data
    before = report_store.names()
    settings.FIELD_ENCRYPTION_KEY = [NEW, OLD, *suite_keys]
    out = io.StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "records: 2 file(s) re-encrypted" in out.getvalue()
    assert "records.RecordRevision: 1 row(s)" in out.getvalue()

    settings.FIELD_ENCRYPTION_KEY = [NEW]  # the old key is gone: everything must still read
    report.refresh_from_db()
    deleted.refresh_from_db()
    assert stored_file_read(report.storage_name) == PDF
    assert stored_file_read(deleted.storage_name) == PDF
    assert RecordEntry.objects.get().notes == "Second version"
    assert RecordRevision.objects.get().notes
    assert MedicationChange.objects.get().after["name"] == "Cetirizine"
    assert MedicalReport.objects.get(pk=report.pk).title == "Blood panel"
    # Each file was stored anew and the old one removed: no file is left under the old key.
    assert report_store.names() == sorted([report.storage_name, deleted.storage_name])
    assert not set(report_store.names()) & set(before)


def test_a_download_that_read_its_row_before_a_rotation_follows_the_row(settings, people, report_store, old_data):
    report, _ = old_data
    settings.FIELD_ENCRYPTION_KEY = [NEW, OLD]
    assert report_files_rotate() == 2
    # `report` still names the file the rotation removed.
    assert report_file_read(actor=people.owner, report=report) == PDF


def test_without_rotation_the_old_files_need_the_old_key(settings, old_data):
    report, _ = old_data
    settings.FIELD_ENCRYPTION_KEY = [NEW]
    with pytest.raises(DecryptionError):
        stored_file_read(report.storage_name)


def test_rotation_skips_a_missing_file_and_refuses_an_unreadable_one(settings, report_store, old_data):
    report, deleted = old_data
    settings.FIELD_ENCRYPTION_KEY = [NEW, OLD]
    report_store.remove(deleted.storage_name)
    assert report_files_rotate() == 1
    report.refresh_from_db()
    report_store.replace(report.storage_name, b"not a token")
    with pytest.raises(DecryptionError):
        report_files_rotate()


def test_a_reports_dir_inside_a_served_folder_fails_the_system_check(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.REPORTS_DIR = tmp_path / "static" / "reports"
    assert [message.id for message in run_checks()] == ["records.E001"]
    settings.REPORTS_DIR = tmp_path / "private"
    assert [message.id for message in run_checks()] == []


def test_with_reports_in_a_bucket_the_folder_check_has_nothing_to_refuse(settings, tmp_path):
    from .conftest import s3_reports_storage

    settings.STATIC_ROOT = tmp_path / "static"
    settings.REPORTS_DIR = tmp_path / "static" / "reports"
    settings.STORAGES = {**settings.STORAGES, "reports": s3_reports_storage("reports-under-test")}
    assert [message.id for message in run_checks()] == []
