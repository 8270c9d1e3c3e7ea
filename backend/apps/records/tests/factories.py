import datetime

import factory

from apps.accounts.tests.factories import DoctorFactory, NurseFactory, PatientFactory
from apps.records.models import MedicalReport, Medication, MedicationChange, MedicationChangeKind, RecordEntry
from apps.records.services.files import sha256_of, stored_file_write

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48


class RecordEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordEntry

    patient = factory.SubFactory(PatientFactory)
    author = factory.SubFactory(DoctorFactory)
    # Past days only, however many entries a run creates (an entry cannot be dated in the future).
    entry_date = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 700))
    diagnosis = "Seasonal allergic rhinitis"
    treatment_plan = "Antihistamine for four weeks, review after"
    medications_text = "Cetirizine 10 mg daily"
    notes = "Symptoms worse in the mornings"


class MedicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Medication
        skip_postgeneration_save = True

    patient = factory.SubFactory(PatientFactory)
    prescriber = factory.SubFactory(DoctorFactory)
    name = "Cetirizine"
    dose = "10 mg"
    frequency = "once daily"
    start_date = datetime.date(2024, 3, 1)
    notes = "Take in the evening"

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create:
            MedicationChange.objects.create(
                medication=obj,
                patient_id=obj.patient_id,
                kind=MedicationChangeKind.STARTED,
                changed_fields=["name"],
                before=None,
                after={"name": obj.name},
                changed_by=obj.prescriber,
            )


class MedicalReportFactory(factory.django.DjangoModelFactory):
    """A report with a real encrypted file in the (test) REPORTS_DIR."""

    class Meta:
        model = MedicalReport

    class Params:
        content = PDF

    patient = factory.SubFactory(PatientFactory)
    uploaded_by = factory.SubFactory(NurseFactory)
    title = "Blood panel"
    description = "Full blood count, normal ranges"
    original_filename = "blood-panel.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: sha256_of(o.content))
    storage_name = factory.LazyAttribute(lambda o: stored_file_write(o.content))


def appointment_at(patient, doctor, start, *, status="booked", notes="", minutes=30):
    """An appointment row written directly (the timeline only reads them)."""
    from apps.scheduling.models import Appointment

    return Appointment.objects.create(
        patient=patient,
        doctor=doctor,
        start=start,
        end=start + datetime.timedelta(minutes=minutes),
        status=status,
        reason="Follow-up of the cough",
        consultation_notes=notes,
        completed_at=start + datetime.timedelta(minutes=minutes) if status == "completed" else None,
    )
