"""The world the security tests act on: every party of SPEC section 2 and one object of each kind.

The owner patient (whose primary doctor is the treating doctor) has a future booked appointment,
one that started ten minutes ago, one they arrived for three hours ago, a visit completed a minute
ago (its doctor may still undo that), a record entry, a medication, a report file, a notification and a
calendar feed; both doctors have weekly hours. Path parameters of the API are filled from these objects.
"""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

# Which object of the world each path parameter of the schema names, unless a matrix row says otherwise.
PATH_OBJECTS = {
    "appointment_id": "booked",
    "doctor_id": "doctor",
    "nurse_id": "nurse",
    "patient_id": "owner",
    "record_id": "entry",
    "medication_id": "medication",
    "report_id": "report",
    "notification_id": "notification",
    # The FHIR API's ids (tests/security/schema.py FHIR_ID_PARAMS).
    "encounter_id": "visit",
    "slot_id": "slot",
    "api_client_id": "api_client",
    "endpoint_id": "webhook_endpoint",
    "delivery_id": "webhook_delivery",
}
CLINICAL_MARKER = "clinical-marker-7f3q"
OWNER_MARKER = "Ownermarker"


@pytest.fixture
def world(people, settings, tmp_path):
    """A fresh, complete world for one test (function-scoped, so a destructive write touches no other test)."""
    from apps.clients.services import api_client_create
    from apps.fhir.mappers.scheduling import slot_id
    from apps.notifications.models import Kind, Title
    from apps.notifications.services import notification_create
    from apps.records.models import RecordEntry
    from apps.records.tests.factories import MedicalReportFactory, MedicationFactory
    from apps.scheduling.models import Status
    from apps.scheduling.services import calendar_feed_issue
    from apps.scheduling.tests.factories import AppointmentFactory, days_ahead, local, open_every_day
    from apps.webhooks.models import WebhookDelivery, WebhookEvent
    from apps.webhooks.services import webhook_endpoint_create

    # Slot times below are clinic-local in the default zone; report files go to an empty folder.
    settings.TIME_ZONE = "Europe/London"
    settings.REPORTS_DIR = tmp_path / "reports"
    w = people
    # Every clinical text carries CLINICAL_MARKER and the owner's surname OWNER_MARKER, so a test can
    # tell from a response body alone whether it shows something its caller may not see.
    w.owner.last_name = OWNER_MARKER
    w.owner.save(update_fields=["last_name"])
    open_every_day(w.doctor)
    open_every_day(w.other_doctor)
    w.booked = AppointmentFactory(
        patient=w.owner, doctor=w.doctor, start=local(days_ahead(6), "10:00"), reason=f"{CLINICAL_MARKER} reason"
    )
    w.started = AppointmentFactory(
        patient=w.owner, doctor=w.doctor, start=timezone.now() - timedelta(minutes=10), reason=CLINICAL_MARKER
    )
    w.visit = AppointmentFactory(
        patient=w.owner,
        doctor=w.doctor,
        start=timezone.now() - timedelta(days=3),
        status=Status.COMPLETED,
        reason=CLINICAL_MARKER,
        consultation_notes=f"{CLINICAL_MARKER} visit notes",
        completed_at=timezone.now() - timedelta(days=3),
    )
    w.arrived = AppointmentFactory(
        patient=w.owner,
        doctor=w.doctor,
        start=timezone.now() - timedelta(hours=3),
        arrived_at=timezone.now() - timedelta(hours=3),
        reason=CLINICAL_MARKER,
    )
    w.closed = AppointmentFactory(
        patient=w.owner,
        doctor=w.doctor,
        start=timezone.now() - timedelta(hours=2),
        status=Status.COMPLETED,
        reason=CLINICAL_MARKER,
        consultation_notes=f"{CLINICAL_MARKER} visit notes",
        completed_at=timezone.now() - timedelta(minutes=1),
    )
    # Not the factory: its dates come from a sequence that every entry made in this process moves on.
    w.entry = RecordEntry.objects.create(
        patient=w.owner,
        author=w.doctor,
        entry_date=date(2024, 5, 1),
        diagnosis=f"{CLINICAL_MARKER} diagnosis",
        treatment_plan=CLINICAL_MARKER,
        medications_text=CLINICAL_MARKER,
        notes=CLINICAL_MARKER,
    )
    w.medication = MedicationFactory(
        patient=w.owner, prescriber=w.doctor, name=f"{CLINICAL_MARKER} drug", notes=CLINICAL_MARKER
    )
    w.report = MedicalReportFactory(
        patient=w.owner, uploaded_by=w.doctor, title=f"{CLINICAL_MARKER} ECG", description=CLINICAL_MARKER
    )
    w.notification = notification_create(
        recipient=w.owner, kind=Kind.APPOINTMENT_BOOKED, title=Title.APPOINTMENT_BOOKED, by_email=w.owner.prefers_email
    )
    w.api_client, _ = api_client_create(name="Lab", scopes=["appointments:read"], created_by=w.admin)
    w.feed_token = calendar_feed_issue(actor=w.owner).token
    # The admins' webhook endpoint and one failed delivery of an event about the owner's appointment.
    w.webhook_endpoint, _ = webhook_endpoint_create(
        actor=w.admin, url="https://receiver.example/hooks", event_types=["appointment.booked"]
    )
    event = WebhookEvent.objects.create(message_id="msg_world", type="appointment.booked", data={"id": w.booked.pk})
    w.webhook_delivery = WebhookDelivery.objects.create(
        event=event, endpoint=w.webhook_endpoint, status="failed", attempts=1, last_error="HTTP 500"
    )
    w.free_day = days_ahead(6)
    w.free_slot = local(days_ahead(6), "11:00")
    w.other_free_slot = local(days_ahead(6), "14:00")
    # A derived FHIR Slot: no row, so its id stands in for a primary key.
    w.slot = SimpleNamespace(pk=slot_id(w.doctor.pk, w.free_slot))
    return w
