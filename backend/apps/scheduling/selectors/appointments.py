"""Appointment reads, scoped by the acting user in the queryset (outside the scope: not found)."""

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.selectors import active_doctor_with_profile, scoped_patient_with_profile
from apps.core.errors import NotFoundError

from ..models import Appointment

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


def appointment_list(*, actor: User, filters: dict[str, Any] | None = None) -> QuerySet[Appointment]:
    """Appointments visible to `actor`, narrowed by doctor, patient, status and clinic-local dates."""
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
    return appointments.order_by("start", "id")


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
