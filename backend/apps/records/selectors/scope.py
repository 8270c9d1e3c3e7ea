"""Whose clinical data a user may read: SPEC section 2, with admins seeing none of it."""

from typing import Any

from django.db.models import Q

from apps.accounts.models import Role, User
from apps.accounts.selectors import patient_scope_q
from apps.core.errors import NotFoundError

from .. import errors

NOTHING = Q(pk__in=[])


def clinical_scope_q(actor: User, prefix: str = "patient__", *, patient_id: Any = None) -> Q:
    """The rows of patients whose clinical data `actor` may read; nothing at all for admins.

    `patient_id` (a list filtered to one patient) narrows the scope to that patient, which spares
    a doctor's check all of their other patients' appointments.
    """
    if not actor.is_authenticated or actor.is_admin:
        return NOTHING
    return patient_scope_q(actor, prefix, patient_id=patient_id)


def clinical_patient_get(*, actor: User, patient_id: int) -> User:
    """A patient whose clinical data `actor` may read; anyone else is not found."""
    if actor.is_authenticated and actor.is_patient:
        # A patient's scope is themself, and the caller is already loaded: no query needed.
        if actor.pk == patient_id:
            return actor
        raise NotFoundError(code=errors.NOT_FOUND, message="No patient with this id.")
    patient = User.objects.filter(clinical_scope_q(actor, prefix="", patient_id=patient_id), role=Role.PATIENT).first()
    if patient is None:
        raise NotFoundError(code=errors.NOT_FOUND, message="No patient with this id.")
    return patient
