"""Scope is applied in the queryset: each selector returns exactly what its actor may read."""

import pytest

from apps.core.errors import NotFoundError
from apps.records.selectors import (
    clinical_patient_get,
    medication_list,
    record_get,
    record_list,
    record_revision_list,
    report_list,
)
from apps.records.services import record_update

from .factories import MedicalReportFactory, MedicationFactory, RecordEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(people):
    """One entry, medication and report each for the owner and for the other patient."""
    for patient in (people.owner, people.other_patient):
        RecordEntryFactory(patient=patient)
        MedicationFactory(patient=patient)
        MedicalReportFactory(patient=patient)


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("owner", {"owner"}),
        ("other_patient", {"other_patient"}),
        ("doctor", {"owner"}),
        ("other_doctor", set()),
        ("nurse", {"owner", "other_patient"}),
        ("admin", set()),
    ],
)
@pytest.mark.parametrize("selector", [record_list, medication_list, report_list])
def test_each_role_sees_exactly_its_patients(people, both, role, sees, selector):
    expected = {getattr(people, name).pk for name in sees}
    assert {row.patient_id for row in selector(actor=people.get(role))} == expected


def test_a_nurse_does_not_see_a_deactivated_patient(people, both):
    people.other_patient.is_active = False
    people.other_patient.save()
    assert {row.patient_id for row in record_list(actor=people.nurse)} == {people.owner.pk}


def test_deleted_reports_are_never_listed(people):
    MedicalReportFactory(patient=people.owner, deleted_at="2024-01-01T00:00Z", deleted_by=people.nurse)
    assert list(report_list(actor=people.owner)) == []


def test_an_entry_outside_scope_is_not_found(people, owner_entry):
    with pytest.raises(NotFoundError):
        record_get(actor=people.other_doctor, record_id=owner_entry.pk)
    assert record_get(actor=people.nurse, record_id=owner_entry.pk) == owner_entry


def test_revisions_are_scoped_like_their_entry(people, owner_entry):
    record_update(actor=people.doctor, entry=owner_entry, data={"notes": "v2"})
    assert record_revision_list(actor=people.owner, record_id=owner_entry.pk).count() == 1
    assert record_revision_list(actor=people.other_patient, record_id=owner_entry.pk).count() == 0
    assert record_revision_list(actor=people.admin, record_id=owner_entry.pk).count() == 0


def test_admins_and_outsiders_get_no_clinical_patient(people):
    for actor in (people.admin, people.other_doctor, people.other_patient):
        with pytest.raises(NotFoundError):
            clinical_patient_get(actor=actor, patient_id=people.owner.pk)
    assert clinical_patient_get(actor=people.doctor, patient_id=people.owner.pk) == people.owner
