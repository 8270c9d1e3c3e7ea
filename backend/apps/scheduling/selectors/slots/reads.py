"""What a slot search reads: doctors with their weekly rules, dated exceptions and booked spans.

The reads of every search (exceptions, booked spans, the doctors of `slots/next/`) are statements
of apps.core.sql.slots: through the ORM they cost these endpoints more than half of their
throughput goal (docs/adr/0003-hand-written-sql.md). Here their values become rows.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import NamedTuple

from apps.accounts.models import DoctorProfile, Role, User, full_name_of
from apps.accounts.selectors import could_be_user_id
from apps.core.sql import slots as sql

from ...models import Appointment, AvailabilityException, AvailabilityRule
from ..appointments import DoctorProfileRow, DoctorRow
from .days import Busy, ExceptionRow, RuleRow, micros

_RULE_FIELDS = [AvailabilityRule._meta.get_field(name) for name in sql.RULE_COLUMNS]
_EXCEPTION_FIELDS = [AvailabilityException._meta.get_field(name) for name in sql.EXCEPTION_COLUMNS]
_SPAN_FIELDS = [Appointment._meta.get_field(name) for name in ("doctor", "start", "end")]
_U = User._meta
_DOCTOR_FIELDS = [
    *(_U.get_field(name) for name in ("id", "first_name", "last_name", "username")),
    DoctorProfile._meta.get_field("specialty"),
    None,  # whether they are the patient's primary doctor
    *_RULE_FIELDS,
]


def weekly_rules(doctor_ids: Iterable[int]) -> dict[int, list[RuleRow]]:
    """Each doctor's weekly rules (one query)."""
    rules: dict[int, list[RuleRow]] = defaultdict(list)
    rows = AvailabilityRule.objects.filter(doctor_id__in=doctor_ids).values_list("doctor_id", *RuleRow._fields)
    for doctor_id, *values in rows:
        rules[doctor_id].append(RuleRow(*values))
    return rules


def active_doctor_rules(doctor_id: int) -> list[RuleRow] | None:
    """The weekly rules of the active doctor `doctor_id` (one query), or None for any other id."""
    if not could_be_user_id(doctor_id):
        return None
    rows = list(
        User.objects.filter(pk=doctor_id, role=Role.DOCTOR, is_active=True).values_list(
            "pk", *(f"availability_rules__{name}" for name in RuleRow._fields)
        )
    )
    if not rows:
        return None
    # A doctor comes once per rule, or once with NULLs when they have none (a weekday is never NULL).
    return [RuleRow(*values) for _, *values in rows if values[0] is not None]


def dated_exceptions(doctor_ids: list[int], first: date, last: date) -> dict[int, dict[date, list[ExceptionRow]]]:
    """Each doctor's exceptions on days first..last, by day (one statement)."""
    exceptions: dict[int, dict[date, list[ExceptionRow]]] = defaultdict(dict)
    for doctor_id, *values in sql.dated_exceptions(doctor_ids, first, last, [None, *_EXCEPTION_FIELDS]):
        row = ExceptionRow(*values)
        exceptions[doctor_id].setdefault(row.date, []).append(row)
    return exceptions


def booked_spans(doctor_ids: list[int], lower: datetime, upper: datetime) -> dict[int, Busy]:
    """Each doctor's booked appointments that overlap [lower, upper), in microseconds (one statement)."""
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for doctor_id, start, end in sql.booked_spans(doctor_ids, lower, upper, _SPAN_FIELDS):
        spans[doctor_id].append((micros(start), micros(end)))
    return {doctor_id: Busy(doctor_spans) for doctor_id, doctor_spans in spans.items()}


class SearchedDoctors(NamedTuple):
    by_id: dict[int, DoctorRow]
    names: dict[int, tuple[str, str]]  # last name, first name: the order of ties
    primary_id: int | None  # the caller's primary doctor, when searched
    rules: dict[int, list[RuleRow]]


def searched_doctors(actor: User, specialty: str | None, doctor_id: int | None) -> SearchedDoctors:
    """The doctors a search covers, with their weekly rules (one statement): exactly the active
    doctor `doctor_id`, or the active doctors who take the caller; of `specialty` when given."""
    patient_id = actor.pk if actor.is_patient else None
    rows = sql.searched_doctors(patient_id=patient_id, specialty=specialty, doctor_id=doctor_id, fields=_DOCTOR_FIELDS)
    found = SearchedDoctors({}, {}, None, {})
    primary_id = None
    for pk, first_name, last_name, username, specialty_name, is_primary, *rule in rows:
        if pk not in found.by_id:
            full_name = full_name_of(first_name, last_name, username)
            found.by_id[pk] = DoctorRow(pk, full_name, DoctorProfileRow(specialty_name))
            found.names[pk] = (last_name, first_name)
            found.rules[pk] = []
            primary_id = pk if is_primary else primary_id
        if rule[0] is not None:  # a rule's weekday is never NULL: NULL means no rule
            found.rules[pk].append(RuleRow(*rule))
    return found._replace(primary_id=primary_id)
