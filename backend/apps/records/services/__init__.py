"""Writes of clinical data. Every service takes the acting user, checks their right and audits."""

from .files import report_files_rotate
from .medications import medication_create, medication_update
from .records import record_create, record_update
from .reports import report_delete, report_file_read, report_upload

__all__ = [
    "medication_create",
    "medication_update",
    "record_create",
    "record_update",
    "report_delete",
    "report_file_read",
    "report_files_rotate",
    "report_upload",
]
