"""Account reads. Every selector that returns patients takes the acting user and filters by it."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard, cast

from django.db import connection
from django.db.models import Q, QuerySet

from apps.core.errors import NotFoundError

from .models import Role, User, full_name_of

if TYPE_CHECKING:
    from apps.clients.principal import ApiClientPrincipal

# What a page shows of a person it names (id, `full_name`, `role`): lists select only these
# columns of the people they join, never password hashes or login times they do not show.
PERSON_FIELDS = ("id", "first_name", "last_name", "username", "role")


class PersonRow(NamedTuple):
    """A person read as PERSON_FIELDS values (not a model instance): what the outputs read of a User."""

    pk: int
    full_name: str
    role: str


def person_row(values: Sequence[Any]) -> PersonRow:
    """A PersonRow from the PERSON_FIELDS values of one row."""
    pk, first_name, last_name, username, role = values
    return PersonRow(pk, full_name_of(first_name, last_name, username), role)


_MAX_ID_DIGITS = 19  # a bigint's; longer strings of digits are out of range anyway


def user_by_id(user_id: object) -> User | None:
    """The user with this id, or None: what every authenticated request reads.

    simplejwt writes the id as a string of digits; an id that is not a valid primary key finds
    nobody (without a query).
    """
    if isinstance(user_id, str) and user_id.isascii() and user_id.isdigit() and len(user_id) <= _MAX_ID_DIGITS:
        user_id = int(user_id)
    if not could_be_user_id(user_id):
        return None
    return User.objects.filter(pk=user_id).first()


def could_be_user_id(user_id: object) -> TypeGuard[int]:
    """Whether `user_id` could be a user's primary key (an id beyond the column's range finds nobody)."""
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        return False
    low, high = connection.ops.integer_field_range(User._meta.pk.get_internal_type())
    return low <= user_id <= high


def scoped_patient_with_profile(*, actor: User, patient_id: int) -> User | None:
    """Patient `patient_id` if `actor` may see them, with their profile, or None (one query).

    `patient_list(actor=actor).filter(pk=patient_id).first()` less the primary doctor's rows,
    which a booking does not need.
    """
    if not could_be_user_id(patient_id):
        return None
    scope = patient_scope_q(actor, patient_id=patient_id)
    return User.objects.filter(scope).select_related("patient_profile").first()


def active_doctor_with_profile(doctor_id: int) -> User | None:
    """The active doctor `doctor_id`, with their profile, or None (one query)."""
    if not could_be_user_id(doctor_id):
        return None
    doctors = User.objects.filter(pk=doctor_id, role=Role.DOCTOR, is_active=True)
    return doctors.select_related("doctor_profile").first()


def only_shown(rows: QuerySet, *people: str, extra: tuple[str, ...] = ()) -> QuerySet:
    """`rows` with all of their own columns, and of each joined person in `people` only PERSON_FIELDS."""
    own = [field.attname for field in rows.model._meta.concrete_fields]
    return rows.only(*own, *(f"{path}__{name}" for path in people for name in PERSON_FIELDS), *extra)


def doctor_list(*, actor: User) -> QuerySet[User]:
    """Doctors in the directory: active ones for everybody, every doctor for admins."""
    doctors = User.objects.filter(role=Role.DOCTOR).select_related("doctor_profile")
    if not actor.is_admin:
        doctors = doctors.filter(is_active=True)
    return doctors


def doctor_get(*, actor: User, doctor_id: int) -> User:
    doctor = doctor_list(actor=actor).filter(pk=doctor_id).first()
    if doctor is None:
        raise NotFoundError(code="not_found", message="No doctor with this id.")
    return doctor


def nurse_list() -> QuerySet[User]:
    return User.objects.filter(role=Role.NURSE)


def nurse_get(*, nurse_id: int) -> User:
    nurse = nurse_list().filter(pk=nurse_id).first()
    if nurse is None:
        raise NotFoundError(code="not_found", message="No nurse with this id.")
    return nurse


def patient_scope_q(actor: User, prefix: str = "", *, patient_id: int | None = None) -> Q:
    """The patients `actor` may see, as a filter on a User relation (`prefix` names it, e.g. "patient__").

    - a patient: themself;
    - a doctor: patients assigned to them as primary doctor, and patients who have or had an
      appointment with them (any status);
    - a nurse: every active patient;
    - an admin: every patient account (but no clinical content; other selectors see to that);
    - an API client: every active patient, or those its limits name (ApiClientPrincipal.patient_q).

    `patient_id` narrows the scope to that one patient, for a caller who reads just them: a
    doctor's check then looks at that patient's appointments instead of all of the doctor's.
    """
    is_patient = Q(**{f"{prefix}role": Role.PATIENT})
    if patient_id is not None:
        is_patient &= Q(**{f"{prefix}pk": patient_id})
    if actor.is_patient:
        return is_patient & Q(**{f"{prefix}pk": actor.pk})
    if actor.is_nurse:
        return is_patient & Q(**{f"{prefix}is_active": True})
    if actor.is_admin:
        return is_patient
    if actor.is_doctor:
        # Imported here: scheduling builds on accounts, not the other way round.
        from apps.scheduling.models import Appointment

        seen = Appointment.objects.filter(doctor=actor)
        if patient_id is not None:
            seen = seen.filter(patient_id=patient_id)
        return is_patient & (
            Q(**{f"{prefix}patient_profile__primary_doctor": actor})
            | Q(**{f"{prefix}pk__in": seen.values("patient_id")})
        )
    if actor.is_api_client:
        return is_patient & cast("ApiClientPrincipal", actor).patient_q(prefix)
    return Q(pk__in=[])


def patient_list(*, actor: User) -> QuerySet[User]:
    """Patients visible to `actor` (SPEC section 2), with their profile and primary doctor."""
    return User.objects.filter(patient_scope_q(actor)).select_related(
        "patient_profile", "patient_profile__primary_doctor__doctor_profile"
    )


def patient_get(*, actor: User, patient_id: int) -> User:
    """One patient within `actor`'s scope; anything else is not found (its existence stays hidden)."""
    patient = patient_list(actor=actor).filter(pk=patient_id).first()
    if patient is None:
        raise NotFoundError(code="not_found", message="No patient with this id.")
    return patient


def people_search(*, query: str, role: str | None = None) -> QuerySet[User]:
    """Accounts whose name, username or e-mail holds every word of `query`, for admins' look-ups.

    Every account matches, active or not: the audit log names people who have since left.
    """
    people = User.objects.only(*PERSON_FIELDS, "email", "is_active")
    for word in query.split():
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
            | Q(email__icontains=word)
        )
    if role:
        people = people.filter(role=role)
    return people.order_by("last_name", "first_name", "id")
