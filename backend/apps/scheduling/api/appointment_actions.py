"""An appointment's lifecycle actions: cancel it, record the arrival, complete the visit, record a
no-show, and undo a completion or a no-show."""

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.idempotency import idempotent
from apps.core.schema import error_codes

from .. import errors
from ..selectors import appointment_get
from ..services import (
    appointment_arrival_undo,
    appointment_arrive,
    appointment_cancel,
    appointment_complete,
    appointment_mark_no_show,
    appointment_reopen,
)
from .common import BAD_REQUEST, CONFLICT, FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, appointment_response
from .serializers import AppointmentOutput, CancelInput, CompleteInput


class AppointmentCancelApi(APIView):
    @extend_schema(
        operation_id="appointments_cancel",
        request=CancelInput,
        responses={
            200: AppointmentOutput,
            400: BAD_REQUEST,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
        tags=["appointments"],
        description=(
            "The patient and API clients (`appointments:write`) up to the cut-off before the start; the "
            "doctor, nurses and admins at any time. The appointment names who cancelled in `cancelled_by` "
            "(a person) or `cancelled_by_client` (an API client)."
        ),
    )
    @error_codes({409: [errors.INVALID_STATUS_CHANGE, errors.CANCELLATION_TOO_LATE]})
    def post(self, request: Request, appointment_id: int) -> Response:
        appointment = appointment_get(actor=request.user, appointment_id=appointment_id)
        data = CancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        appointment = appointment_cancel(
            actor=request.user, appointment=appointment, reason=data.validated_data["reason"], request=request
        )
        return appointment_response(request, appointment)


class AppointmentCompleteApi(APIView):
    @extend_schema(
        operation_id="appointments_complete",
        request=CompleteInput,
        responses={
            200: AppointmentOutput,
            400: BAD_REQUEST,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
        tags=["appointments"],
        description="The appointment's doctor documents the visit (from its start on); the notes are encrypted.",
    )
    @idempotent
    @error_codes({409: [errors.INVALID_STATUS_CHANGE, errors.APPOINTMENT_NOT_STARTED]})
    def post(self, request: Request, appointment_id: int) -> Response:
        appointment = appointment_get(actor=request.user, appointment_id=appointment_id)
        data = CompleteInput(data=request.data)
        data.is_valid(raise_exception=True)
        appointment = appointment_complete(
            actor=request.user,
            appointment=appointment,
            consultation_notes=data.validated_data["consultation_notes"],
            request=request,
        )
        return appointment_response(request, appointment)


class AppointmentNoShowApi(APIView):
    @extend_schema(
        operation_id="appointments_no_show",
        request=None,
        responses={200: AppointmentOutput, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
        tags=["appointments"],
        description="The appointment's doctor records that the patient did not come, once the start has passed.",
    )
    @error_codes({409: [errors.INVALID_STATUS_CHANGE, errors.APPOINTMENT_NOT_STARTED]})
    def post(self, request: Request, appointment_id: int) -> Response:
        appointment = appointment_get(actor=request.user, appointment_id=appointment_id)
        appointment = appointment_mark_no_show(actor=request.user, appointment=appointment, request=request)
        return appointment_response(request, appointment)


class AppointmentArrivalApi(APIView):
    @extend_schema(
        operation_id="appointments_arrive",
        request=None,
        responses={200: AppointmentOutput, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
        tags=["appointments"],
        description=(
            "Nurses, admins and the appointment's doctor record that the patient has arrived, from the day of a "
            "booked visit on. Marking an arrived patient again keeps the first time."
        ),
    )
    @error_codes({409: [errors.INVALID_STATUS_CHANGE, errors.ARRIVAL_BEFORE_APPOINTMENT_DAY]})
    def post(self, request: Request, appointment_id: int) -> Response:
        appointment = appointment_get(actor=request.user, appointment_id=appointment_id)
        appointment = appointment_arrive(actor=request.user, appointment=appointment, request=request)
        return appointment_response(request, appointment)

    @extend_schema(
        operation_id="appointments_arrival_undo",
        request=None,
        responses={200: AppointmentOutput, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
        tags=["appointments"],
        description="Take back an arrival recorded by mistake, while the visit is still booked (same callers).",
    )
    @error_codes({409: [errors.INVALID_STATUS_CHANGE]})
    def delete(self, request: Request, appointment_id: int) -> Response:
        appointment = appointment_get(actor=request.user, appointment_id=appointment_id)
        appointment = appointment_arrival_undo(actor=request.user, appointment=appointment, request=request)
        return appointment_response(request, appointment)


class AppointmentReopenApi(APIView):
    @extend_schema(
        operation_id="appointments_reopen",
        request=None,
        responses={200: AppointmentOutput, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
        tags=["appointments"],
        description=(
            "The appointment's doctor undoes a completion or a no-show within VISIT_UNDO_MINUTES (the answer's "
            "`undo_until`), while nothing else about the visit changed: it is booked again, the notes of the "
            "completion dropped."
        ),
    )
    @error_codes(
        {
            409: [
                errors.INVALID_STATUS_CHANGE,
                errors.UNDO_WINDOW_CLOSED,
                errors.VISIT_CHANGED_SINCE,
                errors.SLOT_TAKEN,
                errors.PATIENT_OVERLAP,
            ]
        }
    )
    def post(self, request: Request, appointment_id: int) -> Response:
        appointment = appointment_get(actor=request.user, appointment_id=appointment_id)
        appointment = appointment_reopen(actor=request.user, appointment=appointment, request=request)
        return appointment_response(request, appointment)
