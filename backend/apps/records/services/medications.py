"""Medications: prescribed and changed by doctors in scope; every change is kept as a history row.

An ended medication stays in the list (inactive, with an end date) and is not reopened: a new
prescription is a new medication, so the history reads as it happened.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from apps.accounts.models import User
from apps.audit.services import audit_record
from apps.core.errors import ConflictError, PermissionDeniedError
from apps.core.events import event_record

from .. import errors
from ..models import Medication, MedicationChange, MedicationChangeKind
from ..selectors import clinical_patient_get
from .access import MEDICATION

FIELDS = ("name", "dose", "frequency", "start_date", "end_date", "active", "notes")


def _require_doctor(actor: User) -> None:
    if not actor.is_doctor:
        raise PermissionDeniedError(
            code=errors.PERMISSION_DENIED, message="Only doctors prescribe and change medications."
        )


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _snapshot(medication: Medication) -> dict[str, Any]:
    """The medication's values as JSON (dates as ISO strings), for its history."""
    return {field: _plain(getattr(medication, field)) for field in FIELDS}


def _check_dates(*, start_date: date, end_date: date | None) -> None:
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": ["The end date cannot be before the start date."]})


def _record_change(
    *, medication: Medication, kind: str, before: dict[str, Any] | None, actor: User, request: HttpRequest | None
) -> None:
    after = _snapshot(medication)
    changed = [field for field in FIELDS if before is None or before[field] != after[field]]
    MedicationChange.objects.create(
        medication=medication,
        patient_id=medication.patient_id,
        kind=kind,
        changed_fields=changed,
        before=before,
        after=after,
        changed_by=actor,
    )
    audit_record(
        actor=actor,
        action="medication.create" if before is None else "medication.update",
        resource_type=MEDICATION,
        resource_id=medication.pk,
        patient=medication.patient_id,
        request=request,
    )
    event_record(type="medication.changed", data={"id": medication.pk, "patient_id": medication.patient_id})


@transaction.atomic
def medication_create(
    *,
    actor: User,
    patient_id: int,
    name: str,
    dose: str,
    frequency: str,
    start_date: date,
    end_date: date | None = None,
    notes: str = "",
    request: HttpRequest | None = None,
) -> Medication:
    """Prescribe a medication to a patient in the doctor's scope; the doctor is its prescriber."""
    _require_doctor(actor)
    patient = clinical_patient_get(actor=actor, patient_id=patient_id)
    _check_dates(start_date=start_date, end_date=end_date)
    # Recording a course that is already over is allowed (history taken from the patient).
    active = end_date is None or end_date >= timezone.localdate()
    medication = Medication.objects.create(
        patient=patient,
        prescriber=actor,
        name=name,
        dose=dose,
        frequency=frequency,
        start_date=start_date,
        end_date=end_date,
        active=active,
        notes=notes,
    )
    _record_change(medication=medication, kind=MedicationChangeKind.STARTED, before=None, actor=actor, request=request)
    return medication


def _apply(medication: Medication, data: dict[str, Any]) -> None:
    today = timezone.localdate()
    for field in FIELDS:
        if field in data:
            setattr(medication, field, data[field])
    if data.get("active") is False and (medication.end_date is None or medication.end_date > today):
        # Stopping now: the course ends today (or on its start day, for one that never began).
        medication.end_date = max(today, medication.start_date)
    elif "end_date" in data and "active" not in data and medication.end_date is not None:
        medication.active = medication.end_date >= today
    if medication.active and medication.end_date is not None and medication.end_date < today:
        raise ValidationError({"active": ["A medication whose end date has passed cannot be active."]})
    _check_dates(start_date=medication.start_date, end_date=medication.end_date)


@transaction.atomic
def medication_update(
    *, actor: User, medication: Medication, data: dict[str, Any], request: HttpRequest | None = None
) -> Medication:
    """Change or end a medication; the values before and after are kept as one history row."""
    _require_doctor(actor)
    locked = Medication.objects.select_for_update().get(pk=medication.pk)
    before = _snapshot(locked)
    requested = {field: value for field, value in data.items() if field in FIELDS and _plain(value) != before[field]}
    if not locked.active and set(requested) - {"notes"}:
        raise ConflictError(
            code=errors.MEDICATION_ENDED,
            message="This medication has ended; only its notes can change. Prescribe it again instead.",
        )
    _apply(locked, {field: value for field, value in data.items() if field in FIELDS})
    if _snapshot(locked) == before:
        return locked
    locked.save()
    ended = before["active"] and not locked.active
    kind = MedicationChangeKind.ENDED if ended else MedicationChangeKind.CHANGED
    _record_change(medication=locked, kind=kind, before=before, actor=actor, request=request)
    return locked
