"""The caller of a request authenticated with a client's access token: a role of its own, never a person."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from apps.scheduling.models import Appointment

ROLE = "api_client"


@dataclass(frozen=True, eq=False)
class ApiClientPrincipal:
    """`request.user` for an API client. It answers the role questions the views and selectors ask
    (every role check is False, so role-gated code refuses it) and carries the scopes and limits
    that scope its reads."""

    client: Any
    scopes: frozenset[str]
    doctor_ids: tuple[int, ...] = ()
    patient_ids: tuple[int, ...] = ()

    # What Django and DRF ask of any user.
    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None
    role = ROLE
    # What this project asks of its users.
    is_api_client = True
    is_patient = False
    is_doctor = False
    is_nurse = False
    is_admin = False
    is_clinician = False

    @property
    def limited(self) -> bool:
        return bool(self.doctor_ids or self.patient_ids)

    @property
    def full_name(self) -> str:
        return self.client.name

    def patient_q(self, prefix: str = "") -> Q:
        """The patients this client may see: every active one, or those its limits name (the
        patients named, and those of the doctors named as primary doctor or by an appointment)."""
        active = Q(**{f"{prefix}is_active": True})
        if not self.limited:
            return active
        seen = Appointment.objects.filter(doctor_id__in=self.doctor_ids).values("patient_id")
        return active & (
            Q(**{f"{prefix}pk__in": self.patient_ids})
            | Q(**{f"{prefix}patient_profile__primary_doctor__in": self.doctor_ids})
            | Q(**{f"{prefix}pk__in": seen})
        )

    def appointment_q(self) -> Q:
        """The appointments this client may see: all, or those of the doctors and patients named."""
        if not self.limited:
            return Q()
        return Q(doctor_id__in=self.doctor_ids) | Q(patient_id__in=self.patient_ids)

    def holds_appointment(self, *, patient_id: int, doctor_id: int) -> bool:
        """Whether an appointment of this patient with this doctor is one `appointment_q` lets it see."""
        return not self.limited or doctor_id in self.doctor_ids or patient_id in self.patient_ids
