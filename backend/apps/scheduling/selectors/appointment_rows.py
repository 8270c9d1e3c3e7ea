"""The appointment list, read with one hand-written statement and rendered straight from its rows.

The list is the busiest read of the API: a doctor's day, a patient's upcoming visits, the staff
schedule. Through the ORM, compiling its joined queryset and building four model instances per
row cost several times the database's own work (bench/README.md). Here the same rows come from one
SQL statement and each row becomes the API's JSON directly, in the shape `AppointmentOutput`
declares (tests/test_hand_written_output.py compares the two for every role and filter).

The scope is `appointment_scope_q`'s: a patient their own, a doctor theirs, nurses and admins all.
Values are always parameters; only the model's own table and column names are formatted in.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection

from apps.accounts.models import DoctorProfile, User, full_name_of
from apps.core.serializers import iso_datetime

from ..models import Appointment
from .appointments import _clinic_midnight

_A, _U, _P = Appointment._meta, User._meta, DoctorProfile._meta
# What each row selects: (table alias, model field), in this order.
_COLUMNS: list[tuple[str, Any]] = [
    *(
        ("a", _A.get_field(name))
        for name in (
            "id",
            "start",
            "end",
            "status",
            "reason",
            "consultation_notes",
            "booked_by",
            "cancelled_by",
            "cancellation_reason",
            "cancelled_at",
            "completed_at",
            "created_at",
            "updated_at",
        )
    ),
    *(("p", _U.get_field(name)) for name in ("id", "first_name", "last_name", "username")),
    *(("d", _U.get_field(name)) for name in ("id", "first_name", "last_name", "username")),
    ("dp", _P.get_field("specialty")),
]
# `ordering=` terms (validated by the view's OrderingFilter) and the columns they sort by.
ORDER_COLUMNS = {"start": "a.start", "created_at": "a.created_at", "id": "a.id"}


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(alias: str, model_field: Any) -> str:
    return f"{alias}.{_q(model_field.column)}"


@dataclass
class AppointmentRows:
    """The rows `actor` may see, narrowed like `appointment_list`; sliceable and countable for the paginator."""

    actor: User
    filters: dict[str, Any] = field(default_factory=dict)
    search_terms: list[str] = field(default_factory=list)
    ordering: list[str] = field(default_factory=lambda: ["start", "id"])

    def __post_init__(self) -> None:
        self.where, self.params = self._where()

    def _where(self) -> tuple[list[str], list[Any]]:
        actor, filters = self.actor, self.filters
        where: list[str] = []
        params: list[Any] = []
        if actor.is_patient:
            where.append("a.patient_id = %s")
            params.append(actor.pk)
        elif actor.is_doctor:
            where.append("a.doctor_id = %s")
            params.append(actor.pk)
        elif not (actor.is_nurse or actor.is_admin):
            where.append("1 = 0")
        for name, column in (("doctor", "a.doctor_id"), ("patient", "a.patient_id"), ("status", "a.status")):
            if filters.get(name):
                where.append(f"{column} = %s")
                params.append(filters[name])
        start = _A.get_field("start")
        date_from: date | None = filters.get("date_from")
        date_to: date | None = filters.get("date_to")
        if date_from:
            where.append("a.start >= %s")
            params.append(start.get_db_prep_value(_clinic_midnight(date_from), connection))
        if date_to:
            where.append("a.start < %s")
            params.append(start.get_db_prep_value(_clinic_midnight(date_to) + timedelta(days=1), connection))
        for term in self.search_terms:
            # Like the ORM's `icontains` on either name (SearchFilter: every term must match).
            like = f"%{connection.ops.prep_for_like_query(term)}%"
            names = [_column("p", _U.get_field(name)) for name in ("first_name", "last_name")]
            where.append("(" + " OR ".join(f"UPPER({name}) LIKE UPPER(%s) ESCAPE '\\'" for name in names) + ")")
            params += [like, like]
        return where, params

    def _from(self, *, people: bool) -> str:
        sql = f"FROM {_q(_A.db_table)} a"
        if people or self.search_terms:
            sql += f" INNER JOIN {_q(_U.db_table)} p ON p.id = a.patient_id"
        if people:
            sql += f" INNER JOIN {_q(_U.db_table)} d ON d.id = a.doctor_id"
            sql += f" LEFT OUTER JOIN {_q(_P.db_table)} dp ON dp.user_id = a.doctor_id"
        return sql + (" WHERE " + " AND ".join(self.where) if self.where else "")

    def _order_by(self) -> str:
        terms = [
            f"{ORDER_COLUMNS[term.lstrip('-')]} {'DESC' if term.startswith('-') else 'ASC'}" for term in self.ordering
        ]
        if not any(term.lstrip("-") == "id" for term in self.ordering):
            terms.append("a.id DESC" if self.ordering and self.ordering[0].startswith("-") else "a.id ASC")
        return ", ".join(terms)

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) {self._from(people=False)}", self.params)  # nosec B608
            return cursor.fetchone()[0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        if not isinstance(index, slice) or index.step not in (None, 1) or index.stop is None:
            raise TypeError("Appointments are read a page at a time.")
        start = index.start or 0
        if index.stop <= start:
            return []
        columns = ", ".join(_column(alias, model_field) for alias, model_field in _COLUMNS)
        sql = f"SELECT {columns} {self._from(people=True)} ORDER BY {self._order_by()} LIMIT %s OFFSET %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self.params, index.stop - start, start])  # nosec B608  # names only, values bound
            rows = cursor.fetchall()
        converters = _converters()
        return [_render([_convert(value, converters[i]) for i, value in enumerate(row)]) for row in rows]


def _converters() -> list[tuple[Any, list[Any]]]:
    """Per column: its expression and the converters the ORM would apply (decryption, SQLite's dates)."""
    result = []
    for alias, model_field in _COLUMNS:
        column = model_field.get_col(alias)
        result.append((column, connection.ops.get_db_converters(column) + model_field.get_db_converters(connection)))
    return result


def _convert(value: Any, converters: tuple[Any, list[Any]]) -> Any:
    column, functions = converters
    for function in functions:
        value = function(value, column, connection)
    return value


def _render(values: list[Any]) -> dict[str, Any]:
    (
        pk,
        start,
        end,
        status,
        reason,
        notes,
        booked_by,
        cancelled_by,
        cancellation_reason,
        cancelled_at,
        completed_at,
        created_at,
        updated_at,
        patient_id,
        patient_first,
        patient_last,
        patient_username,
        doctor_id,
        doctor_first,
        doctor_last,
        doctor_username,
        specialty,
    ) = values
    return {
        "id": pk,
        "patient": {"id": patient_id, "full_name": full_name_of(patient_first, patient_last, patient_username)},
        "doctor": {
            "id": doctor_id,
            "full_name": full_name_of(doctor_first, doctor_last, doctor_username),
            "specialty": specialty,
        },
        "start": iso_datetime(start),
        "end": iso_datetime(end),
        "status": status,
        "reason": reason,
        "consultation_notes": notes,
        "booked_by": booked_by,
        "cancelled_by": cancelled_by,
        "cancellation_reason": cancellation_reason,
        "cancelled_at": iso_datetime(cancelled_at),
        "completed_at": iso_datetime(completed_at),
        "created_at": iso_datetime(created_at),
        "updated_at": iso_datetime(updated_at),
    }
