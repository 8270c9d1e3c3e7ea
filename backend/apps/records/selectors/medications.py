from typing import Any

from django.db.models import Prefetch, QuerySet

from apps.accounts.models import User
from apps.core.errors import NotFoundError

from .. import errors
from ..models import Medication, MedicationChange
from .scope import clinical_scope_q


def medication_list(*, actor: User, filters: dict[str, Any] | None = None) -> QuerySet[Medication]:
    """Medications `actor` may read, newest start first, narrowed by `patient` and `active`."""
    filters = filters or {}
    scope = clinical_scope_q(actor, patient_id=filters.get("patient") or None)
    medications = Medication.objects.filter(scope).select_related("patient", "prescriber")
    if filters.get("active") is not None:
        medications = medications.filter(active=filters["active"])
    return medications.order_by("-start_date", "-id")


def medication_get(*, actor: User, medication_id: int, with_history: bool = False) -> Medication:
    """One medication within `actor`'s scope (with its change history if asked); else not found."""
    medications = medication_list(actor=actor)
    if with_history:
        history = MedicationChange.objects.select_related("changed_by").order_by("changed_at", "id")
        medications = medications.prefetch_related(Prefetch("changes", queryset=history))
    medication = medications.filter(pk=medication_id).first()
    if medication is None:
        raise NotFoundError(code=errors.NOT_FOUND, message="No medication with this id.")
    return medication
