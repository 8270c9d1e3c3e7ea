"""Reads of clinical data. Every selector takes the acting user and filters by it in the queryset."""

from .medications import medication_get, medication_list
from .records import record_get, record_list, record_revision_list
from .reports import report_get, report_list
from .scope import clinical_patient_get, clinical_scope_q
from .timeline import timeline_feed

__all__ = [
    "clinical_patient_get",
    "clinical_scope_q",
    "medication_get",
    "medication_list",
    "record_get",
    "record_list",
    "record_revision_list",
    "report_get",
    "report_list",
    "timeline_feed",
]
