"""Account reads. Every selector that returns patients takes the acting user and filters by it."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Q, QuerySet

from apps.core.errors import NotFoundError
from apps.core.rows import column, quote, select

from .models import DoctorProfile, PatientProfile, Role, User, full_name_of

if TYPE_CHECKING:
    from apps.clients.principal import ApiClientPrincipal

# What a page shows of a person it names (id, `full_name`, `role`): lists select only these
# columns of the people they join, never password hashes or login times they do not show.
PERSON_FIELDS = ("id", "first_name", "last_name", "username", "role")


class PersonRow(NamedTuple):
    """A person read as PERSON_FIELDS by a hand-written statement: what the outputs read of a User."""

    pk: int
    full_name: str
    role: str


def person_row(values: Sequence[Any]) -> PersonRow:
    """A PersonRow from the PERSON_FIELDS values of one row."""
    pk, first_name, last_name, username, role = values
    return PersonRow(pk, full_name_of(first_name, last_name, username), role)


# Every column of a user, as the ORM would load one: what `user_by_id` reads.
_USER_COLUMNS = [("u", field) for field in User._meta.concrete_fields]
_USER_ATTNAMES = [field.attname for field in User._meta.concrete_fields]
_MAX_ID_DIGITS = 19  # a bigint's; longer strings of digits are out of range anyway


def user_by_id(user_id: object) -> User | None:
    """The user with this id, loaded whole like `User.objects.get(pk=...)`, or None.

    Every authenticated request reads its user. Compiling that queryset cost more than a third of
    the cheapest request's CPU (bench/README.md); this is one fixed statement, prepared once per
    connection. simplejwt writes the id as a string of digits; an id that is not a valid primary
    key finds nobody.
    """
    if isinstance(user_id, str) and user_id.isascii() and user_id.isdigit() and len(user_id) <= _MAX_ID_DIGITS:
        user_id = int(user_id)
    if not could_be_user_id(user_id):
        return None
    rows = select(_USER_COLUMNS, f"FROM {quote(User._meta.db_table)} u WHERE u.id = %s", [user_id])
    return User.from_db(DEFAULT_DB_ALIAS, _USER_ATTNAMES, rows[0]) if rows else None


def could_be_user_id(user_id: object) -> bool:
    """Whether `user_id` could be a user's primary key (an id beyond the column's range finds nobody)."""
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        return False
    low, high = connection.ops.integer_field_range(User._meta.pk.get_internal_type())
    return low <= user_id <= high


_PROFILES = {
    # The reverse accessor of each profile, every column of it as the ORM would load one, and their attnames.
    model: (
        accessor,
        [("p", field) for field in model._meta.concrete_fields],
        [f.attname for f in model._meta.concrete_fields],
    )
    for model, accessor in ((PatientProfile, "patient_profile"), (DoctorProfile, "doctor_profile"))
}


def _user_with_profile(
    profile_model: type[PatientProfile | DoctorProfile], where: str, params: list[Any]
) -> User | None:
    """The user matching `where` (on alias `u`), loaded whole with their profile of `profile_model`
    (alias `p`) as `select_related` loads it: one fixed statement."""
    accessor, profile_columns, profile_attnames = _PROFILES[profile_model]
    profile_table, profile_key = quote(profile_model._meta.db_table), column("p", profile_model._meta.pk)
    tail = f"FROM {quote(User._meta.db_table)} u LEFT JOIN {profile_table} p ON {profile_key} = u.id WHERE {where}"
    rows = select([*_USER_COLUMNS, *profile_columns], tail, params)
    if not rows:
        return None
    values, split = rows[0], len(_USER_COLUMNS)
    user = User.from_db(DEFAULT_DB_ALIAS, _USER_ATTNAMES, values[:split])
    profile = None
    if values[split] is not None:  # the profile's key: NULL when the user has no such profile
        profile = profile_model.from_db(DEFAULT_DB_ALIAS, profile_attnames, values[split:])
    # Both sides cached as select_related caches them: no profile is remembered as none.
    relation: Any = User._meta.get_field(accessor)  # the reverse one-to-one relation
    relation.set_cached_value(user, profile)
    if profile is not None:
        relation.field.set_cached_value(profile, user)
    return user


def scoped_patient_with_profile(*, actor: User, patient_id: int) -> User | None:
    """Patient `patient_id` if `actor` may see them, loaded whole with their profile, or None.

    What `patient_list(actor=actor).filter(pk=patient_id).first()` answers, less the primary
    doctor's rows, in one fixed statement: compiling the two parties' querysets was a fifth of a
    booking's CPU (bench/README.md).
    """
    scope = one_patient_scope_sql(actor, patient_id, "u") if could_be_user_id(patient_id) else None
    if scope is None:
        return None
    return _user_with_profile(PatientProfile, *scope)


def active_doctor_with_profile(doctor_id: int) -> User | None:
    """The active doctor `doctor_id`, loaded whole with their profile, or None (one fixed statement)."""
    if not could_be_user_id(doctor_id):
        return None
    where = f"u.id = %s AND u.{quote('role')} = %s AND u.{quote('is_active')}"
    return _user_with_profile(DoctorProfile, where, [doctor_id, Role.DOCTOR.value])


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


def one_patient_scope_sql(actor: User, patient_id: int, alias: str) -> tuple[str, list[Any]] | None:
    """`patient_scope_q` for one patient as an SQL condition, for a hand-written statement.

    `alias` names the patient's row of the user table in that statement. The condition holds when
    that row is patient `patient_id` and `actor` may see them; None when `actor` sees no one. The
    doctor's subqueries name the patient by id, so PostgreSQL runs each once, not once per row.
    (tests/test_hand_written_output.py holds it to `patient_scope_q` for every party.)
    """
    p = alias
    is_patient = f"{p}.{quote('id')} = %s AND {p}.{quote('role')} = %s"
    params: list[Any] = [patient_id, Role.PATIENT.value]
    if actor.is_patient:
        return f"{is_patient} AND {p}.{quote('id')} = %s", [*params, actor.pk]
    if actor.is_nurse:
        return f"{is_patient} AND {p}.{quote('is_active')}", params
    if actor.is_admin:
        return is_patient, params
    if actor.is_doctor:
        from apps.scheduling.models import Appointment

        profile, appointment = quote(PatientProfile._meta.db_table), quote(Appointment._meta.db_table)
        # Only table and column names are formatted in; every value is a parameter.
        primary_of = f"pp.{quote('user_id')} = %s AND pp.{quote('primary_doctor_id')} = %s"
        seen_by = f"sa.{quote('patient_id')} = %s AND sa.{quote('doctor_id')} = %s"
        primary = f"SELECT 1 FROM {profile} pp WHERE {primary_of}"  # noqa: S608  # nosec B608
        seen = f"SELECT 1 FROM {appointment} sa WHERE {seen_by}"  # noqa: S608  # nosec B608
        condition = f"{is_patient} AND (EXISTS ({primary}) OR EXISTS ({seen}))"
        return condition, [*params, patient_id, actor.pk, patient_id, actor.pk]
    if actor.is_api_client:
        # A client's limits are a few lists: asked once here rather than written out in SQL.
        visible = User.objects.filter(patient_scope_q(actor, patient_id=patient_id)).exists()
        return (is_patient, params) if visible else None
    return None


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
