import pytest


@pytest.fixture(autouse=True)
def reports_dir(tmp_path, settings):
    """Every test stores report files in its own empty folder."""
    folder = tmp_path / "reports"
    settings.REPORTS_DIR = folder
    return folder


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
