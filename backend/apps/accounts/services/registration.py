"""Patient self-registration that does not tell whether an e-mail address has an account."""

from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from apps.audit.models import Outcome
from apps.audit.services import audit_record
from apps.notifications.models import Kind, Title
from apps.notifications.services import notification_create, when

from ..models import Role, User
from .accounts import _check_password, _check_unique, patient_register


def registration_attempt_notify(*, owner_id: int) -> None:
    """Tell the owner of an e-mail address that someone tried to register a new account with it.

    By e-mail whatever their preferred channel (the address is what was tried), and in their inbox.
    Nothing the registrant typed is repeated: this message must not become a way to send one.
    """
    owner = User.objects.filter(pk=owner_id).first()
    if owner is None:
        return
    notification_create(
        recipient=owner,
        kind=Kind.REGISTRATION_ATTEMPT,
        title=Title.REGISTRATION_ATTEMPT,
        body=(
            f"On {when(timezone.now())} someone tried to create a new patient account with this e-mail "
            "address. No account was made and yours is unchanged. If it was you, sign in with your "
            "existing account. If it was not, there is nothing you need to do."
        ),
        by_email=True,
    )


def _email_owner(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first()


def patient_self_register(
    *,
    username: str,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    request: HttpRequest | None = None,
    **profile: Any,
) -> None:
    """Register a patient, or, when the e-mail address has an account, tell its owner instead.

    The caller is told the same either way (SECURITY.md). A taken username is still reported, as
    people must choose another; the registration throttle limits how fast anyone can probe them.
    The password is checked before the address, so a weak one is refused alike in both cases.
    """
    _check_unique(username=username)
    person = User(role=Role.PATIENT, username=username, email=email, first_name=first_name, last_name=last_name)
    _check_password(password, person)
    owner = _email_owner(email)
    if owner is None:
        try:
            patient_register(
                username=username,
                email=email,
                password=password,
                first_name=first_name,
                last_name=last_name,
                request=request,
                **profile,
            )
            return
        except (IntegrityError, ValidationError):
            # Another registration took the username or the address a moment ago.
            _check_unique(username=username)
            owner = _email_owner(email)
            if owner is None:
                raise
    # A new account's costliest step, so that both answers take about as long.
    make_password(password)
    owner_id = owner.pk
    transaction.on_commit(lambda: registration_attempt_notify(owner_id=owner_id))
    audit_record(
        actor=None,
        action="account.register",
        resource_type="user",
        resource_id=owner_id,
        outcome=Outcome.FAILURE,
        request=request,
    )
