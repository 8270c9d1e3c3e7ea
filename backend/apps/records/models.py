"""Clinical records: dated entries with revisions, medications with a change history, report files.

Every free text (and anything that names a condition or a drug) is encrypted at rest. Nothing
clinical is ever deleted: entries keep their earlier texts as revisions, an ended medication stays
in the list, and a deleted report is only marked deleted (its encrypted file is kept).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from apps.core.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField
from apps.core.models import TimeStampedModel

RECORD_TEXT_FIELDS = ("diagnosis", "treatment_plan", "medications_text", "notes")


def _one_of(name: str) -> Q:
    """The row names a person in `name` or an API client in `name_client`: exactly one of the two."""
    person, client = f"{name}__isnull", f"{name}_client__isnull"
    return Q(**{person: False, client: True}) | Q(**{person: True, client: False})


class RecordEntry(TimeStampedModel):
    """One dated clinical entry for a patient. `version` counts the edits (1 = as first written)."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="record_entries")
    # The author: a person or an API client (apps.core.actors), exactly one of the two.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author_client = models.ForeignKey(
        "clients.ApiClient", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entry_date = models.DateField()
    diagnosis = EncryptedTextField(blank=True, default="")
    treatment_plan = EncryptedTextField(blank=True, default="")
    medications_text = EncryptedTextField(blank=True, default="")
    notes = EncryptedTextField(blank=True, default="")
    # The visit this entry documents, if any: always one of the same patient (checked by the service).
    appointment = models.ForeignKey(
        "scheduling.Appointment", on_delete=models.PROTECT, null=True, blank=True, related_name="record_entries"
    )
    version = models.PositiveIntegerField(default=1)
    # Who wrote the current version when it is not the first (the author wrote version 1).
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_edited_by_client = models.ForeignKey(
        "clients.ApiClient", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["entry_date", "created_at", "id"]
        indexes = [models.Index(fields=["patient", "entry_date"], name="records_entry_patient_date")]
        constraints = [
            models.CheckConstraint(condition=Q(version__gte=1), name="records_entry_version_positive"),
            models.CheckConstraint(condition=_one_of("author"), name="records_entry_author_one"),
            models.CheckConstraint(
                condition=Q(last_edited_by__isnull=True) | Q(last_edited_by_client__isnull=True),
                name="records_entry_last_edited_by_one",
            ),
        ]

    def __str__(self) -> str:
        return f"Record entry {self.pk} ({self.entry_date})"


class RecordRevision(models.Model):
    """An earlier text of an entry: `revision` N is version N as it was before `edited_by` changed it."""

    entry = models.ForeignKey(RecordEntry, on_delete=models.PROTECT, related_name="revisions")
    revision = models.PositiveIntegerField()
    entry_date = models.DateField()
    diagnosis = EncryptedTextField(blank=True, default="")
    treatment_plan = EncryptedTextField(blank=True, default="")
    medications_text = EncryptedTextField(blank=True, default="")
    notes = EncryptedTextField(blank=True, default="")
    # Who wrote this version and when (the author or an earlier editor), kept so history reads on its own.
    # Each a person or an API client, exactly one of the two.
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    written_by_client = models.ForeignKey(
        "clients.ApiClient", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    written_at = models.DateTimeField()
    # The edit that replaced this version.
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    edited_by_client = models.ForeignKey(
        "clients.ApiClient", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField()

    class Meta:
        ordering = ["entry", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "revision"], name="records_revision_unique_number"),
            models.CheckConstraint(condition=Q(revision__gte=1), name="records_revision_positive"),
            models.CheckConstraint(condition=_one_of("written_by"), name="records_revision_written_by_one"),
            models.CheckConstraint(condition=_one_of("edited_by"), name="records_revision_edited_by_one"),
        ]

    def __str__(self) -> str:
        return f"Revision {self.revision} of record entry {self.entry_id}"


class Medication(TimeStampedModel):
    """A prescription. Ending it (inactive, with an end date) keeps it in the patient's history."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="medications")
    prescriber = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    name = EncryptedCharField(max_length=200)
    dose = EncryptedCharField(max_length=100)
    frequency = EncryptedCharField(max_length=100)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)
    notes = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["patient", "active"], name="records_medication_patient")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="records_medication_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Medication {self.pk}"


class MedicationChangeKind(models.TextChoices):
    STARTED = "started", "Started"
    CHANGED = "changed", "Changed"
    ENDED = "ended", "Ended"


class MedicationChange(models.Model):
    """One step of a medication's history: what it was before and after, who changed it and when."""

    medication = models.ForeignKey(Medication, on_delete=models.PROTECT, related_name="changes")
    # Copied from the medication so the patient timeline reads one table with one index.
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=MedicationChangeKind.choices)
    changed_fields = models.JSONField(default=list)
    # The medication's values before (null when started) and after the change.
    before = EncryptedJSONField(null=True, blank=True)
    after = EncryptedJSONField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["patient", "-changed_at"], name="records_medchange_patient")]

    def __str__(self) -> str:
        return f"Medication {self.medication_id} {self.kind}"


class MedicalReport(TimeStampedModel):
    """An uploaded document, stored encrypted under a random name and served only by the download API."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="medical_reports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = EncryptedCharField(max_length=200)
    description = EncryptedTextField(blank=True, default="")
    # A file name can say as much as the file, so it is encrypted too.
    original_filename = EncryptedCharField(max_length=150)
    content_type = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=64, unique=True, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["patient", "-created_at"], name="records_report_patient")]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="records_report_not_empty"),
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True, deleted_by__isnull=True)
                | Q(deleted_at__isnull=False, deleted_by__isnull=False),
                name="records_report_deleted_by_with_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Medical report {self.pk}"
