"""One patient's record entries, read with one hand-written statement (`apps.core.rows`) into plain rows.

The record list asked for one patient (`records/?patient=`, how a chart shows them) is the
clinical read a doctor repeats all day. The caller's scope is a condition of the same statement
(`clinical_patient_sql`, the SQL twin of the scope every clinical read uses): a patient outside it
has no rows, as the list through the ORM gives.
"""

from datetime import date, datetime
from typing import Any, NamedTuple

from apps.accounts.models import User
from apps.accounts.selectors import PERSON_FIELDS, PersonRow, person_row
from apps.core.rows import Rows, order_terms, quote

from ..models import RecordEntry
from .scope import clinical_patient_sql

_E, _U = RecordEntry._meta, User._meta
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
    *(("p", _U.get_field(name)) for name in PERSON_FIELDS),
    *(("au", _U.get_field(name)) for name in PERSON_FIELDS),
    *(("le", _U.get_field(name)) for name in PERSON_FIELDS),
]
_OWN = 11  # the entry's own columns above, in RecordRow's order
# `ordering=` terms (validated by the view's StableOrderingFilter) and the columns they sort by.
ORDER_COLUMNS = {"entry_date": "e.entry_date", "created_at": "e.created_at", "updated_at": "e.updated_at", "id": "e.id"}


class RecordRow(NamedTuple):
    """What RecordEntryOutput and the list's audit take of an entry."""

    pk: int
    entry_date: date
    diagnosis: str
    treatment_plan: str
    medications_text: str
    notes: str
    appointment_id: int | None
    version: int
    last_edited_at: datetime | None
    created_at: datetime
    updated_at: datetime
    patient: PersonRow
    author: PersonRow
    last_edited_by: PersonRow | None

    @property
    def patient_id(self) -> int:
        return self.patient.pk


class PatientRecordRows(Rows):
    """The entries of one patient in a date range, as RecordRows: none if `actor` may not read them."""

    columns = _COLUMNS

    def __init__(
        self,
        *,
        actor: User,
        patient_id: int,
        date_from: date | None = None,
        date_to: date | None = None,
        ordering: list[str],
    ) -> None:
        scope = clinical_patient_sql(actor, patient_id, "p")
        where: list[str] = ["e.patient_id = %s", scope[0] if scope else "FALSE"]
        params: list[Any] = [patient_id, *(scope[1] if scope else [])]
        if date_from:
            where.append("e.entry_date >= %s")
            params.append(date_from)
        if date_to:
            where.append("e.entry_date <= %s")
            params.append(date_to)
        super().__init__(where, params, order_terms(ordering, ORDER_COLUMNS))

    def from_clause(self, *, for_count: bool) -> str:
        sql = f"FROM {quote(_E.db_table)} e INNER JOIN {quote(_U.db_table)} p ON p.id = e.patient_id"
        if not for_count:
            sql += f" INNER JOIN {quote(_U.db_table)} au ON au.id = e.author_id"
            sql += f" LEFT OUTER JOIN {quote(_U.db_table)} le ON le.id = e.last_edited_by_id"
        return sql

    def row(self, values: list[Any]) -> RecordRow:
        editor = values[_OWN + 10 : _OWN + 15]
        return RecordRow._make(
            [
                *values[:_OWN],
                person_row(values[_OWN : _OWN + 5]),
                person_row(values[_OWN + 5 : _OWN + 10]),
                person_row(editor) if editor[0] is not None else None,
            ]
        )
