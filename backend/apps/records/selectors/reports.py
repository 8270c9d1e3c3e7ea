from typing import Any

from django.db.models import QuerySet

from apps.accounts.models import User
from apps.core.errors import NotFoundError

from .. import errors
from ..models import MedicalReport
from .scope import clinical_scope_q


def report_list(*, actor: User, filters: dict[str, Any] | None = None) -> QuerySet[MedicalReport]:
    """Reports `actor` may read (deleted ones never), newest first, narrowed by `patient`."""
    filters = filters or {}
    scope = clinical_scope_q(actor, patient_id=filters.get("patient") or None)
    reports = MedicalReport.objects.filter(scope, deleted_at__isnull=True).select_related("patient", "uploaded_by")
    return reports.order_by("-created_at", "-id")


def report_get(*, actor: User, report_id: int) -> MedicalReport:
    """One report within `actor`'s scope and not deleted; anything else is not found."""
    report = report_list(actor=actor).filter(pk=report_id).first()
    if report is None:
        raise NotFoundError(code=errors.NOT_FOUND, message="No report with this id.")
    return report
