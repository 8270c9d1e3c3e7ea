"""The appointment list, read with one hand-written statement into plain rows.

The list is the busiest read of the API: a doctor's day, a patient's upcoming visits, the staff
schedule. Through the ORM, compiling its joined queryset and building four model instances per
row cost several times the database's own work (bench/README.md). Here the same rows come from one
SQL statement as named tuples that carry what `AppointmentOutput` reads of an appointment
(tests/test_hand_written_output.py compares both for every role and filter).

The scope is `appointment_scope_q`'s: a patient their own, a doctor theirs, nurses and admins all.
Values are always parameters; only the model's own table and column names are formatted in.
"""

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from django.db import connection

from apps.accounts.models import DoctorProfile, User
from apps.accounts.selectors import PERSON_FIELDS, PersonRow, person_row
from apps.core.rows import Rows, column, order_terms, quote

from ..models import Appointment
from .appointments import _clinic_midnight

if TYPE_CHECKING:
    from apps.clients.principal import ApiClientPrincipal

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
    *(("p", _U.get_field(name)) for name in PERSON_FIELDS),
    *(("d", _U.get_field(name)) for name in PERSON_FIELDS),
    ("dp", _P.get_field("specialty")),
]
_OWN = 13  # the appointment's own columns above, in AppointmentRow's order


class DoctorProfileRow(NamedTuple):
    specialty: str


class DoctorRow(NamedTuple):
    pk: int
    full_name: str
    role: str
    doctor_profile: DoctorProfileRow


class AppointmentRow(NamedTuple):
    """What AppointmentOutput and the read audit take of an appointment, its patient and its doctor."""

    pk: int
    start: datetime
    end: datetime
    status: str
    reason: str
    consultation_notes: str
    booked_by_id: int | None
    cancelled_by_id: int | None
    cancellation_reason: str
    cancelled_at: datetime | None
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    patient: PersonRow
    doctor: DoctorRow

    @property
    def patient_id(self) -> int:
        return self.patient.pk


# `ordering=` terms (validated by the view's OrderingFilter) and the columns they sort by.
ORDER_COLUMNS = {"start": "a.start", "created_at": "a.created_at", "id": "a.id"}


class AppointmentRows(Rows):
    """The rows `actor` may see, narrowed like `appointment_list`; sliceable and countable for the paginator."""

    columns = _COLUMNS

    def __init__(
        self,
        *,
        actor: User,
        filters: dict[str, Any] | None = None,
        search_terms: list[str] | None = None,
        ordering: list[str] | None = None,
    ) -> None:
        self.search_terms = search_terms or []
        where, params = _where(actor, filters or {}, self.search_terms)
        super().__init__(where, params, order_terms(ordering or ["start", "id"], ORDER_COLUMNS))

    def from_clause(self, *, for_count: bool) -> str:
        sql = f"FROM {quote(_A.db_table)} a"
        if not for_count or self.search_terms:
            sql += f" INNER JOIN {quote(_U.db_table)} p ON p.id = a.patient_id"
        if not for_count:
            sql += f" INNER JOIN {quote(_U.db_table)} d ON d.id = a.doctor_id"
            sql += f" LEFT OUTER JOIN {quote(_P.db_table)} dp ON dp.user_id = a.doctor_id"
        return sql

    def row(self, values: list[Any]) -> AppointmentRow:
        doctor = person_row(values[_OWN + 5 : _OWN + 10])
        return AppointmentRow._make(
            [
                *values[:_OWN],
                person_row(values[_OWN : _OWN + 5]),
                DoctorRow(*doctor, DoctorProfileRow(values[_OWN + 10])),
            ]
        )


def _where(actor: User, filters: dict[str, Any], search_terms: list[str]) -> tuple[list[str], list[Any]]:
    """`appointment_scope_q` and `appointment_list`'s filters, and SearchFilter's terms, as SQL."""
    where: list[str] = []
    params: list[Any] = []
    if actor.is_patient:
        where.append("a.patient_id = %s")
        params.append(actor.pk)
    elif actor.is_doctor:
        where.append("a.doctor_id = %s")
        params.append(actor.pk)
    elif actor.is_api_client:
        condition = cast("ApiClientPrincipal", actor).appointment_sql("a")
        if condition is not None:
            where.append(condition[0])
            params.extend(condition[1])
    elif not (actor.is_nurse or actor.is_admin):
        where.append("1 = 0")
    for name, column_name in (("doctor", "a.doctor_id"), ("patient", "a.patient_id"), ("status", "a.status")):
        if filters.get(name):
            where.append(f"{column_name} = %s")
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
    names = [column("p", _U.get_field(name)) for name in ("first_name", "last_name")]
    for term in search_terms:
        # Like the ORM's `icontains` on either name (SearchFilter: every term must match one).
        like = f"%{connection.ops.prep_for_like_query(term)}%"
        where.append("(" + " OR ".join(f"UPPER({name}) LIKE UPPER(%s) ESCAPE '\\'" for name in names) + ")")
        params += [like, like]
    return where, params
