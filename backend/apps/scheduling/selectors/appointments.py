"""Appointment reads, scoped by the acting user (outside the scope: not found).

`appointment_list` defines the list; the API's list pages read it through one hand-written
statement (`appointment_rows`, apps.core.sql.appointments), held equal to it by
tests/test_hand_written_sql.py: through the ORM the busiest read of the API missed its
throughput goal (docs/adr/0003-hand-written-sql.md).
"""

import operator
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from functools import reduce
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.accounts.models import DoctorProfile, User, full_name_of
from apps.accounts.selectors import active_doctor_with_profile, scoped_patient_with_profile
from apps.core.errors import NotFoundError
from apps.core.sql import appointments as sql

from ..models import Appointment, Status

if TYPE_CHECKING:
    from apps.clients.principal import ApiClientPrincipal


def appointment_scope_q(actor: User) -> Q:
    """Appointments `actor` may see: a patient their own, a doctor their own, nurses and admins all,
    an API client those of the doctors and patients it is limited to (all, when it has no limits)."""
    if actor.is_patient:
        return Q(patient=actor)
    if actor.is_doctor:
        return Q(doctor=actor)
    if actor.is_nurse or actor.is_admin:
        return Q()
    if actor.is_api_client:
        return cast("ApiClientPrincipal", actor).appointment_q()
    return Q(pk__in=[])


# Dates outside these bounds filter nothing more; clamping keeps far-off dates from overflowing.
_EARLIEST, _LATEST = date(1900, 1, 1), date(2999, 12, 31)


def _clinic_midnight(day: date) -> datetime:
    day = min(max(day, _EARLIEST), _LATEST)
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


# `ordering=` terms the list accepts (each also with "-"), and what it sorts by without one.
ORDERING_FIELDS = ("start", "created_at")
DEFAULT_ORDERING = ("start", "id")
SEARCH_FIELDS = ("patient__first_name", "patient__last_name")


def appointment_list(
    *,
    actor: User,
    filters: dict[str, Any] | None = None,
    search_terms: Sequence[str] = (),
    ordering: Sequence[str] = DEFAULT_ORDERING,
) -> QuerySet[Appointment]:
    """Appointments visible to `actor`, narrowed by doctor, patient, status and clinic-local dates,
    by `search_terms` (each must match the patient's first or last name) and sorted by `ordering`
    (validated terms), then by id so that pages never overlap."""
    filters = filters or {}
    appointments = Appointment.objects.filter(appointment_scope_q(actor)).select_related(
        "patient", "doctor", "doctor__doctor_profile"
    )
    if filters.get("doctor"):
        appointments = appointments.filter(doctor_id=filters["doctor"])
    if filters.get("patient"):
        appointments = appointments.filter(patient_id=filters["patient"])
    if filters.get("status"):
        appointments = appointments.filter(status=filters["status"])
    if filters.get("date_from"):
        appointments = appointments.filter(start__gte=_clinic_midnight(filters["date_from"]))
    if filters.get("date_to"):
        appointments = appointments.filter(start__lt=_clinic_midnight(filters["date_to"]) + timedelta(days=1))
    for term in search_terms:
        appointments = appointments.filter(
            reduce(operator.or_, (Q(**{f"{field}__icontains": term}) for field in SEARCH_FIELDS))
        )
    return appointments.order_by(*_stable(ordering))


def _stable(ordering: Sequence[str]) -> list[str]:
    """`ordering`, then the id (descending when the first term is) unless it is already there."""
    terms = list(ordering)
    if not any(term.lstrip("-") == "id" for term in terms):
        terms.append("-id" if terms and terms[0].startswith("-") else "id")
    return terms


def appointment_get(*, actor: User, appointment_id: int) -> Appointment:
    """One appointment within `actor`'s scope; anything else is not found (its existence stays hidden)."""
    appointment = appointment_list(actor=actor).filter(pk=appointment_id).first()
    if appointment is None:
        raise NotFoundError(code="not_found", message="No appointment with this id.")
    return appointment


def booking_parties(*, actor: User, patient_id: int | None, doctor_id: int) -> tuple[User, User]:
    """The patient (the caller themself, or one in a staff caller's scope) and the active doctor of a booking."""
    if actor.is_patient:
        if patient_id not in (None, actor.pk):
            raise ValidationError({"patient": ["No patient with this id."]})
        patient_id = actor.pk
    elif patient_id is None:
        raise ValidationError({"patient": ["Name the patient this appointment is for."]})
    patient = scoped_patient_with_profile(actor=actor, patient_id=patient_id)
    if patient is None:
        raise ValidationError({"patient": ["No patient with this id."]})
    doctor = active_doctor_with_profile(doctor_id)
    if doctor is None:
        raise ValidationError({"doctor": ["No active doctor with this id."]})
    return patient, doctor


class PersonRow(NamedTuple):
    pk: int
    full_name: str


class DoctorProfileRow(NamedTuple):
    specialty: str


class DoctorRow(NamedTuple):
    pk: int
    full_name: str
    doctor_profile: DoctorProfileRow


class AppointmentRow(NamedTuple):
    """What AppointmentOutput and the read audit take of a listed appointment."""

    pk: int
    start: datetime
    end: datetime
    status: str
    reason: str
    consultation_notes: str
    booked_by_id: int | None
    booked_by_client_id: int | None
    cancelled_by_id: int | None
    cancelled_by_client_id: int | None
    cancellation_reason: str
    cancelled_at: datetime | None
    completed_at: datetime | None
    no_show_at: datetime | None
    arrived_at: datetime | None
    created_at: datetime
    updated_at: datetime
    patient: PersonRow
    doctor: DoctorRow

    @property
    def patient_id(self) -> int:
        return self.patient.pk


_OWN = len(sql.OWN_COLUMNS)
_PERSON_FIELDS = [User._meta.get_field(name) for name in sql.PERSON_COLUMNS]
_ROW_FIELDS = [
    *(Appointment._meta.get_field(name) for name in sql.OWN_COLUMNS),
    *_PERSON_FIELDS,
    *_PERSON_FIELDS,
    DoctorProfile._meta.get_field("specialty"),
]


class AppointmentRows:
    """`appointment_list(...)` as rows for the paginator: `count()` and `rows[start:stop]`, a statement each."""

    def __init__(self, where: sql.AppointmentWhere, ordering: Sequence[str]) -> None:
        self.where = where
        self.order_by = [(term.lstrip("-"), term.startswith("-")) for term in _stable(ordering)]

    def count(self) -> int:
        return sql.appointment_count(self.where)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[AppointmentRow]:
        start, stop = index.start or 0, index.stop
        if stop <= start:
            return []
        rows = sql.appointment_page(
            self.where, order_by=self.order_by, offset=start, limit=stop - start, fields=_ROW_FIELDS
        )
        return [_row(values) for values in rows]


def _row(values: list[Any]) -> AppointmentRow:
    patient, doctor = values[_OWN : _OWN + 4], values[_OWN + 4 : _OWN + 8]
    return AppointmentRow._make(
        [
            *values[:_OWN],
            PersonRow(patient[0], full_name_of(*patient[1:])),
            DoctorRow(doctor[0], full_name_of(*doctor[1:]), DoctorProfileRow(values[_OWN + 8])),
        ]
    )


def appointment_rows(
    *,
    actor: User,
    filters: dict[str, Any] | None = None,
    search_terms: Sequence[str] = (),
    ordering: Sequence[str] = DEFAULT_ORDERING,
) -> AppointmentRows:
    """What `appointment_list` answers for the same arguments, as rows."""
    filters = filters or {}
    patients, doctors = [], []
    either, nothing = None, False
    if actor.is_patient:
        patients.append(actor.pk)
    elif actor.is_doctor:
        doctors.append(actor.pk)
    elif actor.is_nurse or actor.is_admin:
        pass
    elif actor.is_api_client:
        client = cast("ApiClientPrincipal", actor)
        either = (tuple(client.doctor_ids), tuple(client.patient_ids)) if client.limited else None
    else:
        nothing = True
    if filters.get("doctor"):
        doctors.append(filters["doctor"])
    if filters.get("patient"):
        patients.append(filters["patient"])
    where = sql.AppointmentWhere(
        nothing=nothing,
        patient_ids=tuple(patients),
        doctor_ids=tuple(doctors),
        doctor_or_patient_in=either,
        status=filters.get("status") or None,
        start_from=_clinic_midnight(filters["date_from"]) if filters.get("date_from") else None,
        start_before=_clinic_midnight(filters["date_to"]) + timedelta(days=1) if filters.get("date_to") else None,
        name_terms=tuple(search_terms),
    )
    return AppointmentRows(where, ordering)


def visit_closed_at(appointment: "Appointment | AppointmentRow") -> datetime | None:
    """When a visit was completed or recorded as a no-show; None for any other appointment."""
    if appointment.status == Status.COMPLETED:
        return appointment.completed_at
    if appointment.status == Status.NO_SHOW:
        return appointment.no_show_at
    return None


def visit_undo_until(appointment: "Appointment | AppointmentRow") -> datetime | None:
    """Until when its doctor may undo a completed visit or a no-show (None: there is nothing to undo)."""
    closed_at = visit_closed_at(appointment)
    return None if closed_at is None else closed_at + timedelta(minutes=settings.VISIT_UNDO_MINUTES)
