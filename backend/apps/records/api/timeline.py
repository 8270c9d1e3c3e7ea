"""`patients/{id}/timeline/`: one patient's history in one paginated, filterable feed."""

from functools import cache

from django.http import QueryDict
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.serializers import HandWrittenOutput, StrictCharField, iso_date, iso_datetime
from apps.scheduling.models import Appointment

from ..selectors import clinical_patient_get
from ..selectors.timeline import KINDS, timeline_feed, timeline_with_clients
from ..services.access import TIMELINE, clinical_read_audit
from .common import BAD_REQUEST, NOT_FOUND, ClinicalAuditMixin
from .serializers import PersonOutput, RecordEntryOutput, person, record_texts


class TimelineQueryInput(serializers.Serializer):
    kind = serializers.MultipleChoiceField(choices=KINDS, required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    order = serializers.ChoiceField(choices=["asc", "desc"], required=False, default="desc")

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        if values.get("date_from") and values.get("date_to") and values["date_from"] > values["date_to"]:
            raise serializers.ValidationError({"date_to": ["The end of the range is before its start."]})
        return values


QUERY_NAMES = tuple(TimelineQueryInput._declared_fields)


@cache
def _query_defaults() -> dict:
    parsed = TimelineQueryInput(data=QueryDict(""))
    parsed.is_valid(raise_exception=True)
    return dict(parsed.validated_data)


def _defaults() -> dict:
    """What the input gives when none of its fields is sent: worked out once, copied per request."""
    return {name: value.copy() if isinstance(value, list | set) else value for name, value in _query_defaults().items()}


def timeline_query(params) -> dict:
    """Parse the query string: `kind` may repeat or be comma-separated."""
    if not any(name in params for name in QUERY_NAMES):
        return _defaults()
    data = params.copy()
    kinds = [part.strip() for value in params.getlist("kind") for part in value.split(",") if part.strip()]
    if kinds:
        data.setlist("kind", kinds)
    parsed = TimelineQueryInput(data=data)
    parsed.is_valid(raise_exception=True)
    return parsed.validated_data


class TimelineAppointmentOutput(HandWrittenOutput, serializers.ModelSerializer):
    class Meta:
        model = Appointment
        fields = ["id", "start", "end", "status", "doctor", "reason"]
        read_only_fields = fields

    doctor = PersonOutput(read_only=True)
    # A plain string here: a second enum component for appointment statuses would collide with
    # scheduling's in the schema's enum naming (drf-spectacular W001).
    status = StrictCharField(read_only=True, help_text="booked, cancelled, completed or no_show")
    reason = StrictCharField(read_only=True)

    def to_representation(self, instance):
        return {
            "id": instance.pk,
            "start": iso_datetime(instance.start),
            "end": iso_datetime(instance.end),
            "status": instance.status,
            "doctor": person(instance.doctor),
            "reason": instance.reason,
        }


class TimelineVisitNoteOutput(HandWrittenOutput, serializers.ModelSerializer):
    class Meta:
        model = Appointment
        fields = ["appointment", "doctor", "consultation_notes", "completed_at"]
        read_only_fields = fields

    appointment = serializers.IntegerField(source="pk", read_only=True)
    doctor = PersonOutput(read_only=True)
    consultation_notes = StrictCharField(read_only=True)
    completed_at = serializers.DateTimeField(source="noted_at", read_only=True)

    def to_representation(self, instance):
        return {
            "appointment": instance.pk,
            "doctor": person(instance.doctor),
            "consultation_notes": instance.consultation_notes,
            "completed_at": iso_datetime(instance.noted_at),
        }


class TimelineRecordOutput(RecordEntryOutput):
    class Meta(RecordEntryOutput.Meta):
        fields = [
            "id",
            "entry_date",
            "diagnosis",
            "treatment_plan",
            "medications_text",
            "notes",
            "appointment",
            "author",
            "author_client",
            "version",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        return {"id": instance.pk, **record_texts(instance)}


class TimelineMedicationOutput(HandWrittenOutput, serializers.Serializer):
    medication = serializers.IntegerField(source="medication_id", read_only=True)
    change = StrictCharField(source="kind", read_only=True, help_text="started, changed or ended")
    changed_fields = serializers.ListField(child=StrictCharField(), read_only=True)
    before = serializers.DictField(read_only=True, allow_null=True)
    after = serializers.DictField(read_only=True)
    changed_by = PersonOutput(read_only=True)

    def to_representation(self, instance):
        return {
            "medication": instance.medication_id,
            "change": instance.kind,
            "changed_fields": [str(name) for name in instance.changed_fields],
            "before": None if instance.before is None else {str(key): value for key, value in instance.before.items()},
            "after": {str(key): value for key, value in instance.after.items()},
            "changed_by": person(instance.changed_by),
        }


class TimelineReportOutput(HandWrittenOutput, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = StrictCharField(read_only=True)
    description = StrictCharField(read_only=True)
    original_filename = StrictCharField(read_only=True)
    content_type = StrictCharField(read_only=True)
    size = serializers.IntegerField(read_only=True)
    uploaded_by = PersonOutput(read_only=True)
    file_url = serializers.SerializerMethodField()

    def get_file_url(self, report) -> str:
        return reverse("report-file", kwargs={"report_id": report.pk})

    def to_representation(self, instance):
        return {
            "id": instance.pk,
            "title": instance.title,
            "description": instance.description,
            "original_filename": instance.original_filename,
            "content_type": instance.content_type,
            "size": instance.size,
            "uploaded_by": person(instance.uploaded_by),
            "file_url": self.get_file_url(instance),
        }


class TimelineItemOutput(HandWrittenOutput, serializers.Serializer):
    """One event; exactly the field named by `kind` is set, the others are null."""

    kind = serializers.ChoiceField(choices=KINDS, read_only=True)
    at = serializers.DateTimeField(read_only=True, help_text="Its place in time (a record entry: end of its day)")
    date = serializers.DateField(read_only=True, help_text="The clinic day it belongs to")
    appointment = TimelineAppointmentOutput(read_only=True, allow_null=True)
    visit_note = TimelineVisitNoteOutput(read_only=True, allow_null=True)
    record = TimelineRecordOutput(read_only=True, allow_null=True)
    medication = TimelineMedicationOutput(read_only=True, allow_null=True)
    report = TimelineReportOutput(read_only=True, allow_null=True)

    def to_representation(self, instance):
        data = {
            "kind": instance.kind,
            "at": iso_datetime(instance.at),
            "date": iso_date(instance.date),
            **dict.fromkeys(KINDS),
        }
        data[instance.kind] = _ITEM_OUTPUT[instance.kind].to_representation(instance.item)
        return data


_ITEM_OUTPUT = {
    "appointment": TimelineAppointmentOutput(),
    "visit_note": TimelineVisitNoteOutput(),
    "record": TimelineRecordOutput(),
    "medication": TimelineMedicationOutput(),
    "report": TimelineReportOutput(),
}


class PatientTimelineApi(ClinicalAuditMixin, GenericAPIView):
    """A patient's history for the patient themself and clinicians in scope (404 for anyone else)."""

    serializer_class = TimelineItemOutput
    filter_backends: list = []
    resource_type = TIMELINE
    audit_actions = {"GET": "timeline.read"}
    object_kwarg = "patient_id"

    @extend_schema(
        operation_id="patients_timeline",
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=KINDS, many=True, description="Repeat or comma-separate"),
            OpenApiParameter("date_from", OpenApiTypes.DATE, description="First clinic day included"),
            OpenApiParameter("date_to", OpenApiTypes.DATE, description="Last clinic day included"),
            OpenApiParameter("order", OpenApiTypes.STR, enum=["desc", "asc"], description="Newest first by default"),
        ],
        responses={200: TimelineItemOutput(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
        tags=["patients"],
    )
    def get(self, request: Request, patient_id: int) -> Response:
        patient = clinical_patient_get(actor=request.user, patient_id=patient_id)
        query = timeline_query(request.query_params)
        feed = timeline_feed(
            patient=patient,
            kinds=query.get("kind") or KINDS,
            date_from=query.get("date_from"),
            date_to=query.get("date_to"),
            descending=query["order"] == "desc",
        )
        page = timeline_with_clients(self.paginate_queryset(feed) or [])
        clinical_read_audit(
            actor=request.user,
            action="timeline.read",
            resource_type=TIMELINE,
            resource_id=patient.pk,
            patient_id=patient.pk,
            request=request,
        )
        return self.get_paginated_response(TimelineItemOutput(page, many=True).data)
