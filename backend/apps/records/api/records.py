"""Record entries: `records/`, `records/{id}/`, `records/{id}/revisions/`."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.selectors import only_shown
from apps.core.api_base import ListApiMixin, refuse
from apps.core.filters import IdFilter, parsed_filters
from apps.core.idempotency import idempotent
from apps.core.permissions import IsApiClient, IsClinician, IsPatient, IsReadOnly
from apps.core.schema import error_codes

from .. import errors
from ..models import RecordEntry
from ..selectors import record_get, record_list, record_revision_list
from ..services import record_create, record_update
from ..services.access import RECORD_ENTRY, clinical_list_audit, clinical_read_audit
from .common import (
    ADMIN_FORBIDDEN,
    BAD_REQUEST,
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    ClinicalAuditMixin,
    StableOrderingFilter,
)
from .serializers import RecordEntryCreateInput, RecordEntryOutput, RecordEntryUpdateInput, RecordRevisionOutput

# Patients read their own; clinicians and API clients read and write in scope (a client's scope
# for the operation was checked when it authenticated); admins read no clinical content.
READ_OR_WRITE = [(IsPatient & IsReadOnly) | IsClinician | IsApiClient]


def _for_output(entries):
    """Of the people and clients an entry names, only what its output shows."""
    return only_shown(
        entries, "patient", "author", "last_edited_by", extra=("author_client__name", "last_edited_by_client__name")
    )


class RecordFilter(filters.FilterSet):
    """The list's query parameters, parsed and documented; `record_list` applies them."""

    patient = IdFilter(help_text="Only this patient's entries")
    date_from = filters.DateFilter(help_text="Entries dated on or after this day (YYYY-MM-DD)")
    date_to = filters.DateFilter(help_text="Entries dated on or before this day (YYYY-MM-DD)")

    class Meta:
        model = RecordEntry
        fields = ["patient", "date_from", "date_to"]


class RecordListCreateApi(ClinicalAuditMixin, ListApiMixin):
    """Record entries in the caller's scope, chronological (oldest first) unless `ordering` says otherwise."""

    permission_classes = READ_OR_WRITE
    output_serializer = RecordEntryOutput
    filter_backends = [filters.DjangoFilterBackend, StableOrderingFilter]
    filterset_class = RecordFilter
    ordering_fields = ["entry_date", "created_at", "updated_at"]
    ordering = ["entry_date", "created_at", "id"]
    resource_type = RECORD_ENTRY
    audit_actions = {"GET": "record.list", "POST": "record.create"}

    def scoped_queryset(self):
        # The selector applies the filters (and narrows a doctor's scope to the one patient asked for).
        return _for_output(record_list(actor=self.request.user, filters=parsed_filters(RecordFilter, self.request)))

    def on_page(self, rows: list) -> None:
        clinical_list_audit(
            actor=self.request.user, action="record.list", resource_type=RECORD_ENTRY, rows=rows, request=self.request
        )

    @extend_schema(
        operation_id="records_list",
        responses={200: RecordEntryOutput(many=True), 400: BAD_REQUEST, 403: ADMIN_FORBIDDEN},
        tags=["records"],
    )
    def get(self, request: Request) -> Response:
        entries = self.get_queryset()
        ordering = StableOrderingFilter().get_ordering(request, entries, self)
        return self.page_response(request, entries.order_by(*ordering))

    @extend_schema(
        operation_id="records_create",
        request=RecordEntryCreateInput,
        responses={201: RecordEntryOutput, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["records"],
        description=(
            "Doctors for their patients, nurses for any active patient, API clients (`records:write`) for "
            "the patients in their limits. The caller is the author: `author` for a person, `author_client` "
            "for an API client."
        ),
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = RecordEntryCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        entry = record_create(
            actor=request.user,
            patient_id=values.pop("patient"),
            appointment_id=values.pop("appointment", None),
            **values,
            request=request,
        )
        entry = record_get(actor=request.user, record_id=entry.pk)
        return Response(RecordEntryOutput(entry).data, status=status.HTTP_201_CREATED)


class RecordDetailApi(ClinicalAuditMixin, APIView):
    """One entry: read by those in scope, changed by clinicians (the patient owner gets 403)."""

    resource_type = RECORD_ENTRY
    audit_actions = {"GET": "record.read", "PATCH": "record.update"}
    audit_model = RecordEntry
    object_kwarg = "record_id"

    @extend_schema(
        operation_id="records_retrieve",
        responses={200: RecordEntryOutput, 404: NOT_FOUND},
        tags=["records"],
    )
    def get(self, request: Request, record_id: int) -> Response:
        entry = record_get(actor=request.user, record_id=record_id)
        clinical_read_audit(
            actor=request.user,
            action="record.read",
            resource_type=RECORD_ENTRY,
            resource_id=entry.pk,
            patient_id=entry.patient_id,
            request=request,
        )
        return Response(RecordEntryOutput(entry).data)

    @extend_schema(
        operation_id="records_update",
        request=RecordEntryUpdateInput,
        responses={200: RecordEntryOutput, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
        tags=["records"],
        description="The text before the edit is kept as a revision. Pass `version` to refuse a stale edit (409).",
    )
    @error_codes({409: [errors.STALE_VERSION]})
    def patch(self, request: Request, record_id: int) -> Response:
        entry = record_get(actor=request.user, record_id=record_id)
        if not (request.user.is_clinician or request.user.is_api_client):
            refuse("Only doctors, nurses and API clients change record entries.")
        data = RecordEntryUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        expected = values.pop("version", None)
        record_update(actor=request.user, entry=entry, data=values, expected_version=expected, request=request)
        return Response(RecordEntryOutput(record_get(actor=request.user, record_id=record_id)).data)


class RecordRevisionListApi(ClinicalAuditMixin, ListApiMixin):
    """The earlier versions of one entry, oldest first (the current text is the entry itself)."""

    output_serializer = RecordRevisionOutput
    filter_backends: list = []
    resource_type = RECORD_ENTRY
    audit_actions = {"GET": "record.revisions.read"}
    audit_model = RecordEntry
    object_kwarg = "record_id"

    def scoped_queryset(self):
        return record_revision_list(actor=self.request.user, record_id=self.kwargs["record_id"])

    @extend_schema(
        operation_id="records_revisions_list",
        responses={200: RecordRevisionOutput(many=True), 404: NOT_FOUND},
        tags=["records"],
    )
    def get(self, request: Request, record_id: int) -> Response:
        entry = record_get(actor=request.user, record_id=record_id)
        clinical_read_audit(
            actor=request.user,
            action="record.revisions.read",
            resource_type=RECORD_ENTRY,
            resource_id=entry.pk,
            patient_id=entry.patient_id,
            request=request,
        )
        return self.list_response(request)
