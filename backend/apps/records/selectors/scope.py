"""Whose clinical data a user may read: SPEC section 2, with admins seeing none of it."""

from django.db.models import Q

from apps.accounts.models import Role, User
from apps.accounts.selectors import patient_scope_q
from apps.core.errors import NotFoundError

from .. import errors

NOTHING = Q(pk__in=[])


def clinical_scope_q(actor: User, prefix: str = "patient__") -> Q:
    """The rows of patients whose clinical data `actor` may read; nothing at all for admins."""
    if not actor.is_authenticated or actor.is_admin:
        return NOTHING
    return patient_scope_q(actor, prefix)


def clinical_patient_get(*, actor: User, patient_id: int) -> User:
    """A patient whose clinical data `actor` may read; anyone else is not found."""
    patient = User.objects.filter(clinical_scope_q(actor, prefix=""), role=Role.PATIENT, pk=patient_id).first()
    if patient is None:
        raise NotFoundError(code=errors.NOT_FOUND, message="No patient with this id.")
    return patient
