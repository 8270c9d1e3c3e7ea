"""Patient, Practitioner, PractitionerRole and Schedule (the doctor directory)."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from rest_framework.request import Request

from apps.accounts.api.patients import audit_patient_list, audit_patient_reads
from apps.accounts.models import User
from apps.accounts.selectors import doctor_get, doctor_list, patient_get, patient_list
from apps.scheduling import clock

from ..mappers import people, scheduling
from ..mappers.common import identifier_system
from ..params import Search, SearchParam, date_matches, date_q, ids_q, parse_date, reference_ids
from .base import ResourceDef, numeric_id, page, params

ID = SearchParam("_id", "token", "The resource id")
LAST_UPDATED = SearchParam("_lastUpdated", "date", "When the resource last changed")
NAME = SearchParam("name", "string", "Start of the given or family name, any case")


def _name_q(values: list[str]) -> Q:
    q = Q()
    for value in values:
        alternatives = Q()
        for part in value.split(","):
            alternatives |= Q(first_name__istartswith=part) | Q(last_name__istartswith=part)
        q &= alternatives
    return q


def _identifier_q(values: list[str]) -> Q:
    """`identifier=[system|]value`: our patient-id system (or none) and a patient id."""
    q = Q()
    for value in values:
        system, _, code = value.rpartition("|")
        if system and system != identifier_system("patient-id"):
            return Q(pk__in=[])
        q &= Q(pk__in=reference_ids([code], "Patient")) if code.isdigit() else Q(pk__in=[])
    return q


def patient_read(request: Request, resource_id: str) -> dict:
    patient = patient_get(actor=request.user, patient_id=numeric_id(resource_id, "Patient"))
    audit_patient_reads(request, [patient])
    return people.patient(patient)


def patient_search(request: Request, search: Search) -> tuple[list[dict], int]:
    rows = patient_list(actor=request.user).filter(
        ids_q(search.get("_id"), "Patient"),
        date_q(search.get("_lastUpdated"), "_lastUpdated", "patient_profile__updated_at"),
        _identifier_q(search.get("identifier")),
        _name_q(search.get("name")),
    )
    rows = rows.order_by("last_name", "first_name", "id")
    if search.get("birthdate"):
        # Birth dates are encrypted at rest, so the database cannot compare them: the candidates
        # the other parameters leave are read once and compared here (one statement either way).
        spans = [parse_date(value, "birthdate") for value in search.get("birthdate")]
        zone = timezone.get_default_timezone()
        matching = [
            patient
            for patient in rows
            if patient.patient_profile.date_of_birth
            and all(
                date_matches(span, datetime.combine(patient.patient_profile.date_of_birth, time.min, tzinfo=zone))
                for span in spans
            )
        ]
        found, total = matching[search.offset : search.offset + search.count], len(matching)
    else:
        found, total = page(rows, search)
    audit_patient_list(request, found)
    return [people.patient(patient) for patient in found], total


def _doctor(request: Request, resource_id: str, resource_type: str) -> User:
    return doctor_get(actor=request.user, doctor_id=numeric_id(resource_id, resource_type))


def _doctors(request: Request, search: Search, resource_type: str, reference: str = "") -> tuple[list[User], int]:
    rows = doctor_list(actor=request.user).filter(
        ids_q(search.get("_id"), resource_type),
        date_q(search.get("_lastUpdated"), "_lastUpdated", "doctor_profile__updated_at"),
        _name_q(search.get("name")),
        ids_q(search.get(reference), "Practitioner") if reference else Q(),
    )
    if search.get("specialty"):
        rows = rows.filter(
            doctor_profile__specialty__in=[v for value in search.get("specialty") for v in value.split(",")]
        )
    return page(rows.order_by("last_name", "first_name", "id"), search)


def _horizon() -> tuple[datetime, datetime]:
    today = timezone.localdate(clock.now(), timezone.get_default_timezone())
    zone = timezone.get_default_timezone()
    start = datetime.combine(today, time.min, tzinfo=zone)
    return start, start + timedelta(days=settings.BOOKING_HORIZON_DAYS + 1)


def practitioner_read(request: Request, resource_id: str) -> dict:
    return people.practitioner(_doctor(request, resource_id, "Practitioner"))


def practitioner_search(request: Request, search: Search) -> tuple[list[dict], int]:
    doctors, total = _doctors(request, search, "Practitioner")
    return [people.practitioner(doctor) for doctor in doctors], total


def role_read(request: Request, resource_id: str) -> dict:
    return people.practitioner_role(_doctor(request, resource_id, "PractitionerRole"))


def role_search(request: Request, search: Search) -> tuple[list[dict], int]:
    doctors, total = _doctors(request, search, "PractitionerRole", "practitioner")
    return [people.practitioner_role(doctor) for doctor in doctors], total


def schedule_read(request: Request, resource_id: str) -> dict:
    return scheduling.schedule(_doctor(request, resource_id, "Schedule"), _horizon())


def schedule_search(request: Request, search: Search) -> tuple[list[dict], int]:
    doctors, total = _doctors(request, search, "Schedule", "actor")
    horizon = _horizon()
    return [scheduling.schedule(doctor, horizon) for doctor in doctors], total


RESOURCES = [
    ResourceDef(
        "Patient",
        patient_read,
        patient_search,
        params(
            ID,
            LAST_UPDATED,
            SearchParam("identifier", "token", f"A patient id, in system {identifier_system('patient-id')}"),
            NAME,
            SearchParam("birthdate", "date", "The date of birth"),
        ),
    ),
    ResourceDef("Practitioner", practitioner_read, practitioner_search, params(ID, LAST_UPDATED, NAME)),
    ResourceDef(
        "PractitionerRole",
        role_read,
        role_search,
        params(
            ID,
            LAST_UPDATED,
            SearchParam("practitioner", "reference", "The doctor"),
            SearchParam("specialty", "token", "The specialty, exactly as the directory writes it"),
        ),
    ),
    ResourceDef(
        "Schedule",
        schedule_read,
        schedule_search,
        params(ID, LAST_UPDATED, SearchParam("actor", "reference", "The doctor (Practitioner)")),
    ),
]
