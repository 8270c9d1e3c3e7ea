"""Slot (derived as the REST slot search derives them), Appointment and Encounter."""

import operator
from datetime import UTC, datetime, timedelta
from functools import reduce

from django.conf import settings
from django.db.models import Q, QuerySet
from rest_framework.request import Request

from apps.core.errors import NotFoundError
from apps.scheduling import clock
from apps.scheduling.api.common import audit_appointment_reads
from apps.scheduling.models import Appointment, Status
from apps.scheduling.selectors import appointment_get, appointment_list, clinic_date, doctor_free_slots
from apps.scheduling.selectors.slots import day_bounds

from ..access import reads_clinical
from ..mappers import scheduling
from ..outcome import FhirError
from ..params import Search, SearchParam, date_matches, date_q, ids_q, parse_date, reference_ids, tokens
from .base import ResourceDef, numeric_id, page, params
from .people import ID, LAST_UPDATED

# What each FHIR status searches for: `booked` is a booked visit the patient has not arrived for yet.
NOTHING = Q(pk__in=[])
APPOINTMENT_STATUS: dict[str, Q] = {fhir: Q(status=ours) for ours, fhir in scheduling.APPOINTMENT_STATUS.items()} | {
    "booked": Q(status=Status.BOOKED, arrived_at__isnull=True),
    scheduling.ARRIVED: Q(status=Status.BOOKED, arrived_at__isnull=False),
}
# Every Encounter status is a valid value to search by; only `finished` (a completed visit) exists here.
ENCOUNTER_STATUS: dict[str, Q] = dict.fromkeys(
    ("planned", "arrived", "triaged", "in-progress", "onleave", "cancelled", "entered-in-error", "unknown"), NOTHING
) | {"finished": Q(status=Status.COMPLETED)}
PATIENT = SearchParam("patient", "reference", "The patient")
PRACTITIONER = SearchParam("practitioner", "reference", "The doctor")
DATE = SearchParam("date", "date", "The start of the appointment or visit")


def _slot_key(resource_id: str) -> tuple[int, datetime]:
    doctor, _, seconds = resource_id.partition("-")
    if not (doctor.isdigit() and seconds.isdigit() and len(seconds) <= 11):
        raise NotFoundError(code="not_found", message="Slot not found.")
    return numeric_id(doctor, "Slot"), datetime.fromtimestamp(int(seconds), UTC)


def _booked(request: Request, doctor_id: int) -> QuerySet[Appointment]:
    """The doctor's bookings the caller may see: busy slots show no more than the appointment list does."""
    return appointment_list(actor=request.user, filters={"doctor": doctor_id, "status": Status.BOOKED})


def slot_read(request: Request, resource_id: str) -> dict:
    doctor_id, start = _slot_key(resource_id)
    day = clinic_date(start)
    for free in doctor_free_slots(doctor_id=doctor_id, first=day, last=day):
        if free.start == start:
            return scheduling.slot(doctor_id, free.start, free.end, free=True)
    booked = _booked(request, doctor_id).filter(start=start).first()
    if booked is None:
        raise NotFoundError(code="not_found", message="Slot not found.")
    return scheduling.slot(doctor_id, booked.start, booked.end, free=False)


def slot_search(request: Request, search: Search) -> tuple[list[dict], int]:
    schedules = reference_ids(search.get("schedule"), "Schedule")
    if len(schedules) != 1:
        raise FhirError(400, "Slot search needs one schedule (Schedule/{id}).")
    doctor_id = schedules[0]
    spans = [parse_date(value, "start") for value in search.get("start")]
    first = clinic_date(clock.now())
    lows = [span.low for span in spans if span.prefix in ("eq", "ge", "gt")]
    highs = [span.high - timedelta(microseconds=1) for span in spans if span.prefix in ("eq", "le", "lt")]
    first = max([first, *(clinic_date(low) for low in lows)])
    longest = settings.SLOTS_MAX_RANGE_DAYS
    last = min(clinic_date(high) for high in highs) if highs else first + timedelta(days=longest - 1)
    if last - first >= timedelta(days=longest):
        raise FhirError(400, f"Ask for slots of at most {longest} days at a time (start=ge...&start=le...).")
    found = [(slot.start, slot.end, True) for slot in doctor_free_slots(doctor_id=doctor_id, first=first, last=last)]
    if first <= last:
        lower, upper = day_bounds(first, last)
        busy = _booked(request, doctor_id).filter(start__gte=max(lower, clock.now()), start__lt=upper)
        found += [(row.start, row.end, False) for row in busy if first <= clinic_date(row.start) <= last]
    matching = sorted(item for item in found if all(date_matches(span, item[0]) for span in spans))
    chosen = matching[search.offset : search.offset + search.count]
    return [scheduling.slot(doctor_id, start, end, free=free) for start, end, free in chosen], len(matching)


def _visits(request: Request, search: Search, resource_type: str) -> QuerySet[Appointment]:
    rows = scheduling.visit_rows(appointment_list(actor=request.user)).filter(
        ids_q(search.get("_id"), resource_type),
        date_q(search.get("_lastUpdated"), "_lastUpdated", "updated_at"),
        date_q(search.get("date"), "date", "start"),
        ids_q(search.get("patient"), "Patient", "patient_id"),
        ids_q(search.get("practitioner"), "Practitioner", "doctor_id"),
    )
    statuses = APPOINTMENT_STATUS if resource_type == "Appointment" else ENCOUNTER_STATUS
    for value in search.get("status"):
        rows = rows.filter(reduce(operator.or_, tokens([value], statuses, "status"), NOTHING))
    return rows


def appointment_read(request: Request, resource_id: str) -> dict:
    row = appointment_get(actor=request.user, appointment_id=numeric_id(resource_id, "Appointment"))
    audit_appointment_reads(request, [row])
    return scheduling.appointment(row, clinical=reads_clinical(request.user))


def appointment_search(request: Request, search: Search) -> tuple[list[dict], int]:
    rows, total = page(_visits(request, search, "Appointment"), search)
    audit_appointment_reads(request, rows)
    return [scheduling.appointment(row, clinical=reads_clinical(request.user)) for row in rows], total


def encounter_read(request: Request, resource_id: str) -> dict:
    row = appointment_get(actor=request.user, appointment_id=numeric_id(resource_id, "Encounter"))
    if row.status != Status.COMPLETED:
        raise NotFoundError(code="not_found", message="Encounter not found.")
    audit_appointment_reads(request, [row])
    return scheduling.encounter(row, clinical=reads_clinical(request.user))


def encounter_search(request: Request, search: Search) -> tuple[list[dict], int]:
    rows, total = page(_visits(request, search, "Encounter").filter(Q(status=Status.COMPLETED)), search)
    audit_appointment_reads(request, rows)
    return [scheduling.encounter(row, clinical=reads_clinical(request.user)) for row in rows], total


VISIT_PARAMS = (ID, LAST_UPDATED, PATIENT, PRACTITIONER, DATE)
RESOURCES = [
    ResourceDef(
        "Slot",
        slot_read,
        slot_search,
        params(
            SearchParam("schedule", "reference", "The doctor's schedule (required)"),
            SearchParam("start", "date", "The slot's start; the range is at most SLOTS_MAX_RANGE_DAYS days"),
        ),
    ),
    ResourceDef(
        "Appointment",
        appointment_read,
        appointment_search,
        params(*VISIT_PARAMS, SearchParam("status", "token", "booked, arrived, cancelled, fulfilled or noshow")),
    ),
    ResourceDef(
        "Encounter",
        encounter_read,
        encounter_search,
        params(*VISIT_PARAMS, SearchParam("status", "token", "An Encounter status; only finished ones exist")),
    ),
]
