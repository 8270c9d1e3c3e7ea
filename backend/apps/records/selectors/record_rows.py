"""One patient's record entries, read with one hand-written statement (`apps.core.rows`).

The record list asked for one patient (`records/?patient=`, how a chart shows them) is the
clinical read a doctor repeats all day. The caller's scope is checked first, by the same
`clinical_patient_get` every clinical read uses; the entries are then simply that patient's.
"""

from datetime import date
from typing import Any

from apps.accounts.models import User, full_name_of
from apps.core.rows import Rows, order_terms, quote
from apps.core.serializers import iso_date, iso_datetime

from ..models import RecordEntry

_E, _U = RecordEntry._meta, User._meta
_PERSON = ("id", "first_name", "last_name", "username", "role")
_COLUMNS: list[tuple[str, Any]] = [
    *(
        ("e", _E.get_field(name))
        for name in (
            "id",
            "entry_date",
            "diagnosis",
            "treatment_plan",
            "medications_text",
            "notes",
            "appointment",
            "version",
            "last_edited_at",
            "created_at",
            "updated_at",
        )
    ),
    *(("au", _U.get_field(name)) for name in _PERSON),
    *(("le", _U.get_field(name)) for name in _PERSON),
]
# `ordering=` terms (validated by the view's StableOrderingFilter) and the columns they sort by.
ORDER_COLUMNS = {"entry_date": "e.entry_date", "created_at": "e.created_at", "updated_at": "e.updated_at", "id": "e.id"}


class PatientRecordRows(Rows):
    """The entries of `patient` (whom the caller may read), in a date range, in `RecordEntryOutput`'s shape."""

    columns = _COLUMNS

    def __init__(
        self, *, patient: User, date_from: date | None = None, date_to: date | None = None, ordering: list[str]
    ) -> None:
        self.patient = patient
        self.patient_name = patient.full_name
        where: list[str] = ["e.patient_id = %s"]
        params: list[Any] = [patient.pk]
        if date_from:
            where.append("e.entry_date >= %s")
            params.append(date_from)
        if date_to:
            where.append("e.entry_date <= %s")
            params.append(date_to)
        super().__init__(where, params, order_terms(ordering, ORDER_COLUMNS))

    def from_clause(self, *, for_count: bool) -> str:
        sql = f"FROM {quote(_E.db_table)} e"
        if not for_count:
            sql += f" INNER JOIN {quote(_U.db_table)} au ON au.id = e.author_id"
            sql += f" LEFT OUTER JOIN {quote(_U.db_table)} le ON le.id = e.last_edited_by_id"
        return sql

    def render(self, values: list[Any]) -> dict[str, Any]:
        (pk, entry_date, diagnosis, treatment_plan, medications_text, notes, appointment, version) = values[:8]
        last_edited_at, created_at, updated_at = values[8:11]
        return {
            "id": pk,
            "patient": self.patient.pk,
            "patient_name": self.patient_name,
            "entry_date": iso_date(entry_date),
            "diagnosis": diagnosis,
            "treatment_plan": treatment_plan,
            "medications_text": medications_text,
            "notes": notes,
            "appointment": appointment,
            "author": _person(values[11:16]),
            "version": version,
            "last_edited_by": _person(values[16:21]),
            "last_edited_at": iso_datetime(last_edited_at),
            "created_at": iso_datetime(created_at),
            "updated_at": iso_datetime(updated_at),
        }


def _person(values: list[Any]) -> dict[str, Any] | None:
    pk, first_name, last_name, username, role = values
    if pk is None:
        return None
    return {"id": pk, "full_name": full_name_of(first_name, last_name, username), "role": role}
