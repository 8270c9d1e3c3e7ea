"""Condition (record entries), MedicationStatement and DocumentReference, scoped and audited as REST does."""

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from rest_framework.request import Request

from apps.records.models import MedicalReport, Medication, RecordEntry
from apps.records.selectors import (
    medication_get,
    medication_list,
    record_get,
    record_list,
    report_get,
    report_list,
)
from apps.records.services import report_file_read
from apps.records.services.access import (
    MEDICAL_REPORT,
    MEDICATION,
    RECORD_ENTRY,
    clinical_list_audit,
    clinical_read_audit,
)

from ..mappers import clinical
from ..params import Search, SearchParam, date_q, ids_q
from .base import ResourceDef, numeric_id, page, params
from .people import ID, LAST_UPDATED

PATIENT = SearchParam("patient", "reference", "The patient")


def _definition(
    resource_type: str,
    *,
    model: type[Model],
    audit_type: str,
    noun: str,
    getter: Callable[..., Any],
    id_name: str,
    lister: Callable[..., QuerySet],
    mapper: Callable[[Any], dict],
    extra: tuple[SearchParam, ...] = (),
    dated: tuple[str, str] | None = None,
) -> ResourceDef:
    """Read and search of one clinical resource over its REST selectors and audit actions."""
    read_action, list_action = f"{noun}.read", f"{noun}.list"

    def read(request: Request, resource_id: str) -> dict:
        row = getter(actor=request.user, **{id_name: numeric_id(resource_id, resource_type)})
        clinical_read_audit(
            actor=request.user,
            action=read_action,
            resource_type=audit_type,
            resource_id=row.pk,
            patient_id=row.patient_id,
            request=request,
        )
        return mapper(row)

    def search(request: Request, query: Search) -> tuple[list[dict], int]:
        rows = lister(actor=request.user).filter(
            ids_q(query.get("_id"), resource_type),
            date_q(query.get("_lastUpdated"), "_lastUpdated", "updated_at"),
            ids_q(query.get("patient"), "Patient", "patient_id"),
        )
        if dated:
            name, field = dated
            rows = rows.filter(date_q(query.get(name), name, field, is_date=True))
        found, total = page(rows, query)
        clinical_list_audit(
            actor=request.user, action=list_action, resource_type=audit_type, rows=found, request=request
        )
        return [mapper(row) for row in found], total

    dated_param = (SearchParam(dated[0], "date", "The entry's date"),) if dated else ()
    return ResourceDef(
        resource_type,
        read,
        search,
        params(ID, LAST_UPDATED, PATIENT, *extra, *dated_param),
        audit_type=audit_type,
        audit_model=model,
        read_action=read_action,
        search_action=list_action,
    )


RESOURCES = [
    _definition(
        "Condition",
        model=RecordEntry,
        audit_type=RECORD_ENTRY,
        noun="record",
        getter=record_get,
        id_name="record_id",
        lister=record_list,
        mapper=clinical.condition,
        dated=("recorded-date", "entry_date"),
    ),
    _definition(
        "MedicationStatement",
        model=Medication,
        audit_type=MEDICATION,
        noun="medication",
        getter=medication_get,
        id_name="medication_id",
        lister=medication_list,
        mapper=clinical.medication_statement,
    ),
    _definition(
        "DocumentReference",
        model=MedicalReport,
        audit_type=MEDICAL_REPORT,
        noun="report",
        getter=report_get,
        id_name="report_id",
        lister=report_list,
        mapper=clinical.document_reference,
    ),
]


def report_file(request: Request, resource_id: str) -> tuple[MedicalReport, bytes]:
    """Binary/{id}: the report's decrypted file, read and audited by the REST download's service."""
    report = report_get(actor=request.user, report_id=numeric_id(resource_id, "Binary"))
    return report, report_file_read(actor=request.user, report=report, request=request)
