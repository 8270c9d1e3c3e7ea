from datetime import date
from typing import Any

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.core.errors import NotFoundError

from .. import errors
from ..models import RecordEntry, RecordRevision
from .scope import clinical_scope_q


def record_list(*, actor: User, filters: dict[str, Any] | None = None) -> QuerySet[RecordEntry]:
    """Record entries `actor` may read, chronological, narrowed by `patient` and an entry date range."""
    filters = filters or {}
    scope = clinical_scope_q(actor, patient_id=filters.get("patient") or None)
    entries = RecordEntry.objects.filter(scope).select_related(
        "patient", "author", "author_client", "last_edited_by", "last_edited_by_client"
    )
    date_from: date | None = filters.get("date_from")
    date_to: date | None = filters.get("date_to")
    if date_from:
        entries = entries.filter(entry_date__gte=date_from)
    if date_to:
        entries = entries.filter(entry_date__lte=date_to)
    return entries.order_by("entry_date", "created_at", "id")


def record_get(*, actor: User, record_id: int) -> RecordEntry:
    """One record entry within `actor`'s scope; anything else is not found."""
    entry = record_list(actor=actor).filter(pk=record_id).first()
    if entry is None:
        raise NotFoundError(code=errors.NOT_FOUND, message="No record entry with this id.")
    return entry


def record_revision_list(*, actor: User, record_id: int) -> QuerySet[RecordRevision]:
    """The earlier versions of one entry in `actor`'s scope, oldest first."""
    return (
        RecordRevision.objects.filter(entry_id=record_id)
        .filter(clinical_scope_q(actor, prefix="entry__patient__"))
        .select_related("written_by", "written_by_client", "edited_by", "edited_by_client")
        .order_by("revision")
    )
