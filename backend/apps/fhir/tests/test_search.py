"""Search: parameters, date prefixes, paging by `next` links, and a query count flat in the page size."""

from datetime import date, timedelta

import pytest
import time_machine

from apps.accounts.models import User
from apps.accounts.tests.factories import PatientFactory
from apps.scheduling.tests.factories import AppointmentFactory, local

from .conftest import NOW, validate, walk

pytestmark = pytest.mark.django_db


def _ids(entries: list[dict]) -> list[str]:
    return [entry["resource"]["id"] for entry in entries]


def test_next_links_reach_every_patient_exactly_once(fhir_get, people):
    for n in range(11):
        PatientFactory(last_name=f"Paged{n:02}")
    entries = walk(fhir_get, people.nurse, "/fhir/R4/Patient?name=paged&_count=3")
    expected = User.objects.filter(last_name__startswith="Paged").order_by("last_name")
    assert _ids(entries) == [str(patient.pk) for patient in expected]
    first = fhir_get(people.nurse, "/fhir/R4/Patient?name=paged&_count=3").body
    assert first["total"] == 11
    assert [link["relation"] for link in first["link"]] == ["self", "next"]


def test_patients_are_found_by_name_identifier_and_id(fhir_get, people):
    nurse = people.nurse
    assert _ids(fhir_get(nurse, "/fhir/R4/Patient?name=OLI").body.get("entry", [])) == [str(people.owner.pk)]
    by_identifier = f"/fhir/R4/Patient?identifier=urn:patient-tracker:patient-id|{people.owner.pk}"
    assert _ids(fhir_get(nurse, by_identifier).body.get("entry", [])) == [str(people.owner.pk)]
    assert fhir_get(nurse, f"/fhir/R4/Patient?identifier=urn:elsewhere|{people.owner.pk}").body["total"] == 0
    both = f"/fhir/R4/Patient?_id={people.owner.pk},{people.other_patient.pk}"
    assert set(_ids(fhir_get(nurse, both).body.get("entry", []))) == {
        str(people.owner.pk),
        str(people.other_patient.pk),
    }


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("birthdate=1980-02-29", True),
        ("birthdate=1980", True),
        ("birthdate=1980-03", False),
        ("birthdate=ge1980-02-29", True),
        ("birthdate=gt1980-02-29", False),
        ("birthdate=le1980-02-29", True),
        ("birthdate=lt1980-02-29", False),
        ("birthdate=ge1980-01-01&birthdate=le1980-12-31", True),
    ],
)
def test_birthdate_takes_the_date_prefixes(fhir_get, people, query, found):
    profile = people.owner.patient_profile
    profile.date_of_birth = date(1980, 2, 29)
    profile.save()
    ids = _ids(fhir_get(people.nurse, f"/fhir/R4/Patient?{query}").body.get("entry", []))
    assert (str(people.owner.pk) in ids) is found


def test_last_updated_finds_what_changed_since(fhir_get, people):
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        people.owner.patient_profile.save()
    day_after, two_days_after = ((NOW + timedelta(days=n)).date().isoformat() for n in (1, 2))
    assert _ids(fhir_get(people.nurse, f"/fhir/R4/Patient?_lastUpdated=gt{two_days_after}").body.get("entry", [])) == []
    assert _ids(fhir_get(people.nurse, f"/fhir/R4/Patient?_lastUpdated=gt{day_after}").body.get("entry", [])) == [
        str(people.owner.pk)
    ]


def test_a_patients_token_sees_only_their_own_compartment(fhir_get, clinic):
    AppointmentFactory(patient=clinic.owner, doctor=clinic.doctor)
    AppointmentFactory(patient=clinic.other_patient, doctor=clinic.doctor, start=local(date(2026, 3, 13), "11:00"))
    assert _ids(fhir_get(clinic.owner, "/fhir/R4/Patient").body.get("entry", [])) == [str(clinic.owner.pk)]
    appointments = fhir_get(clinic.owner, "/fhir/R4/Appointment").body.get("entry", [])
    assert {e["resource"]["participant"][0]["actor"]["reference"] for e in appointments} == {
        f"Patient/{clinic.owner.pk}"
    }
    other = f"/fhir/R4/Appointment?patient=Patient/{clinic.other_patient.pk}"
    assert fhir_get(clinic.owner, other).body["total"] == 0


@pytest.mark.parametrize("page_size", [5, 50])
def test_a_patient_search_costs_the_same_queries_whatever_the_page_size(
    client_for, people, django_assert_num_queries, page_size
):
    for n in range(55):
        patient = PatientFactory(last_name=f"Many{n:02}")
        patient.patient_profile.primary_doctor = people.doctor
        patient.patient_profile.save()
    # The caller, the count, the page (profiles and primary doctors joined), the audit insert.
    nurse = client_for(people.nurse)
    with django_assert_num_queries(4):
        body = validate(nurse.get(f"/fhir/R4/Patient?name=many&_count={page_size}").json())
    assert len(body.get("entry", [])) == page_size


@pytest.mark.parametrize("page_size", [5, 50])
def test_an_appointment_search_costs_the_same_queries_whatever_the_page_size(
    client_for, clinic, django_assert_num_queries, page_size
):
    for n in range(55):
        AppointmentFactory(
            patient=PatientFactory(), doctor=clinic.doctor, start=local(date(2026, 4, 1), "09:00") + timedelta(days=n)
        )
    nurse = client_for(clinic.nurse)
    # The caller, the count, the page (patients and doctors joined), the audit insert.
    with django_assert_num_queries(4):
        body = validate(nurse.get(f"/fhir/R4/Appointment?_count={page_size}").json())
    assert len(body.get("entry", [])) == page_size


def test_count_is_capped_and_zero_gives_only_the_total(fhir_get, people, settings):
    settings.FHIR_MAX_PAGE_SIZE = 2
    assert len(fhir_get(people.nurse, "/fhir/R4/Patient?_count=500").body.get("entry", [])) == 2
    body = fhir_get(people.nurse, "/fhir/R4/Patient?_count=0").body
    assert body["total"] == 2
    assert body.get("entry", []) == []
