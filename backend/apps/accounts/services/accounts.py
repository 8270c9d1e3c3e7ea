"""Account writes: registration, staff accounts made by admins, profiles, deactivation."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from apps.audit.models import Outcome
from apps.audit.services import audit_record
from apps.core.errors import ApplicationError, ConflictError
from apps.core.events import event_record

from .. import errors
from ..models import DoctorProfile, PatientProfile, Role, User
from .sessions import TokenPair, session_end_all, session_start_for

USER_FIELDS = ("first_name", "last_name", "email")
PATIENT_PROFILE_FIELDS = (
    "date_of_birth",
    "sex",
    "phone",
    "address",
    "emergency_contacts",
    "preferred_channel",
    "language",
    "reminder_lead_hours",
)
DOCTOR_PROFILE_FIELDS = (
    "specialty",
    "licence_number",
    "bio",
    "default_appointment_minutes",
    "accepting_new_patients",
)


def _check_unique(*, username: str | None = None, email: str | None = None, exclude: User | None = None) -> None:
    problems: dict[str, list[str]] = {}
    others = User.objects.exclude(pk=exclude.pk) if exclude else User.objects.all()
    if username is not None and others.filter(username__iexact=username).exists():
        problems["username"] = ["This username is taken."]
    if email is not None and others.filter(email__iexact=email).exists():
        problems["email"] = ["An account with this e-mail address exists."]
    if problems:
        raise ValidationError(problems)


def _check_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": list(exc.messages)}) from exc


def _new_user(*, role: str, username: str, email: str, password: str, first_name: str, last_name: str) -> User:
    _check_unique(username=username, email=email)
    user = User(role=role, username=username, email=email, first_name=first_name, last_name=last_name)
    _check_password(password, user)
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def patient_register(
    *,
    username: str,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    actor: User | None = None,
    request: HttpRequest | None = None,
    **profile: Any,
) -> User:
    """Create a patient account with its profile (self-registration, or by an admin as `actor`)."""
    user = _new_user(
        role=Role.PATIENT,
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
    )
    PatientProfile.objects.create(user=user, **{k: v for k, v in profile.items() if k in PATIENT_PROFILE_FIELDS})
    audit_record(
        actor=actor or user,
        action="account.register" if actor is None else "account.create",
        resource_type="patient",
        resource_id=user.pk,
        patient=user,
        request=request,
    )
    return user


@transaction.atomic
def doctor_create(
    *,
    actor: User,
    username: str,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    request: HttpRequest | None = None,
    **profile: Any,
) -> User:
    """Create a doctor account and profile (admins only)."""
    if DoctorProfile.objects.filter(licence_number=profile.get("licence_number")).exists():
        raise ValidationError({"licence_number": ["Another doctor has this licence number."]})
    user = _new_user(
        role=Role.DOCTOR,
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
    )
    DoctorProfile.objects.create(user=user, **{k: v for k, v in profile.items() if k in DOCTOR_PROFILE_FIELDS})
    audit_record(actor=actor, action="account.create", resource_type="doctor", resource_id=user.pk, request=request)
    return user


@transaction.atomic
def nurse_create(
    *,
    actor: User,
    username: str,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    request: HttpRequest | None = None,
) -> User:
    """Create a nurse account (admins only)."""
    user = _new_user(
        role=Role.NURSE,
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
    )
    audit_record(actor=actor, action="account.create", resource_type="nurse", resource_id=user.pk, request=request)
    return user


def _patient_updated(user: User) -> None:
    """The `patient.updated` event (webhooks), recorded with the change."""
    if user.role == Role.PATIENT:
        event_record(type="patient.updated", data={"id": user.pk})


def _apply(instance: Any, data: dict[str, Any], allowed: tuple[str, ...]) -> list[str]:
    changed = []
    for field in allowed:
        if field in data and getattr(instance, field) != data[field]:
            setattr(instance, field, data[field])
            changed.append(field)
    return changed


@transaction.atomic
def account_update(*, actor: User, user: User, data: dict[str, Any], request: HttpRequest | None = None) -> User:
    """Change a user's name, e-mail and role profile; only the fields given in `data` change."""
    if "email" in data:
        _check_unique(email=data["email"], exclude=user)
    user_changed = _apply(user, data, USER_FIELDS)
    if user_changed:
        user.save(update_fields=user_changed)
    profile_changed: list[str] = []
    profile: PatientProfile | DoctorProfile
    if user.role == Role.PATIENT:
        profile = user.patient_profile
        profile_changed = _apply(profile, data, PATIENT_PROFILE_FIELDS)
    elif user.role == Role.DOCTOR:
        profile = user.doctor_profile
        if "licence_number" in data and (
            DoctorProfile.objects.exclude(pk=user.pk).filter(licence_number=data["licence_number"]).exists()
        ):
            raise ValidationError({"licence_number": ["Another doctor has this licence number."]})
        profile_changed = _apply(profile, data, DOCTOR_PROFILE_FIELDS)
    if profile_changed:
        profile.save(update_fields=[*profile_changed, "updated_at"])
    if user_changed or profile_changed:
        audit_record(
            actor=actor,
            action="account.update",
            resource_type=user.role,
            resource_id=user.pk,
            patient=user if user.role == Role.PATIENT else None,
            request=request,
        )
        _patient_updated(user)
    return user


# What the apps that build on accounts refuse a deactivation for (a doctor's booked appointments):
# each raises an ApplicationError to refuse. They add themselves from their ready(), since accounts
# imports none of them.
_deactivation_checks: list[Callable[[User], None]] = []


def account_deactivation_check_register(check: Callable[[User], None]) -> None:
    if check not in _deactivation_checks:
        _deactivation_checks.append(check)


@transaction.atomic
def account_deactivate(*, actor: User, user: User, request: HttpRequest | None = None) -> User:
    """Deactivate an account: it can no longer sign in, every session ends, nothing is destroyed."""
    if user.pk == actor.pk:
        raise ConflictError(code=errors.ALREADY_INACTIVE, message="You cannot deactivate your own account.")
    if user.is_active:
        for check in _deactivation_checks:
            check(user)
        user.is_active = False
        user.save(update_fields=["is_active"])
        session_end_all(user=user)
        audit_record(
            actor=actor,
            action="account.deactivate",
            resource_type=user.role,
            resource_id=user.pk,
            patient=user if user.role == Role.PATIENT else None,
            request=request,
        )
        _patient_updated(user)
    return user


@transaction.atomic
def patient_assign_doctor(
    *, actor: User, patient: User, doctor_id: int | None, request: HttpRequest | None = None
) -> User:
    """Set (or clear, with None) the patient's primary doctor."""
    doctor = None
    if doctor_id is not None:
        doctor = User.objects.filter(pk=doctor_id, role=Role.DOCTOR, is_active=True).first()
        if doctor is None:
            raise ValidationError({"doctor": ["No active doctor has this id."]})
    profile = patient.patient_profile
    profile.primary_doctor = doctor
    profile.save(update_fields=["primary_doctor", "updated_at"])
    audit_record(
        actor=actor,
        action="patient.assign_doctor",
        resource_type="patient",
        resource_id=patient.pk,
        patient=patient,
        request=request,
    )
    _patient_updated(patient)
    return patient


def password_change(
    *, user: User, old_password: str, new_password: str, request: HttpRequest | None = None
) -> TokenPair:
    """Change the password, end every session, and open a fresh one for the caller."""
    if not user.check_password(old_password):
        audit_record(
            actor=user,
            action="account.password_change",
            resource_type="user",
            resource_id=user.pk,
            outcome=Outcome.FAILURE,
            request=request,
        )
        raise ApplicationError(
            code=errors.WRONG_PASSWORD,
            message="The current password is not correct.",
            fields={"old_password": ["The current password is not correct."]},
        )
    _check_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        session_end_all(user=user)
        audit_record(
            actor=user,
            action="account.password_change",
            resource_type="user",
            resource_id=user.pk,
            request=request,
        )
        return session_start_for(user=user)
