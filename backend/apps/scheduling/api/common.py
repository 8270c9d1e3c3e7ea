"""Shared pieces of the scheduling views: documented error responses and the staff read audit."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework.request import Request

from apps.audit.services import audit_record

from ..models import Appointment

BAD_REQUEST = OpenApiResponse(description="Validation error, keyed by field (`code` names the rule)")
UNAUTHENTICATED = OpenApiResponse(description="Not authenticated")
FORBIDDEN = OpenApiResponse(description="Visible, but not allowed for this caller")
NOT_FOUND = OpenApiResponse(description="Not found, or outside the caller's scope")
CONFLICT = OpenApiResponse(
    description=(
        "Conflict: `slot_taken`, `patient_overlap`, `upcoming_limit_reached`, `doctor_not_accepting_new_patients`, "
        "`invalid_status_change`, `cancellation_too_late`, `appointment_not_started` or `idempotency_key_reused`"
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
