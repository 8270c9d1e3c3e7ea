"""Record entries: written by clinicians and API clients (`records:write`) in scope; an edit keeps
the earlier text as a revision."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from apps.accounts.models import User
from apps.audit.services import audit_record
from apps.core.actors import actor_columns
from apps.core.errors import ConflictError
from apps.core.events import event_record
from apps.notifications.models import Kind
from apps.scheduling.models import Appointment

from .. import errors
from ..models import RECORD_TEXT_FIELDS, RecordEntry, RecordRevision
from ..selectors import clinical_patient_get
from .access import RECORD_ENTRY, require_record_writer
from .notifications import clinical_event_notify

EDITABLE_FIELDS = ("entry_date", *RECORD_TEXT_FIELDS)


def _check_entry(*, entry_date: date, texts: dict[str, str]) -> None:
    problems: dict[str, list[str]] = {}
    if entry_date > timezone.localdate():
        problems["entry_date"] = ["An entry cannot be dated in the future."]
    if not any(value.strip() for value in texts.values()):
        problems["non_field_errors"] = ["Write at least one of diagnosis, treatment plan, medications or notes."]
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def record_create(
    *,
    actor: User,
    patient_id: int,
    entry_date: date,
    diagnosis: str = "",
    treatment_plan: str = "",
    medications_text: str = "",
    notes: str = "",
    appointment_id: int | None = None,
    request: HttpRequest | None = None,
) -> RecordEntry:
    """Write a new record entry for a patient in the actor's scope; the actor is its author."""
    require_record_writer(actor)
    patient = clinical_patient_get(actor=actor, patient_id=patient_id)
    if appointment_id is not None and not Appointment.objects.filter(pk=appointment_id, patient=patient).exists():
        raise ValidationError({"appointment": ["This patient has no appointment with this id."]})
    texts = {
        "diagnosis": diagnosis,
        "treatment_plan": treatment_plan,
        "medications_text": medications_text,
        "notes": notes,
    }
    _check_entry(entry_date=entry_date, texts=texts)
    entry = RecordEntry.objects.create(
        patient=patient,
        entry_date=entry_date,
        appointment_id=appointment_id,
        **actor_columns(actor, "author"),
        **texts,
    )
    audit_record(
        actor=actor,
        action="record.create",
        resource_type=RECORD_ENTRY,
        resource_id=entry.pk,
        patient=patient,
        request=request,
    )
    clinical_event_notify(kind=Kind.RECORD_ADDED, patient_id=patient.pk, link="/history")
    event_record(type="record.created", data={"id": entry.pk, "patient_id": patient.pk})
    return entry


@transaction.atomic
def record_update(
    *,
    actor: User,
    entry: RecordEntry,
    data: dict[str, Any],
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> RecordEntry:
    """Change an entry; its text before the change is kept as the next revision, in one transaction."""
    require_record_writer(actor)
    # The row lock serialises concurrent edits, so revision numbers never collide or skip.
    locked = RecordEntry.objects.select_for_update().get(pk=entry.pk)
    if expected_version is not None and expected_version != locked.version:
        raise ConflictError(
            code=errors.STALE_VERSION,
            message="This entry was changed by someone else since you opened it. Reload it and edit again.",
        )
    changes = {
        field: data[field] for field in EDITABLE_FIELDS if field in data and data[field] != getattr(locked, field)
    }
    if not changes:
        return locked
    _check_entry(
        entry_date=changes.get("entry_date", locked.entry_date),
        texts={field: changes.get(field, getattr(locked, field)) for field in RECORD_TEXT_FIELDS},
    )
    now = timezone.now()
    # The version being replaced was written by its last editor, or by the author if none.
    edited = locked.last_edited_by_id is not None or locked.last_edited_by_client_id is not None
    writer = "last_edited_by" if edited else "author"
    RecordRevision.objects.create(
        entry=locked,
        revision=locked.version,
        entry_date=locked.entry_date,
        written_by_id=getattr(locked, f"{writer}_id"),
        written_by_client_id=getattr(locked, f"{writer}_client_id"),
        written_at=locked.last_edited_at or locked.created_at,
        edited_at=now,
        **actor_columns(actor, "edited_by"),
        **{field: getattr(locked, field) for field in RECORD_TEXT_FIELDS},
    )
    for field, value in {**changes, **actor_columns(actor, "last_edited_by")}.items():
        setattr(locked, field, value)
    locked.version += 1
    locked.last_edited_at = now
    locked.save()
    audit_record(
        actor=actor,
        action="record.update",
        resource_type=RECORD_ENTRY,
        resource_id=locked.pk,
        patient=locked.patient_id,
        request=request,
    )
    event_record(type="record.revised", data={"id": locked.pk, "patient_id": locked.patient_id})
    return locked


def visit_documented_since(appointment: Appointment, since: datetime) -> bool:
    """Whether a record entry for this visit was written or edited at or after `since`: scheduling
    then refuses to undo the visit's completion (registered from RecordsConfig.ready)."""
    return RecordEntry.objects.filter(appointment_id=appointment.pk, updated_at__gte=since).exists()
