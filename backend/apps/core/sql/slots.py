"""Slot search: the doctors searched with their weekly rules, dated exceptions, booked spans; and
whether a doctor takes a patient, the rule that both slot search and booking apply.

Their ORM definitions are in tests/test_hand_written_sql.py, which holds each equal to its statement.
"""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import connection

from .cursor import fetch, statement_cursor

RULE_COLUMNS = ("weekday", "start_time", "end_time", "slot_minutes")
EXCEPTION_COLUMNS = ("date", "kind", "start_time", "end_time", "slot_minutes")

# Whether the doctor `u` (profile `dp`) takes the patient whose profile is `pp` and whose id is
# the parameter: doctors accepting new patients take anyone; the others their own patients, those
# whose primary doctor they are or who hold an appointment with them that was not cancelled.
TAKES_PATIENT = (
    '(dp."accepting_new_patients" OR pp."primary_doctor_id" = u."id" OR EXISTS ('
    'SELECT 1 FROM "scheduling_appointment" seen WHERE seen."doctor_id" = u."id" '
    'AND seen."patient_id" = %s AND seen."status" <> \'cancelled\'))'
)
_DOCTORS = (
    'FROM "accounts_user" u INNER JOIN "accounts_doctorprofile" dp ON dp."user_id" = u."id" '
    'LEFT OUTER JOIN "accounts_patientprofile" pp ON pp."user_id" = %s '
)
_ACTIVE_DOCTOR = 'u."role" = \'doctor\' AND u."is_active"'


def _marks(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def doctor_takes_patient(doctor_id: int, patient_id: int) -> bool:
    """Whether the doctor `doctor_id` takes the patient `patient_id` (TAKES_PATIENT)."""
    sql = f'SELECT 1 {_DOCTORS}WHERE u."id" = %s AND {TAKES_PATIENT}'
    with statement_cursor() as cursor:
        cursor.execute(sql, [patient_id, doctor_id, patient_id])
        return cursor.fetchone() is not None


def searched_doctors(
    *, patient_id: int | None, specialty: str | None, doctor_id: int | None, fields: Sequence[Any]
) -> list[list[Any]]:
    """Active doctors with their weekly rules: exactly `doctor_id`, or those who take the patient
    (TAKES_PATIENT; without a patient, those accepting new patients); of `specialty` in any case.

    A row per doctor and weekly rule (one with NULL rule columns for a doctor without rules):
    id, first name, last name, username, specialty, whether they are the patient's primary doctor,
    then RULE_COLUMNS; each value converted as `fields` (the model fields in that order).
    """
    params: list[Any] = [patient_id]
    where = _ACTIVE_DOCTOR
    if doctor_id is not None:
        where += ' AND u."id" = %s'
        params.append(doctor_id)
    else:
        where += f" AND {TAKES_PATIENT}"
        params.append(patient_id)
    if specialty:
        where += ' AND UPPER(dp."specialty") = UPPER(%s)'
        params.append(specialty)
    rules = ", ".join(f'r."{name}"' for name in RULE_COLUMNS)
    sql = (
        'SELECT u."id", u."first_name", u."last_name", u."username", dp."specialty", '
        f'COALESCE(pp."primary_doctor_id" = u."id", FALSE), {rules} {_DOCTORS}'
        'LEFT OUTER JOIN "scheduling_availabilityrule" r ON r."doctor_id" = u."id" '
        f"WHERE {where}"
    )
    return fetch(sql, params, fields)


def dated_exceptions(doctor_ids: Sequence[int], first: date, last: date, fields: Sequence[Any]) -> list[list[Any]]:
    """The doctors' availability exceptions on days first..last: doctor id, then EXCEPTION_COLUMNS."""
    if not doctor_ids:
        return []
    columns = ", ".join(f'x."{name}"' for name in EXCEPTION_COLUMNS)
    sql = (
        f'SELECT x."doctor_id", {columns} FROM "scheduling_availabilityexception" x '  # nosec B608 # noqa: S608
        f'WHERE x."doctor_id" IN ({_marks(doctor_ids)}) AND x."date" >= %s AND x."date" <= %s'
    )
    adapt = connection.ops.adapt_datefield_value
    return fetch(sql, [*doctor_ids, adapt(first), adapt(last)], fields)


def booked_spans(doctor_ids: Sequence[int], lower: datetime, upper: datetime, fields: Sequence[Any]) -> list[list[Any]]:
    """The doctors' booked appointments that overlap [lower, upper): doctor id, start, end."""
    if not doctor_ids:
        return []
    sql = (
        'SELECT a."doctor_id", a."start", a."end" FROM "scheduling_appointment" a '  # nosec B608 # noqa: S608
        f'WHERE a."doctor_id" IN ({_marks(doctor_ids)}) AND a."status" = \'booked\' '
        'AND a."start" < %s AND a."end" > %s'
    )
    adapt = connection.ops.adapt_datetimefield_value
    return fetch(sql, [*doctor_ids, adapt(upper), adapt(lower)], fields)
