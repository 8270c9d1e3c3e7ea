import boto3
import pytest
from django.core.files.base import ContentFile
from moto import mock_aws

from apps.records.storage import report_storage

TEST_BUCKET = "reports-under-test"


@pytest.fixture(autouse=True)
def reports_dir(tmp_path, settings):
    """Every test stores report files in its own empty folder."""
    folder = tmp_path / "reports"
    settings.REPORTS_DIR = folder
    return folder


class StoredFiles:
    """What the reports storage holds, seen through the storage API: the same for a folder and a bucket."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    @property
    def storage(self):
        return report_storage()

    def names(self) -> list[str]:
        try:
            return sorted(self.storage.listdir("")[1])
        except FileNotFoundError:  # a folder that nothing was written to yet
            return []

    def raw(self, name: str) -> bytes:
        with self.storage.open(name, "rb") as file:
            return file.read()

    def remove(self, name: str) -> None:
        self.storage.delete(name)

    def replace(self, name: str, data: bytes) -> None:
        self.storage.delete(name)
        assert self.storage.save(name, ContentFile(data)) == name


def s3_reports_storage(bucket: str, **options) -> dict:
    """A STORAGES entry for report files in `bucket` (credentials of the moto server or mock)."""
    return {
        "BACKEND": "apps.records.storage.S3ReportStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "region_name": "us-east-1",
            "access_key": "testing",
            "secret_key": "testing",
            **options,
        },
    }


@pytest.fixture(params=["local", "s3"])
def report_store(request, settings, reports_dir):
    """The reports storage of the test, once as a private folder and once as an S3 bucket (moto, in-process)."""
    if request.param == "local":
        yield StoredFiles("local")
        return
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=TEST_BUCKET)
        settings.STORAGES = {**settings.STORAGES, "reports": s3_reports_storage(TEST_BUCKET)}
        yield StoredFiles("s3")


@pytest.fixture
def owner_entry(people):
    from .factories import RecordEntryFactory

    return RecordEntryFactory(patient=people.owner, author=people.doctor)


@pytest.fixture
def owner_medication(people):
    from .factories import MedicationFactory

    return MedicationFactory(patient=people.owner, prescriber=people.doctor)


@pytest.fixture
def owner_report(people):
    from .factories import MedicalReportFactory

    return MedicalReportFactory(patient=people.owner, uploaded_by=people.doctor)
