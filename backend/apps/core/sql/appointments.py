"""The appointment list: one page of appointments with their patient's and doctor's names, and its count.

Its ORM definition is `apps.scheduling.selectors.appointment_list`; tests/test_hand_written_sql.py
holds the two equal for every role, filter, search and ordering.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection

from .cursor import fetch, statement_cursor

# The appointment's own columns, in the order a page's rows start with them.
OWN_COLUMNS = (
    "id",
    "start",
    "end",
    "status",
    "reason",
    "consultation_notes",
    "booked_by_id",
    "booked_by_client_id",
    "cancelled_by_id",
    "cancelled_by_client_id",
    "cancellation_reason",
    "cancelled_at",
    "completed_at",
    "no_show_at",
    "arrived_at",
    "created_at",
    "updated_at",
)
PERSON_COLUMNS = ("id", "first_name", "last_name", "username")
# Each row: OWN_COLUMNS, then PERSON_COLUMNS of the patient, of the doctor, then the doctor's specialty.
_SELECT = ", ".join(
    [
        *(f'a."{name}"' for name in OWN_COLUMNS),
        *(f'p."{name}"' for name in PERSON_COLUMNS),
        *(f'd."{name}"' for name in PERSON_COLUMNS),
        'dp."specialty"',
    ]
)
ORDER_COLUMNS = {"start": 'a."start"', "created_at": 'a."created_at"', "id": 'a."id"'}


@dataclass(frozen=True)
class AppointmentWhere:
    """What the listed appointments must all satisfy (nothing given: every appointment)."""

    nothing: bool = False  # no appointment at all
    patient_ids: tuple[int, ...] = ()  # the patient is each of these
    doctor_ids: tuple[int, ...] = ()  # the doctor is each of these
    # The doctor is one of the first ids or the patient one of the second (an API client's limits).
    doctor_or_patient_in: tuple[tuple[int, ...], tuple[int, ...]] | None = None
    status: str | None = None
    start_from: datetime | None = None  # start >= this
    start_before: datetime | None = None  # start < this
    name_terms: tuple[str, ...] = ()  # each is in the patient's first or last name, in any case


def _where(where: AppointmentWhere) -> tuple[str, list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []
    if where.nothing:
        conditions.append("1 = 0")
    for column, ids in (("patient_id", where.patient_ids), ("doctor_id", where.doctor_ids)):
        for pk in ids:
            conditions.append(f'a."{column}" = %s')
            params.append(pk)
    if where.doctor_or_patient_in is not None:
        doctors, patients = where.doctor_or_patient_in
        either = [f'a."doctor_id" IN ({_marks(doctors)})'] if doctors else []
        either += [f'a."patient_id" IN ({_marks(patients)})'] if patients else []
        conditions.append(f"({' OR '.join(either)})" if either else "1 = 0")
        params += [*doctors, *patients]
    if where.status is not None:
        conditions.append('a."status" = %s')
        params.append(where.status)
    adapt = connection.ops.adapt_datetimefield_value
    if where.start_from is not None:
        conditions.append('a."start" >= %s')
        params.append(adapt(where.start_from))
    if where.start_before is not None:
        conditions.append('a."start" < %s')
        params.append(adapt(where.start_before))
    for term in where.name_terms:
        # As the ORM's `icontains` on either name.
        like = f"%{connection.ops.prep_for_like_query(term)}%"
        names = (f"UPPER(p.\"{name}\") LIKE UPPER(%s) ESCAPE '\\'" for name in ("first_name", "last_name"))
        conditions.append(f"({' OR '.join(names)})")
        params += [like, like]
    return (f" WHERE {' AND '.join(conditions)}" if conditions else ""), params


def _marks(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def appointment_page(
    where: AppointmentWhere,
    *,
    order_by: Sequence[tuple[str, bool]],
    offset: int,
    limit: int,
    fields: Sequence[Any],
) -> list[list[Any]]:
    """Rows `offset`..`offset + limit` sorted by `order_by` ((ORDER_COLUMNS key, descending) pairs),
    each value converted as `fields` (the model fields of the selected columns, in order)."""
    condition, params = _where(where)
    order = ", ".join(f"{ORDER_COLUMNS[name]} {'DESC' if descending else 'ASC'}" for name, descending in order_by)
    sql = (
        f'SELECT {_SELECT} FROM "scheduling_appointment" a '  # nosec B608 # noqa: S608 - values are parameters
        'INNER JOIN "accounts_user" p ON p."id" = a."patient_id" '
        'INNER JOIN "accounts_user" d ON d."id" = a."doctor_id" '
        'LEFT OUTER JOIN "accounts_doctorprofile" dp ON dp."user_id" = a."doctor_id"'
        f"{condition} ORDER BY {order} LIMIT %s OFFSET %s"
    )
    return fetch(sql, [*params, limit, offset], fields)


def appointment_count(where: AppointmentWhere) -> int:
    condition, params = _where(where)
    # The patient's names are joined only when searched.
    patients = 'INNER JOIN "accounts_user" p ON p."id" = a."patient_id"' if where.name_terms else ""
    with statement_cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM "scheduling_appointment" a {patients}{condition}', params)  # nosec B608 # noqa: S608
        return cursor.fetchone()[0]
