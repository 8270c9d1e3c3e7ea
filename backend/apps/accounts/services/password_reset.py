"""Password reset by e-mail ("Forgot password?"): a single-use link, then a new password.

The request answers the same whether or not an account has the address; the link goes out through
the e-mail outbox, so the request waits for no SMTP server either way. Completing a reset ends every
session of the account and signs nobody in: the person then signs in as usual, with their second
factor if they have one (a reset leaves it in place).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from apps.audit.models import Outcome
from apps.audit.services import audit_record
from apps.core.errors import ApplicationError
from apps.notifications.models import Kind, Notification, Title
from apps.notifications.services import EmailPolicy, notification_create, when

from .. import errors
from ..models import User
from ..tokens import password_reset_tokens, password_reset_url, password_reset_user_id
from .accounts import _check_password
from .sessions import session_end_all

REQUEST_ACTION = "auth.password_reset_request"
RESET_ACTION = "auth.password_reset"


def password_reset_notify(*, user: User) -> Notification:
    """Send the user a password reset link by e-mail, whatever their preferred channel, and tell their inbox.

    Called inside the transaction that audits the request. The link itself is made when the e-mail
    is sent (`RESET_EMAIL`), so no token is stored; the inbox copy carries none.
    """
    return notification_create(
        recipient=user,
        kind=Kind.PASSWORD_RESET,
        title=Title.PASSWORD_RESET,
        body=(
            f"On {when(timezone.now())} someone asked for a link to set a new password for this account. "
            f"If it was you, use the link in the e-mail we sent to this address: it works once, within "
            f"{settings.PASSWORD_RESET_TIMEOUT // 60} minutes. If it was not, ignore it: your password is unchanged."
        ),
        by_email=True,
    )


def _reset_link(notification: Notification) -> str:
    # Made now, from the account as it is now: the token is never stored, and each attempt's works.
    return password_reset_url(notification.recipient)


def _reset_link_is_stale(notification: Notification) -> bool:
    """A reset e-mail not sent within the link's lifetime is dropped: the person has asked again or given up."""
    too_old = timezone.now() - notification.created_at > timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return too_old or not notification.recipient.is_active


RESET_EMAIL = EmailPolicy(link=_reset_link, is_stale=_reset_link_is_stale)


def password_reset_request(*, email: str, request: HttpRequest | None = None) -> None:
    """E-mail a reset link to the active account with this address, if there is one; audit either way.

    The audit event names the account (or none) and never the address.
    """
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    with transaction.atomic():
        if user is not None:
            password_reset_notify(user=user)
        audit_record(
            actor=None,
            action=REQUEST_ACTION,
            resource_type="user",
            resource_id=user.pk if user else None,
            outcome=Outcome.SUCCESS if user else Outcome.FAILURE,
            request=request,
        )


def password_reset_request_throttled(*, email: str | None, request: HttpRequest | None = None) -> None:
    """Audit a reset request that a throttle refused: the account the address names, if any, never the address."""
    known = User.objects.filter(email__iexact=email).only("pk").first() if email else None
    audit_record(
        actor=None,
        action=f"{REQUEST_ACTION}_throttled",
        resource_type="user",
        resource_id=known.pk if known else None,
        outcome=Outcome.DENIED,
        request=request,
    )


def password_reset_confirm(*, uid: str, token: str, new_password: str, request: HttpRequest | None = None) -> None:
    """Set a new password with a reset link's uid and token, and end every session of the account.

    A used, expired or altered link changes nothing (400 `reset_link_invalid`); neither does a
    password the validators refuse (400, `fields.new_password`), and the link then still works.
    """
    user_id = password_reset_user_id(uid)
    user = None
    with transaction.atomic():
        if user_id is not None:
            # Locked, so that of two requests with one link only the first finds it valid: the
            # second reads the new password hash, which the token no longer matches.
            user = User.objects.select_for_update(no_key=True).filter(pk=user_id, is_active=True).first()
        if user is not None and password_reset_tokens.check_token(user, token):
            try:
                _check_password(new_password, user)
            except ValidationError as exc:
                raise ValidationError({"new_password": exc.message_dict["password"]}) from exc
            user.set_password(new_password)
            user.save(update_fields=["password"])
            session_end_all(user=user)
            audit_record(actor=user, action=RESET_ACTION, resource_type="user", resource_id=user.pk, request=request)
            return
    audit_record(
        actor=None,
        action=RESET_ACTION,
        resource_type="user",
        resource_id=user.pk if user else None,
        outcome=Outcome.FAILURE,
        request=request,
    )
    raise ApplicationError(
        code=errors.RESET_LINK_INVALID,
        message="This password reset link is not valid: it was used, it has expired, or it is incomplete. "
        "Ask for a new one.",
    )
