"""Schedule, Slot, Appointment and Encounter from doctors' hours, derived slots and appointments."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.scheduling.models import Appointment, Status

from .common import instant, meta, reference, without_empty

APPOINTMENT_STATUS = {
    Status.BOOKED: "booked",
    Status.CANCELLED: "cancelled",
    Status.COMPLETED: "fulfilled",
    Status.NO_SHOW: "noshow",
}
# A booked visit whose patient is at the clinic (`arrived_at`) is `arrived` instead of `booked`.
ARRIVED = "arrived"


def appointment_status(row: Appointment) -> str:
    if row.status == Status.BOOKED and row.arrived_at is not None:
        return ARRIVED
    return APPOINTMENT_STATUS[Status(row.status)]


# A completed visit is the only kind of Encounter.
ENCOUNTER_STATUS = {Status.COMPLETED: "finished"}
AMBULATORY = {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB", "display": "ambulatory"}


def schedule(doctor: User, horizon: tuple[datetime, datetime]) -> dict[str, Any]:
    """A doctor's one schedule; its id is the doctor's."""
    return {
        "resourceType": "Schedule",
        "id": str(doctor.pk),
        "active": doctor.is_active,
        "serviceType": [{"text": doctor.doctor_profile.specialty}],
        "actor": [reference("Practitioner", doctor.pk, doctor.full_name), reference("PractitionerRole", doctor.pk)],
        "planningHorizon": {"start": instant(horizon[0]), "end": instant(horizon[1])},
    }


def slot_id(doctor_id: int, start: datetime) -> str:
    """Slots are never stored: the doctor and the start instant (epoch seconds) name one."""
    return f"{doctor_id}-{int(start.timestamp())}"


def slot(doctor_id: int, start: datetime, end: datetime, *, free: bool) -> dict[str, Any]:
    return {
        "resourceType": "Slot",
        "id": slot_id(doctor_id, start),
        "schedule": reference("Schedule", doctor_id),
        "status": "free" if free else "busy",
        "start": instant(start),
        "end": instant(end),
    }


# What `appointment` and `encounter` read: the rest (consultation notes above all, whose decryption
# was most of a page's cost) is never loaded.
_PERSON = ("first_name", "last_name", "username")
VISIT_FIELDS = (
    *("id", "status", "start", "end", "reason", "cancellation_reason", "created_at", "updated_at", "completed_at"),
    "arrived_at",
    *("patient_id", "doctor_id", *(f"patient__{name}" for name in _PERSON), *(f"doctor__{name}" for name in _PERSON)),
)


def visit_rows(rows: QuerySet[Appointment]) -> QuerySet[Appointment]:
    """`rows` loading only what the Appointment and Encounter mappers read."""
    return rows.select_related(None).select_related("patient", "doctor").only(*VISIT_FIELDS)


def appointment(row: Appointment, *, clinical: bool = True) -> dict[str, Any]:
    """`clinical`: whether the caller reads clinical content; the patient's reason is clinical (admins: no)."""
    reason = row.reason if clinical else ""
    return without_empty(
        {
            "resourceType": "Appointment",
            "id": str(row.pk),
            "meta": meta(row.updated_at),
            "status": appointment_status(row),
            "cancelationReason": {"text": row.cancellation_reason} if row.cancellation_reason else None,
            "description": reason,
            "reasonCode": [{"text": reason}] if reason else [],
            "start": instant(row.start),
            "end": instant(row.end),
            "minutesDuration": int((row.end - row.start).total_seconds() // 60),
            "created": instant(row.created_at),
            "participant": [
                {"actor": reference("Patient", row.patient_id, row.patient.full_name), "status": "accepted"},
                {"actor": reference("Practitioner", row.doctor_id, row.doctor.full_name), "status": "accepted"},
            ],
        }
    )


def encounter(row: Appointment, *, clinical: bool = True) -> dict[str, Any]:
    reason = row.reason if clinical else ""
    return without_empty(
        {
            "resourceType": "Encounter",
            "id": str(row.pk),
            "meta": meta(row.updated_at),
            "status": ENCOUNTER_STATUS[Status(row.status)],
            "class": AMBULATORY,
            "subject": reference("Patient", row.patient_id, row.patient.full_name),
            "participant": [{"individual": reference("Practitioner", row.doctor_id, row.doctor.full_name)}],
            "appointment": [reference("Appointment", row.pk)],
            "period": {"start": instant(row.start), "end": instant(row.completed_at or row.end)},
            "reasonCode": [{"text": reason}] if reason else [],
        }
    )
