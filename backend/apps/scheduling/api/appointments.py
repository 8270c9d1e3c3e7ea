"""Appointments: list and book, read and change one (the lifecycle actions are in `appointment_actions`)."""

from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAcceptable
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api_base import ListApiMixin
from apps.core.filters import IdFilter, parsed_filters
from apps.core.idempotency import idempotent
from apps.core.permissions import IsAdmin, IsApiClient, IsNurse, IsPatient
from apps.core.schema import error_codes

from .. import errors
from ..models import Appointment, Status
from ..selectors import appointment_get, appointment_rows, booking_parties
from ..selectors.appointments import DEFAULT_ORDERING, ORDERING_FIELDS, SEARCH_FIELDS
from ..services import appointment_book, appointment_update
from .common import (
    BAD_REQUEST,
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    UNAUTHENTICATED,
    appointment_response,
    audit_appointment_reads,
)
from .serializers import (
    AppointmentBookInput,
    AppointmentOutput,
    AppointmentUpdateInput,
)


class AppointmentFilter(filters.FilterSet):
    doctor = IdFilter()
    patient = IdFilter()
    status = filters.ChoiceFilter(choices=Status.choices)
    date_from = filters.DateFilter(help_text="First clinic-local day included (YYYY-MM-DD), by start")
    date_to = filters.DateFilter(help_text="Last clinic-local day included (YYYY-MM-DD), by start")

    class Meta:
        model = Appointment
        fields = ["doctor", "patient", "status", "date_from", "date_to"]

    # Parsing and validating only: `appointment_rows` applies the scope and the filters.


class AppointmentListCreateApi(ListApiMixin):
    """Appointments in the caller's scope; patients book for themselves, nurses, admins and API clients
    (`appointments:write`) for a patient."""

    output_serializer = AppointmentOutput
    filter_backends = [filters.DjangoFilterBackend, SearchFilter, OrderingFilter]
    filterset_class = AppointmentFilter
    search_fields = SEARCH_FIELDS
    ordering_fields = ORDERING_FIELDS
    ordering = DEFAULT_ORDERING

    def get_permissions(self):
        if self.request.method == "POST":
            return [(IsPatient | IsNurse | IsAdmin | IsApiClient)()]
        return [IsAuthenticated()]

    @extend_schema(
        operation_id="appointments_list",
        responses={200: AppointmentOutput(many=True), 400: BAD_REQUEST, 401: UNAUTHENTICATED},
        tags=["appointments"],
        description=(
            "A patient sees their own appointments, a doctor theirs, nurses and admins all. `search` matches "
            "the patient's name; `ordering` takes `start`, `-start`, `created_at`, `-created_at`."
        ),
    )
    def get(self, request: Request) -> Response:
        # The filter backends document and validate the parameters; `appointment_rows` applies them.
        params = request.query_params
        rows = appointment_rows(
            actor=request.user,
            filters=parsed_filters(AppointmentFilter, request),
            search_terms=SearchFilter().get_search_terms(request) if SearchFilter.search_param in params else (),
            ordering=(
                OrderingFilter().get_ordering(request, Appointment.objects.none(), self)
                if params.get(OrderingFilter.ordering_param)
                else DEFAULT_ORDERING
            ),
        )
        return self.page_response(request, rows)

    def on_page(self, rows: list) -> None:
        audit_appointment_reads(self.request, rows)

    @extend_schema(
        operation_id="appointments_create",
        request=AppointmentBookInput,
        responses={
            201: AppointmentOutput,
            400: BAD_REQUEST,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            409: CONFLICT,
        },
        tags=["appointments"],
        description=(
            "Books one of the doctor's free slots: inside availability, on a slot boundary, after the minimum "
            "notice, within the horizon, at most N upcoming per patient. Doctors do not book (403). An API "
            "client (`appointments:write`) books for a patient in its limits, with one of its doctors when "
            "it is limited to doctors; the appointment names it in `booked_by_client`."
        ),
    )
    @idempotent
    @error_codes(
        {
            400: [
                errors.START_IN_PAST,
                errors.NOTICE_TOO_SHORT,
                errors.BEYOND_BOOKING_HORIZON,
                errors.OUTSIDE_AVAILABILITY,
                errors.PATIENT_INACTIVE,
                errors.DOCTOR_UNAVAILABLE,
            ],
            409: [
                errors.SLOT_TAKEN,
                errors.PATIENT_OVERLAP,
                errors.UPCOMING_LIMIT_REACHED,
                errors.DOCTOR_NOT_ACCEPTING,
            ],
        }
    )
    def post(self, request: Request) -> Response:
        data = AppointmentBookInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        patient, doctor = booking_parties(
            actor=request.user, patient_id=values.get("patient"), doctor_id=values["doctor"]
        )
        appointment = appointment_book(
            actor=request.user,
            patient=patient,
            doctor=doctor,
            start=values["start"],
            reason=values["reason"],
            request=request,
        )
        # Answered from what the booking holds, not read again.
        appointment.patient, appointment.doctor = patient, doctor
        return Response(AppointmentOutput(appointment, context={"request": request}).data, status.HTTP_201_CREATED)


class AppointmentDetailApi(APIView):
    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except NotAcceptable:
            if "text/calendar" not in request.headers.get("Accept", ""):
                raise
            # Still 406, but saying where the calendar is: one read path per representation.
            ics = reverse("appointment-ics", kwargs=self.kwargs)
            raise NotAcceptable(f"This answers JSON only; the appointment as text/calendar is at {ics}.") from None

    @extend_schema(
        operation_id="appointments_retrieve",
        responses={200: AppointmentOutput, 401: UNAUTHENTICATED, 404: NOT_FOUND},
        tags=["appointments"],
    )
    def get(self, request: Request, appointment_id: int) -> Response:
        appointment = appointment_get(actor=request.user, appointment_id=appointment_id)
        audit_appointment_reads(request, [appointment])
        return Response(AppointmentOutput(appointment, context={"request": request}).data)

    @extend_schema(
        operation_id="appointments_update",
        request=AppointmentUpdateInput,
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
            "`start` reschedules to another free slot of the same doctor, atomically (same rules as booking; "
            "patients and API clients up to the cut-off); `reason` replaces the patient's note. The patient, "
            "nurses and API clients (`appointments:write`) may do both, admins reschedule only; doctors cancel "
            "instead."
        ),
    )
    @error_codes(
        {
            400: [
                errors.START_IN_PAST,
                errors.NOTICE_TOO_SHORT,
                errors.BEYOND_BOOKING_HORIZON,
                errors.OUTSIDE_AVAILABILITY,
            ],
            409: [
                errors.SLOT_TAKEN,
                errors.PATIENT_OVERLAP,
                errors.INVALID_STATUS_CHANGE,
                errors.CANCELLATION_TOO_LATE,
            ],
        }
    )
    def patch(self, request: Request, appointment_id: int) -> Response:
        appointment = appointment_get(actor=request.user, appointment_id=appointment_id)
        data = AppointmentUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        appointment = appointment_update(
            actor=request.user, appointment=appointment, **data.validated_data, request=request
        )
        return appointment_response(request, appointment)
