"""Patients: scoped as SPEC section 2 says; written by admins (patients edit themselves via me/)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.audit.services import audit_record
from apps.core.api_base import ListApiMixin, refuse
from apps.core.idempotency import idempotent
from apps.core.permissions import IsAdmin
from apps.core.schema import error_codes

from .. import errors
from ..selectors import patient_get, patient_list
from ..services.accounts import account_deactivate, account_update, patient_assign_doctor, patient_register
from .auth import ERRORS
from .serializers import AssignDoctorInput, PatientCreateInput, PatientOutput, PatientUpdateInput
from .staff import FORBIDDEN, NAME_SEARCH, NOT_FOUND


def audit_patient_reads(request: Request, patients: list) -> None:
    # Staff reading a patient's profile is an access to that patient's data.
    if request.user.is_patient:
        return
    audit_record(
        actor=request.user,
        action="patient.read",
        resource_type="patient",
        items=[(patient.pk, patient) for patient in patients],
        request=request,
    )


def audit_patient_list(request: Request, patients: list) -> None:
    """Staff opening a page of the patient list: one event for the page, naming no patient.

    A list shows names and contact details, no clinical content, and staff open it all day: one event
    per patient on it would bury each patient's access log. Opening one patient is `patient.read`.
    """
    if request.user.is_patient:
        return
    audit_record(
        actor=request.user,
        action="patient.list",
        resource_type="patient",
        item_count=len(patients),
        request=request,
    )


class PatientListCreateApi(ListApiMixin):
    """Patients visible to the caller, searchable by name and e-mail; admins create patients."""

    output_serializer = PatientOutput
    filter_backends = [SearchFilter, OrderingFilter]
    search_fields = NAME_SEARCH
    ordering_fields = ["last_name", "first_name", "date_joined"]
    ordering = ["last_name", "first_name", "id"]

    def get_permissions(self):
        return [IsAdmin()] if self.request.method == "POST" else [IsAuthenticated()]

    def scoped_queryset(self):
        return patient_list(actor=self.request.user)

    def on_page(self, rows: list) -> None:
        audit_patient_list(self.request, rows)

    @extend_schema(operation_id="patients_list", responses={200: PatientOutput(many=True)}, tags=["patients"])
    def get(self, request: Request) -> Response:
        return self.list_response(request)

    @extend_schema(
        operation_id="patients_create",
        request=PatientCreateInput,
        responses={201: PatientOutput, 400: ERRORS[400], 403: FORBIDDEN},
        tags=["patients"],
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = PatientCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        patient = patient_register(actor=request.user, **data.validated_data, request=request)
        return Response(PatientOutput(patient).data, status=status.HTTP_201_CREATED)


class PatientDetailApi(APIView):
    @extend_schema(operation_id="patients_retrieve", responses={200: PatientOutput, 404: NOT_FOUND}, tags=["patients"])
    def get(self, request: Request, patient_id: int) -> Response:
        patient = patient_get(actor=request.user, patient_id=patient_id)
        audit_patient_reads(request, [patient])
        return Response(PatientOutput(patient).data)

    @extend_schema(
        operation_id="patients_update",
        request=PatientUpdateInput,
        responses={200: PatientOutput, 400: ERRORS[400], 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["patients"],
        description="Admins only; a patient changes their own profile through `me/`.",
    )
    def patch(self, request: Request, patient_id: int) -> Response:
        patient = patient_get(actor=request.user, patient_id=patient_id)
        if not request.user.is_admin:
            refuse()
        data = PatientUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        patient = account_update(actor=request.user, user=patient, data=data.validated_data, request=request)
        return Response(PatientOutput(patient).data)

    @extend_schema(
        operation_id="patients_deactivate",
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["patients"],
        description="Deactivates the account and ends its sessions; nothing clinical is destroyed.",
    )
    @error_codes({409: [errors.ALREADY_INACTIVE]})
    def delete(self, request: Request, patient_id: int) -> Response:
        patient = patient_get(actor=request.user, patient_id=patient_id)
        if not request.user.is_admin:
            refuse()
        account_deactivate(actor=request.user, user=patient, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PatientAssignDoctorApi(APIView):
    @extend_schema(
        operation_id="patients_assign_doctor",
        request=AssignDoctorInput,
        responses={200: PatientOutput, 400: ERRORS[400], 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["patients"],
        description="Admins set the primary doctor (`null` clears it).",
    )
    def post(self, request: Request, patient_id: int) -> Response:
        patient = patient_get(actor=request.user, patient_id=patient_id)
        if not request.user.is_admin:
            refuse()
        data = AssignDoctorInput(data=request.data)
        data.is_valid(raise_exception=True)
        patient = patient_assign_doctor(
            actor=request.user, patient=patient, doctor_id=data.validated_data["doctor"], request=request
        )
        return Response(PatientOutput(patient_get(actor=request.user, patient_id=patient.pk)).data)
