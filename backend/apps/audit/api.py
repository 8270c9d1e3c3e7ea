from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api_base import ListApiMixin
from apps.core.filters import IdFilter
from apps.core.permissions import IsAdmin, IsPatient
from apps.core.serializers import StrictCharField

from .models import AuditEvent, Outcome
from .selectors import access_log_details, access_log_groups, audit_event_list


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
            "item_count",
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


class AccessActivityOutput(serializers.Serializer):
    """One kind of thing done in a line of the access log."""

    action = StrictCharField(help_text="e.g. `record.read`, `report.download`, `appointment.cancel`")
    resource_type = StrictCharField()
    count = serializers.IntegerField(help_text="How many times")
    items = serializers.IntegerField(help_text="How many different objects (0 when a whole list was opened)")


class AccessLogGroupOutput(serializers.Serializer):
    """One line of the patient's access log: one person (or API client), one clinic day, one outcome."""

    day = serializers.DateField(help_text="The clinic day (in the clinic's time zone)")
    actor_name = StrictCharField(allow_null=True, help_text="The person or API client; null: not signed in")
    actor_role = StrictCharField(help_text="`doctor`, `nurse`, `admin`, `patient`, `api_client`; empty: nobody")
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    count = serializers.IntegerField(help_text="How many events the line stands for")
    first_at = serializers.DateTimeField()
    last_at = serializers.DateTimeField()
    activities = AccessActivityOutput(many=True)


class AccessLogApi(ListApiMixin):
    """`me/access-log/`: who accessed the calling patient's data, one line per person, day and outcome."""

    permission_classes = [IsPatient]
    output_serializer = AccessLogGroupOutput
    filter_backends: list = []

    def schema_queryset(self):
        return AuditEvent.objects.none()

    def scoped_queryset(self):
        return access_log_groups(patient=self.request.user)

    @extend_schema(
        operation_id="me_access_log",
        responses={200: AccessLogGroupOutput(many=True), 403: OpenApiResponse(description="Patients only")},
        tags=["audit"],
        description=(
            "Every read, change, download and refused attempt on your data by someone else, grouped: one line "
            "per person (or API client), clinic day and outcome, newest day first. Opening a list of patients "
            "names no patient (one `patient.list` event in the audit log), so it is not shown here."
        ),
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        lines = access_log_details(patient=request.user, groups=list(page))
        return self.get_paginated_response(AccessLogGroupOutput(lines, many=True).data)
