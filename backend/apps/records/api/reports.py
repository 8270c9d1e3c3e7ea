"""Medical reports: `reports/` (multipart upload), `reports/{id}/`, `reports/{id}/file/`."""

from io import BytesIO

from django.http import FileResponse
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api_base import ListApiMixin, refuse
from apps.core.filters import IdFilter
from apps.core.idempotency import idempotent
from apps.core.permissions import IsApiClient, IsClinician, IsPatient, IsReadOnly
from apps.core.schema import error_codes

from .. import errors
from ..models import MedicalReport
from ..selectors import report_get, report_list
from ..services import report_delete, report_file_read, report_upload
from ..services.access import MEDICAL_REPORT, clinical_list_audit, clinical_read_audit
from .common import (
    ADMIN_FORBIDDEN,
    BAD_REQUEST,
    FORBIDDEN,
    NOT_FOUND,
    ClinicalAuditMixin,
    StableOrderingFilter,
)
from .serializers import ReportOutput, ReportUploadInput
from .uploads import upload_data

TOO_LARGE = OpenApiResponse(description="`file_too_large`: the file is over the size limit")
UNSUPPORTED = OpenApiResponse(description="`unsupported_file_type`: not a PDF, PNG or JPEG by content and name")
UNAVAILABLE = OpenApiResponse(description="`report_file_unavailable`: the stored file fails its integrity check")


class ReportFilter(filters.FilterSet):
    patient = IdFilter(help_text="Only this patient's reports")

    class Meta:
        model = MedicalReport
        fields = ["patient"]

    def filter_queryset(self, queryset):
        return report_list(actor=self.request.user, filters=self.form.cleaned_data)


class ReportListUploadApi(ClinicalAuditMixin, ListApiMixin):
    """Reports in the caller's scope, newest first; clinicians upload (multipart)."""

    permission_classes = [(IsPatient & IsReadOnly) | IsClinician | (IsApiClient & IsReadOnly)]
    parser_classes = [MultiPartParser, FormParser]
    # An upload's body is bounded by `upload_data` (REPORT_MAX_BYTES, `file_too_large`), not the general limit.
    bounds_own_body = ("POST",)
    output_serializer = ReportOutput
    filter_backends = [filters.DjangoFilterBackend, StableOrderingFilter]
    filterset_class = ReportFilter
    ordering_fields = ["created_at", "size"]
    ordering = ["-created_at", "-id"]
    resource_type = MEDICAL_REPORT
    audit_actions = {"GET": "report.list", "POST": "report.upload"}

    def scoped_queryset(self):
        return report_list(actor=self.request.user)

    def on_page(self, rows: list) -> None:
        clinical_list_audit(
            actor=self.request.user, action="report.list", resource_type=MEDICAL_REPORT, rows=rows, request=self.request
        )

    @extend_schema(
        operation_id="reports_list",
        responses={200: ReportOutput(many=True), 400: BAD_REQUEST, 403: ADMIN_FORBIDDEN},
        tags=["reports"],
    )
    def get(self, request: Request) -> Response:
        return self.list_response(request)

    @extend_schema(
        operation_id="reports_upload",
        request={"multipart/form-data": ReportUploadInput},
        responses={
            201: ReportOutput,
            400: BAD_REQUEST,
            403: FORBIDDEN,
            404: NOT_FOUND,
            413: TOO_LARGE,
            415: UNSUPPORTED,
        },
        tags=["reports"],
        description=(
            "A PDF, PNG or JPEG (checked by content and by name) up to `REPORT_MAX_BYTES`. "
            "Doctors for their patients, nurses for any active patient."
        ),
    )
    @idempotent(read=upload_data)
    @error_codes(
        {
            400: [errors.EMPTY_FILE, errors.MALFORMED_UPLOAD],
            413: [errors.FILE_TOO_LARGE],
            415: [errors.UNSUPPORTED_FILE_TYPE],
            503: [errors.STORAGE_UNAVAILABLE],
        }
    )
    def post(self, request: Request) -> Response:
        data = ReportUploadInput(data=upload_data(request))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        upload = values["file"]
        report = report_upload(
            actor=request.user,
            patient_id=values["patient"],
            title=values["title"],
            description=values.get("description", ""),
            filename=upload.name or "",
            data=upload.read(),
            request=request,
        )
        report = report_get(actor=request.user, report_id=report.pk)
        return Response(ReportOutput(report).data, status=status.HTTP_201_CREATED)


class ReportDetailApi(ClinicalAuditMixin, APIView):
    """One report's facts; clinicians in scope delete it (softly: the row and the file are kept)."""

    permission_classes = [IsAuthenticated]
    resource_type = MEDICAL_REPORT
    audit_actions = {"GET": "report.read", "DELETE": "report.delete"}
    audit_model = MedicalReport
    object_kwarg = "report_id"

    @extend_schema(operation_id="reports_retrieve", responses={200: ReportOutput, 404: NOT_FOUND}, tags=["reports"])
    def get(self, request: Request, report_id: int) -> Response:
        report = report_get(actor=request.user, report_id=report_id)
        clinical_read_audit(
            actor=request.user,
            action="report.read",
            resource_type=MEDICAL_REPORT,
            resource_id=report.pk,
            patient_id=report.patient_id,
            request=request,
        )
        return Response(ReportOutput(report).data)

    @extend_schema(
        operation_id="reports_delete",
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["reports"],
        description="Doctors and nurses in scope. The report disappears from every list; nothing is destroyed.",
    )
    def delete(self, request: Request, report_id: int) -> Response:
        report = report_get(actor=request.user, report_id=report_id)
        if not request.user.is_clinician:
            refuse("Only doctors and nurses delete reports.")
        report_delete(actor=request.user, report=report, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReportFileApi(ClinicalAuditMixin, APIView):
    """The decrypted file, as an attachment, to those who may read the report. Every download is audited."""

    permission_classes = [IsAuthenticated]
    resource_type = MEDICAL_REPORT
    audit_actions = {"GET": "report.download"}
    audit_model = MedicalReport
    object_kwarg = "report_id"

    def perform_content_negotiation(self, request, force=False):
        # A browser asks for the file's own type; errors are still JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="reports_file",
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "image/png"): OpenApiTypes.BINARY,
            (200, "image/jpeg"): OpenApiTypes.BINARY,
            404: NOT_FOUND,
            409: UNAVAILABLE,
        },
        tags=["reports"],
    )
    @error_codes({409: [errors.REPORT_FILE_UNAVAILABLE], 503: [errors.STORAGE_UNAVAILABLE]})
    def get(self, request: Request, report_id: int) -> FileResponse:
        report = report_get(actor=request.user, report_id=report_id)
        content = report_file_read(actor=request.user, report=report, request=request)
        response = FileResponse(
            BytesIO(content),
            as_attachment=True,
            filename=report.original_filename,
            content_type=report.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store, private"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
