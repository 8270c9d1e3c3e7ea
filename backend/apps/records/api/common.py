"""What every clinical view shares: the audit of refusals, stable ordering, documented errors."""

import logging
from typing import Any

from django.db import DatabaseError, models
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions
from rest_framework.filters import OrderingFilter

from apps.core.errors import NotFoundError, PermissionDeniedError

from ..services.access import clinical_access_denied

logger = logging.getLogger(__name__)

# DRF's own NotFound is left out: it only says that a page number is past the end of a list.
REFUSALS = (exceptions.PermissionDenied, Http404, NotFoundError, PermissionDeniedError)

BAD_REQUEST = OpenApiResponse(description="Validation error, keyed by field")
FORBIDDEN = OpenApiResponse(description="Visible, but not allowed for this role")
NOT_FOUND = OpenApiResponse(description="Not found, or outside the caller's scope")
CONFLICT = OpenApiResponse(description="Conflict with the current state")
ADMIN_FORBIDDEN = OpenApiResponse(description="Admins (and roles without access) read no clinical content")


class ClinicalAuditMixin:
    """Writes a `denied` audit event for every 403 or 404 on clinical data.

    The event is written in `handle_exception`, after the refused service's transaction has
    rolled back, so it survives the refusal. It names the patient when the refused object (or
    the patient asked for) exists, so the patient's access log shows the attempt.
    """

    resource_type: str = ""
    audit_actions: dict[str, str] = {}
    # The model whose row the URL names (its `patient_id` is the patient of a refused read).
    audit_model: type[models.Model] | None = None
    object_kwarg: str = ""

    def handle_exception(self, exc: Exception) -> Any:
        request = self.request  # type: ignore[attr-defined]
        if isinstance(exc, REFUSALS) and request.user and request.user.is_authenticated:
            try:
                clinical_access_denied(
                    actor=request.user,
                    action=self.audit_actions.get(request.method, f"{self.resource_type}.access"),
                    resource_type=self.resource_type,
                    resource_id=_int_or_none(self.kwargs.get(self.object_kwarg)),  # type: ignore[attr-defined]
                    patient_id=self._refused_patient(),
                    request=request,
                )
            except DatabaseError:
                logger.exception("A refused access to clinical data could not be audited.")
        return super().handle_exception(exc)  # type: ignore[misc]

    def _refused_patient(self) -> int | None:
        kwargs = self.kwargs  # type: ignore[attr-defined]
        if "patient_id" in kwargs:
            return _int_or_none(kwargs["patient_id"])
        object_id = _int_or_none(kwargs.get(self.object_kwarg))
        if self.audit_model is not None and object_id is not None:
            return self.audit_model._base_manager.filter(pk=object_id).values_list("patient_id", flat=True).first()
        return _int_or_none(self._patient_hint())

    def _patient_hint(self) -> Any:
        request = self.request  # type: ignore[attr-defined]
        if "patient" in request.query_params:
            return request.query_params["patient"]
        # Only a JSON body is read here: an upload refused by role is not parsed just to audit it.
        if request.content_type.startswith("application/json"):
            try:
                return request.data.get("patient") if hasattr(request.data, "get") else None
            except exceptions.ParseError:
                return None
        return None


def _int_or_none(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


class StableOrderingFilter(OrderingFilter):
    """`ordering=` over the view's fields, then the id, so pages never overlap or skip rows."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if not any(field.lstrip("-") in ("id", "pk") for field in ordering):
            ordering.append("-id" if ordering and ordering[0].startswith("-") else "id")
        return ordering
