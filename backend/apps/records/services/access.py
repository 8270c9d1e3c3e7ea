"""Audit of every access to clinical data: reads, writes, downloads and refusals."""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from apps.accounts.models import Role, User
from apps.audit.models import Outcome
from apps.audit.services import audit_record
from apps.core.errors import PermissionDeniedError

from .. import errors

# Resource types, as they appear in the audit log and the patient's access log.
RECORD_ENTRY = "record_entry"
MEDICATION = "medication"
MEDICAL_REPORT = "medical_report"
TIMELINE = "patient_timeline"


def require_clinician(actor: User, message: str) -> None:
    """403 unless the actor is a doctor or a nurse."""
    if not actor.is_clinician:
        raise PermissionDeniedError(code=errors.PERMISSION_DENIED, message=message)


def require_record_writer(actor: User) -> None:
    """403 unless the actor writes record entries: a doctor, a nurse, or an API client (its
    `records:write` scope was checked when it authenticated)."""
    if not (actor.is_clinician or actor.is_api_client):
        raise PermissionDeniedError(
            code=errors.PERMISSION_DENIED, message="Only doctors, nurses and API clients write record entries."
        )


def clinical_list_audit(*, actor: User, action: str, resource_type: str, rows: Iterable[Any], request: Any) -> None:
    """One event per patient whose data appears on a page of a list (one insert for the page)."""
    patients = list(dict.fromkeys(row.patient_id for row in rows))
    if patients:
        audit_record(
            actor=actor,
            action=action,
            resource_type=resource_type,
            items=[(None, patient_id) for patient_id in patients],
            request=request,
        )


def clinical_read_audit(
    *, actor: User, action: str, resource_type: str, resource_id: Any, patient_id: int, request: Any
) -> None:
    """One event for one clinical object read (a detail, a file download, a timeline): one plain insert."""
    audit_record(
        actor=actor,
        action=action,
        resource_type=resource_type,
        items=[(resource_id, patient_id)],
        request=request,
    )


def clinical_access_denied(
    *,
    actor: User,
    action: str,
    resource_type: str,
    resource_id: Any = None,
    patient_id: int | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Record a refused attempt on clinical data (403 or 404), naming the patient when they exist.

    Called after the refused service has rolled back, so the event survives the refusal.
    """
    if patient_id is not None and not User.objects.filter(pk=patient_id, role=Role.PATIENT).exists():
        patient_id = None
    audit_record(
        actor=actor,
        action=action,
        resource_type=resource_type,
        resource_id=resource_id,
        patient=patient_id,
        outcome=Outcome.DENIED,
        request=request,
    )
