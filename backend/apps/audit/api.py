from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api_base import ListApiMixin
from apps.core.filters import IdFilter
from apps.core.permissions import IsAdmin, IsPatient

from .models import AuditEvent, Outcome
from .selectors import access_log_list, audit_event_list


class AuditEventOutput(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "occurred_at",
            "actor",
            "actor_name",
            "actor_role",
            "client",
            "client_name",
            "action",
            "resource_type",
            "resource_id",
            "patient",
            "patient_name",
            "client_ip",
            "outcome",
            "request_id",
        ]
        read_only_fields = fields

    actor_name = serializers.SerializerMethodField()
    client_name = serializers.SerializerMethodField()
    patient_name = serializers.SerializerMethodField()

    def get_actor_name(self, event: AuditEvent) -> str | None:
        return event.actor.full_name if event.actor else None

    def get_client_name(self, event: AuditEvent) -> str | None:
        return event.client.name if event.client else None

    def get_patient_name(self, event: AuditEvent) -> str | None:
        return event.patient.full_name if event.patient else None


class AuditEventFilter(filters.FilterSet):
    actor = IdFilter()
    client = IdFilter(help_text="The API client that acted")
    patient = IdFilter()
    action = filters.CharFilter()
    outcome = filters.ChoiceFilter(choices=Outcome.choices)
    date_from = filters.DateFilter(help_text="First clinic day included (YYYY-MM-DD)")
    date_to = filters.DateFilter(help_text="Last clinic day included (YYYY-MM-DD)")

    class Meta:
        model = AuditEvent
        fields = ["actor", "client", "patient", "action", "outcome", "date_from", "date_to"]

    def filter_queryset(self, queryset):
        # Filtering is the selector's job; the FilterSet only parses and validates the query.
        return audit_event_list(filters=self.form.cleaned_data)


class AuditEventListApi(ListApiMixin):
    """The audit log (admins only), newest first. Read-only: no API changes or deletes an event."""

    permission_classes = [IsAdmin]
    output_serializer = AuditEventOutput
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = AuditEventFilter

    def scoped_queryset(self):
        return AuditEvent.objects.none()

    @extend_schema(
        operation_id="audit_events_list",
        responses={
            200: AuditEventOutput(many=True),
            400: OpenApiResponse(description="Validation error: a malformed filter, keyed by parameter"),
            403: OpenApiResponse(description="Admins only"),
        },
        tags=["audit"],
    )
    def get(self, request: Request) -> Response:
        return self.list_response(request)


class AccessLogOutput(serializers.ModelSerializer):
    """One access to the patient's data, as the patient sees it: who (name and role), what, when."""

    class Meta:
        model = AuditEvent
        fields = ["id", "occurred_at", "actor_name", "actor_role", "action", "resource_type", "resource_id", "outcome"]
        read_only_fields = fields

    actor_name = serializers.SerializerMethodField()

    def get_actor_name(self, event: AuditEvent) -> str | None:
        # An API client acts as itself: the patient sees its name.
        if event.client is not None:
            return event.client.name
        return event.actor.full_name if event.actor else None


class AccessLogApi(ListApiMixin):
    """`me/access-log/`: who accessed the calling patient's data, newest first (patients only)."""

    permission_classes = [IsPatient]
    output_serializer = AccessLogOutput
    filter_backends: list = []

    def scoped_queryset(self):
        return access_log_list(patient=self.request.user)

    @extend_schema(
        operation_id="me_access_log",
        responses={200: AccessLogOutput(many=True), 403: OpenApiResponse(description="Patients only")},
        tags=["audit"],
        description="Every read, change, download and refused attempt on your data by someone else.",
    )
    def get(self, request: Request) -> Response:
        return self.list_response(request)
