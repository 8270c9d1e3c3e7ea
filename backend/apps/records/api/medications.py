"""Medications: `medications/`, `medications/{id}/`."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api_base import ListApiMixin, refuse
from apps.core.filters import IdFilter, StrictBooleanFilter
from apps.core.idempotency import idempotent
from apps.core.permissions import IsApiClient, IsClinician, IsDoctor, IsPatient
from apps.core.schema import error_codes

from .. import errors
from ..models import Medication
from ..selectors import medication_get, medication_list
from ..services import medication_create, medication_update
from ..services.access import MEDICATION, clinical_list_audit, clinical_read_audit
from .common import (
    ADMIN_FORBIDDEN,
    BAD_REQUEST,
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    ClinicalAuditMixin,
    StableOrderingFilter,
)
from .serializers import MedicationCreateInput, MedicationDetailOutput, MedicationOutput, MedicationUpdateInput


class MedicationFilter(filters.FilterSet):
    patient = IdFilter(help_text="Only this patient's medications")
    active = StrictBooleanFilter(help_text="`true`: current medications; `false`: ended ones")

    class Meta:
        model = Medication
        fields = ["patient", "active"]

    def filter_queryset(self, queryset):
        return medication_list(actor=self.request.user, filters=self.form.cleaned_data)


class MedicationListCreateApi(ClinicalAuditMixin, ListApiMixin):
    """Medications in the caller's scope, newest start first. Doctors prescribe; nurses and patients read."""

    output_serializer = MedicationOutput
    filter_backends = [filters.DjangoFilterBackend, StableOrderingFilter]
    filterset_class = MedicationFilter
    ordering_fields = ["start_date", "end_date", "created_at"]
    ordering = ["-start_date", "-id"]
    resource_type = MEDICATION
    audit_actions = {"GET": "medication.list", "POST": "medication.create"}

    def get_permissions(self):
        return [IsDoctor()] if self.request.method == "POST" else [(IsPatient | IsClinician | IsApiClient)()]

    def scoped_queryset(self):
        return medication_list(actor=self.request.user)

    def on_page(self, rows: list) -> None:
        clinical_list_audit(
            actor=self.request.user, action="medication.list", resource_type=MEDICATION, rows=rows, request=self.request
        )

    @extend_schema(
        operation_id="medications_list",
        responses={200: MedicationOutput(many=True), 400: BAD_REQUEST, 403: ADMIN_FORBIDDEN},
        tags=["medications"],
    )
    def get(self, request: Request) -> Response:
        return self.list_response(request)

    @extend_schema(
        operation_id="medications_create",
        request=MedicationCreateInput,
        responses={201: MedicationDetailOutput, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["medications"],
        description="Doctors, for their own patients; the caller is the prescriber.",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = MedicationCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        medication = medication_create(actor=request.user, patient_id=values.pop("patient"), **values, request=request)
        medication = medication_get(actor=request.user, medication_id=medication.pk, with_history=True)
        return Response(MedicationDetailOutput(medication).data, status=status.HTTP_201_CREATED)


class MedicationDetailApi(ClinicalAuditMixin, APIView):
    """One medication with its change history; doctors in scope change or end it."""

    permission_classes = [IsAuthenticated]
    resource_type = MEDICATION
    audit_actions = {"GET": "medication.read", "PATCH": "medication.update"}
    audit_model = Medication
    object_kwarg = "medication_id"

    @extend_schema(
        operation_id="medications_retrieve",
        responses={200: MedicationDetailOutput, 404: NOT_FOUND},
        tags=["medications"],
    )
    def get(self, request: Request, medication_id: int) -> Response:
        medication = medication_get(actor=request.user, medication_id=medication_id, with_history=True)
        clinical_read_audit(
            actor=request.user,
            action="medication.read",
            resource_type=MEDICATION,
            resource_id=medication.pk,
            patient_id=medication.patient_id,
            request=request,
        )
        return Response(MedicationDetailOutput(medication).data)

    @extend_schema(
        operation_id="medications_update",
        request=MedicationUpdateInput,
        responses={200: MedicationDetailOutput, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
        tags=["medications"],
        description=(
            "Doctors in scope. `active: false` (or a past `end_date`) ends the medication, which stays listed; "
            "an ended medication only takes note changes (409 otherwise). Every change is kept in `history`."
        ),
    )
    @error_codes({409: [errors.MEDICATION_ENDED]})
    def patch(self, request: Request, medication_id: int) -> Response:
        medication = medication_get(actor=request.user, medication_id=medication_id)
        if not request.user.is_doctor:
            refuse("Only doctors change medications.")
        data = MedicationUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        medication_update(actor=request.user, medication=medication, data=dict(data.validated_data), request=request)
        medication = medication_get(actor=request.user, medication_id=medication_id, with_history=True)
        return Response(MedicationDetailOutput(medication).data)
