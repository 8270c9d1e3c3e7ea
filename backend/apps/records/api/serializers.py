"""Input and output serializers of the clinical records API. Every serializer lists its fields.

Server-owned fields (patient of an existing object, author, prescriber, uploader, versions,
timestamps, file facts) are output only; inputs never accept them.
"""

from django.urls import reverse
from rest_framework import serializers

from apps.core.serializers import HandWrittenOutput, StrictBooleanField, StrictCharField, iso_date, iso_datetime

from ..models import MedicalReport, Medication, MedicationChange, RecordEntry, RecordRevision

TEXT_MAX = 20000


class PersonOutput(HandWrittenOutput, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = StrictCharField(read_only=True)
    role = StrictCharField(read_only=True)

    def to_representation(self, instance):
        return person(instance)


def person(user):
    """A person as PersonOutput shows them (None stays None)."""
    if user is None:
        return None
    return {"id": user.pk, "full_name": user.full_name, "role": user.role}


class ApiClientSummaryOutput(HandWrittenOutput, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = StrictCharField(read_only=True)

    def to_representation(self, instance):
        return api_client(instance)


def api_client(client):
    """An API client as ApiClientSummaryOutput shows it (None stays None): a row names a person or a client."""
    if client is None:
        return None
    return {"id": client.pk, "name": client.name}


def _text(max_length: int = TEXT_MAX) -> StrictCharField:
    return StrictCharField(required=False, allow_blank=True, max_length=max_length, trim_whitespace=False)


# --- Record entries ----------------------------------------------------------------------------


class RecordEntryOutput(HandWrittenOutput, serializers.ModelSerializer):
    class Meta:
        model = RecordEntry
        fields = [
            "id",
            "patient",
            "patient_name",
            "entry_date",
            "diagnosis",
            "treatment_plan",
            "medications_text",
            "notes",
            "appointment",
            "author",
            "author_client",
            "version",
            "last_edited_by",
            "last_edited_by_client",
            "last_edited_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    patient = serializers.IntegerField(source="patient_id", read_only=True)
    patient_name = StrictCharField(source="patient.full_name", read_only=True)
    appointment = serializers.IntegerField(source="appointment_id", read_only=True, allow_null=True)
    # Who wrote it: a person (`author`) or an API client (`author_client`); the other is null.
    author = PersonOutput(read_only=True, allow_null=True)
    author_client = ApiClientSummaryOutput(read_only=True, allow_null=True, help_text="The API client that wrote it")
    last_edited_by = PersonOutput(read_only=True, allow_null=True)
    last_edited_by_client = ApiClientSummaryOutput(read_only=True, allow_null=True)

    def to_representation(self, instance):
        return {
            "id": instance.pk,
            "patient": instance.patient_id,
            "patient_name": instance.patient.full_name,
            **record_texts(instance),
            "last_edited_by": person(instance.last_edited_by),
            "last_edited_by_client": api_client(instance.last_edited_by_client),
            "last_edited_at": iso_datetime(instance.last_edited_at),
            "created_at": iso_datetime(instance.created_at),
            "updated_at": iso_datetime(instance.updated_at),
        }


def record_texts(entry):
    """The fields an entry shows in the list and in the timeline alike."""
    return {
        "entry_date": iso_date(entry.entry_date),
        "diagnosis": entry.diagnosis,
        "treatment_plan": entry.treatment_plan,
        "medications_text": entry.medications_text,
        "notes": entry.notes,
        "appointment": entry.appointment_id,
        "author": person(entry.author),
        "author_client": api_client(entry.author_client),
        "version": entry.version,
    }


class RecordEntryCreateInput(serializers.Serializer):
    patient = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    entry_date = serializers.DateField()
    diagnosis = _text()
    treatment_plan = _text()
    medications_text = _text()
    notes = _text()
    appointment = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="The visit this entry documents: an appointment of the same patient. Fixed once written.",
    )


class RecordEntryUpdateInput(serializers.Serializer):
    entry_date = serializers.DateField(required=False)
    diagnosis = _text()
    treatment_plan = _text()
    medications_text = _text()
    notes = _text()
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="The version you edited; if the entry has changed since, the edit is refused (409).",
    )


class RecordRevisionOutput(serializers.ModelSerializer):
    class Meta:
        model = RecordRevision
        fields = [
            "revision",
            "entry_date",
            "diagnosis",
            "treatment_plan",
            "medications_text",
            "notes",
            "written_by",
            "written_by_client",
            "written_at",
            "edited_by",
            "edited_by_client",
            "edited_at",
        ]
        read_only_fields = fields

    # Each a person or an API client; the other is null.
    written_by = PersonOutput(read_only=True, allow_null=True)
    written_by_client = ApiClientSummaryOutput(read_only=True, allow_null=True)
    edited_by = PersonOutput(read_only=True, allow_null=True)
    edited_by_client = ApiClientSummaryOutput(read_only=True, allow_null=True)


# --- Medications -------------------------------------------------------------------------------


class MedicationOutput(serializers.ModelSerializer):
    class Meta:
        model = Medication
        fields = [
            "id",
            "patient",
            "patient_name",
            "name",
            "dose",
            "frequency",
            "start_date",
            "end_date",
            "active",
            "notes",
            "prescriber",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    patient = serializers.IntegerField(source="patient_id", read_only=True)
    patient_name = StrictCharField(source="patient.full_name", read_only=True)
    prescriber = PersonOutput(read_only=True)


class MedicationChangeOutput(serializers.ModelSerializer):
    class Meta:
        model = MedicationChange
        fields = ["kind", "changed_fields", "before", "after", "changed_by", "changed_at"]
        read_only_fields = fields

    changed_fields = serializers.ListField(child=StrictCharField(), read_only=True)
    before = serializers.DictField(read_only=True, allow_null=True)
    after = serializers.DictField(read_only=True)
    changed_by = PersonOutput(read_only=True)


class MedicationDetailOutput(MedicationOutput):
    class Meta(MedicationOutput.Meta):
        fields = [*MedicationOutput.Meta.fields, "history"]
        read_only_fields = fields

    history = MedicationChangeOutput(source="changes", many=True, read_only=True)


class MedicationCreateInput(serializers.Serializer):
    patient = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    name = StrictCharField(max_length=200)
    dose = StrictCharField(max_length=100)
    frequency = StrictCharField(max_length=100)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    notes = _text(5000)


class MedicationUpdateInput(serializers.Serializer):
    name = StrictCharField(max_length=200, required=False)
    dose = StrictCharField(max_length=100, required=False)
    frequency = StrictCharField(max_length=100, required=False)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False, allow_null=True)
    active = StrictBooleanField(
        required=False, help_text="`false` ends the medication (today, unless an end date is given); it stays listed."
    )
    notes = _text(5000)


# --- Reports -----------------------------------------------------------------------------------


class ReportOutput(serializers.ModelSerializer):
    class Meta:
        model = MedicalReport
        fields = [
            "id",
            "patient",
            "patient_name",
            "title",
            "description",
            "original_filename",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "created_at",
            "file_url",
        ]
        read_only_fields = fields

    patient = serializers.IntegerField(source="patient_id", read_only=True)
    patient_name = StrictCharField(source="patient.full_name", read_only=True)
    uploaded_by = PersonOutput(read_only=True)
    file_url = serializers.SerializerMethodField()

    def get_file_url(self, report: MedicalReport) -> str:
        return reverse("report-file", kwargs={"report_id": report.pk})


class ReportUploadInput(serializers.Serializer):
    patient = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    title = StrictCharField(max_length=200)
    description = _text(5000)
    # Emptiness is the service's call, so that it answers with its own code.
    file = serializers.FileField(allow_empty_file=True, use_url=False)
