"""Medical reports: uploaded by clinicians in scope, downloaded by those who may read them, soft-deleted."""

import logging

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from apps.accounts.models import User
from apps.audit.models import Outcome
from apps.audit.services import audit_record
from apps.core.events import event_record
from apps.core.fields import DecryptionError
from apps.notifications.models import Kind

from .. import errors
from ..models import MedicalReport
from ..selectors import clinical_patient_get
from ..storage import STORAGE_ERRORS, storage_unreachable
from .access import MEDICAL_REPORT, require_clinician
from .files import file_check, sha256_of, stored_file_discard, stored_file_read, stored_file_write
from .notifications import clinical_event_notify

logger = logging.getLogger(__name__)

# A stored file that cannot be served: missing, unreachable, or no key opens it.
UNREADABLE: tuple[type[Exception], ...] = (*STORAGE_ERRORS, DecryptionError)


def report_upload(
    *,
    actor: User,
    patient_id: int,
    title: str,
    filename: str,
    data: bytes,
    description: str = "",
    request: HttpRequest | None = None,
) -> MedicalReport:
    """Check, encrypt and store a report file for a patient in scope; nothing is kept if any step fails."""
    require_clinician(actor, "Only doctors and nurses upload reports.")
    patient = clinical_patient_get(actor=actor, patient_id=patient_id)
    checked = file_check(name=filename, data=data)
    try:
        storage_name = stored_file_write(data)
    except STORAGE_ERRORS as exc:
        # Only the kind of failure: the file name or content must not reach the log.
        logger.error("The report storage refused a new file (%s).", type(exc).__name__)
        raise errors.StorageUnavailable() from exc
    try:
        with transaction.atomic():
            report = MedicalReport.objects.create(
                patient=patient,
                uploaded_by=actor,
                title=title,
                description=description,
                original_filename=checked.filename,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                storage_name=storage_name,
            )
            audit_record(
                actor=actor,
                action="report.upload",
                resource_type=MEDICAL_REPORT,
                resource_id=report.pk,
                patient=patient,
                request=request,
            )
            clinical_event_notify(kind=Kind.REPORT_ADDED, patient_id=patient.pk, link="/history")
            event_record(type="report.uploaded", data={"id": report.pk, "patient_id": patient.pk})
    except BaseException:
        # The row was not written, so the file must not stay either.
        stored_file_discard(storage_name)
        raise
    return report


@transaction.atomic
def report_delete(*, actor: User, report: MedicalReport, request: HttpRequest | None = None) -> MedicalReport:
    """Mark a report deleted (clinicians in scope); the row and the encrypted file are kept."""
    require_clinician(actor, "Only doctors and nurses delete reports.")
    locked = MedicalReport.objects.select_for_update().get(pk=report.pk)
    if locked.deleted_at is None:
        locked.deleted_at = timezone.now()
        locked.deleted_by = actor
        locked.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit_record(
        actor=actor,
        action="report.delete",
        resource_type=MEDICAL_REPORT,
        resource_id=locked.pk,
        patient=locked.patient_id,
        request=request,
    )
    return locked


def report_file_read(*, actor: User, report: MedicalReport, request: HttpRequest | None = None) -> bytes:
    """The decrypted file of a report the actor may read, checked against its SHA-256; every download audited."""
    try:
        data = _stored_content(report)
        intact = sha256_of(data) == report.sha256
    except UNREADABLE as exc:
        if storage_unreachable(exc):
            logger.error("The report storage could not be reached to read report %s.", report.pk)
            _download_audit(actor, report, request, Outcome.FAILURE)
            raise errors.StorageUnavailable() from exc
        intact = False
    if not intact:
        # The report id is enough for the clinic to find the file; nothing about the patient is logged.
        logger.error("The stored file of report %s is missing, unreadable or fails its SHA-256 check.", report.pk)
        _download_audit(actor, report, request, Outcome.FAILURE)
        raise errors.StoredFileError(
            code=errors.REPORT_FILE_UNAVAILABLE,
            message="This file cannot be served right now. Quote the request id when you report it.",
        )
    _download_audit(actor, report, request, Outcome.SUCCESS)
    return data


def _download_audit(actor: User, report: MedicalReport, request: HttpRequest | None, outcome: str) -> None:
    audit_record(
        actor=actor,
        action="report.download",
        resource_type=MEDICAL_REPORT,
        resource_id=report.pk,
        patient=report.patient_id,
        outcome=outcome,
        request=request,
    )


def _stored_content(report: MedicalReport) -> bytes:
    try:
        return stored_file_read(report.storage_name)
    except FileNotFoundError:
        # Key rotation stores each file anew and moves the row to it: follow the row once if it moved.
        current = MedicalReport.objects.filter(pk=report.pk).values_list("storage_name", flat=True).first()
        if current is None or current == report.storage_name:
            raise
        return stored_file_read(current)
