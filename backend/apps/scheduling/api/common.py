"""Shared pieces of the scheduling views: documented error responses, the staff read audit, one appointment's answer."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from apps.audit.services import audit_record

from ..models import Appointment
from ..selectors import appointment_get
from .serializers import AppointmentOutput

BAD_REQUEST = OpenApiResponse(description="Validation error, keyed by field (`code` names the rule)")
UNAUTHENTICATED = OpenApiResponse(description="Not authenticated")
FORBIDDEN = OpenApiResponse(description="Visible, but not allowed for this caller")
NOT_FOUND = OpenApiResponse(description="Not found, or outside the caller's scope")
CONFLICT = OpenApiResponse(
    description=(
        "Conflict: `slot_taken`, `patient_overlap`, `upcoming_limit_reached`, `doctor_not_accepting_new_patients`, "
        "`invalid_status_change`, `cancellation_too_late`, `appointment_not_started`, "
        "`arrival_before_appointment_day`, `undo_window_closed`, `visit_changed_since` or `idempotency_key_reused`"
    )
)


def audit_appointment_reads(request: Request, appointments: list[Appointment]) -> None:
    """Staff reading appointments is an access to those patients' data; a patient reading their own is not.

    `appointments` are model instances or list rows: anything with `pk` and `patient_id`.
    """
    if request.user.is_patient or not appointments:
        return
    audit_record(
        actor=request.user,
        action="appointment.read",
        resource_type="appointment",
        items=[(appointment.pk, appointment.patient_id) for appointment in appointments],
        request=request,
    )


def appointment_response(request: Request, appointment: Appointment, code: int = status.HTTP_200_OK) -> Response:
    """The appointment as the caller now sees it, read again after a change."""
    fresh = appointment_get(actor=request.user, appointment_id=appointment.pk)
    return Response(AppointmentOutput(fresh, context={"request": request}).data, status=code)
