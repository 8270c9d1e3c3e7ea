"""Sign-in sessions: JWT pairs, rotation with reuse detection, lock-out, and ending every session."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenBackendError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.state import token_backend
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from apps.audit.models import Outcome
from apps.audit.services import audit_record
from apps.core.errors import NotAuthenticatedError, ThrottledError

from .. import errors
from ..authentication import TOKEN_VERSION_CLAIM
from ..models import User
from ..throttles import username_key
from .mfa_challenge import MfaChallenge, mfa_challenge_for

AUTH_TIME_CLAIM = "auth_time"


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    # Seconds until the access token expires (OAuth 2's `expires_in`): clients refresh before, not on a 401.
    expires_in: int


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def _issue_pair(user: User, *, auth_time: int) -> TokenPair:
    session_end = auth_time + int(settings.JWT_MAX_SESSION.total_seconds())
    refresh = RefreshToken()
    refresh[jwt_settings.USER_ID_CLAIM] = str(user.pk)
    refresh[TOKEN_VERSION_CLAIM] = user.token_version
    refresh[AUTH_TIME_CLAIM] = auth_time
    # A hard maximum session age: no token outlives the session it belongs to.
    refresh["exp"] = min(refresh["exp"], session_end)
    # The outstanding list needs the id and expiry only; the token itself is not kept, so a
    # copy of the database holds no usable session.
    OutstandingToken.objects.create(
        user=user,
        jti=refresh[jwt_settings.JTI_CLAIM],
        token="",  # nosec B106
        created_at=timezone.now(),
        expires_at=datetime.fromtimestamp(refresh["exp"], tz=UTC),
    )
    access: AccessToken = refresh.access_token
    access["exp"] = min(access["exp"], session_end)
    expires_in = max(0, int(access["exp"]) - _epoch(timezone.now()))
    return TokenPair(access=str(access), refresh=str(refresh), expires_in=expires_in)


def _failure_key(username: str) -> str:
    return f"login-failures:{username_key(username)}"


def login_locked(username: str) -> bool:
    """Whether the username has failed sign-in (password or second factor) too often of late."""
    return (cache.get(_failure_key(username)) or 0) >= settings.LOGIN_LOCKOUT_THRESHOLD


def login_failure_record(username: str) -> None:
    """Count one failed sign-in step (a wrong password or a wrong code) against the username."""
    key = _failure_key(username)
    window = settings.LOGIN_LOCKOUT_SECONDS
    cache.add(key, 0, timeout=window)
    try:
        failures = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        failures = 1
    if failures >= settings.LOGIN_LOCKOUT_THRESHOLD:
        # Locked for a limited time from the last failure: never a permanent lock-out.
        cache.set(key, failures, timeout=window)


def session_login(*, username: str, password: str, request: HttpRequest | None = None) -> TokenPair | MfaChallenge:
    """Check the credentials; answer a session, or the second-factor challenge for staff who need one.

    Unknown users and wrong passwords get the same refusal.
    """
    known = User.objects.filter(username=username).only("pk").first()
    if login_locked(username):
        _sign_in_audit("auth.login", Outcome.DENIED, known, request)
        raise ThrottledError(
            code=errors.LOGIN_LOCKED,
            message="Too many failed sign-ins. Wait a few minutes and try again.",
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        login_failure_record(username)
        _sign_in_audit("auth.login", Outcome.FAILURE, known, request)
        raise NotAuthenticatedError(code=errors.INVALID_CREDENTIALS, message="Invalid username or password.")
    challenge = mfa_challenge_for(user=user)
    if challenge is not None:
        audit_record(
            actor=user, action="auth.mfa_challenge", resource_type="user", resource_id=user.pk, request=request
        )
        return challenge
    return login_complete(user=user, request=request)


def _sign_in_audit(action: str, outcome: str, known: User | None, request: HttpRequest | None) -> None:
    """A refused sign-in: no actor, and the account the username names, if any (never the password)."""
    audit_record(
        actor=None,
        action=action,
        resource_type="user",
        resource_id=known.pk if known else None,
        outcome=outcome,
        request=request,
    )


def session_login_throttled(*, username: str | None, request: HttpRequest | None = None) -> None:
    """Audit a sign-in that a throttle refused before its password was checked.

    Recorded like a failed sign-in: no actor, and the account the username names, if any; never the
    password, nor a username that names no account.
    """
    known = User.objects.filter(username=username).only("pk").first() if username else None
    _sign_in_audit("auth.login_throttled", Outcome.DENIED, known, request)


def login_complete(*, user: User, request: HttpRequest | None = None) -> TokenPair:
    """The caller has proved who they are: clear their failures and open a session."""
    cache.delete(_failure_key(user.username))
    # One transaction: a sign-in that loses its database connection half-way leaves no trace but its failure.
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(last_login=timezone.now())
        pair = _issue_pair(user, auth_time=_epoch(timezone.now()))
        audit_record(actor=user, action="auth.login", resource_type="user", resource_id=user.pk, request=request)
    return pair


def _decode_refresh(raw: str) -> dict[str, Any]:
    try:
        payload = token_backend.decode(raw, verify=True)  # type: ignore[arg-type]  # takes the raw JWT
    except TokenBackendError as exc:
        raise NotAuthenticatedError(code=errors.TOKEN_INVALID, message="The token is invalid or expired.") from exc
    needed = (jwt_settings.JTI_CLAIM, jwt_settings.USER_ID_CLAIM, AUTH_TIME_CLAIM, TOKEN_VERSION_CLAIM, "iat")
    if payload.get(jwt_settings.TOKEN_TYPE_CLAIM) != "refresh" or any(claim not in payload for claim in needed):
        raise NotAuthenticatedError(code=errors.TOKEN_INVALID, message="The token is invalid or expired.")
    return payload


def session_refresh(*, raw_refresh: str, request: HttpRequest | None = None) -> TokenPair:
    """Rotate a refresh token: the old one is spent atomically; spending it twice ends every session.

    A refresh token is issued at each sign-in and each refresh, so its issue time is the session's
    last activity: past SESSION_IDLE_MINUTES without a refresh, the session has ended.
    """
    payload = _decode_refresh(raw_refresh)
    idle_limit = settings.SESSION_IDLE_MINUTES * 60
    if idle_limit and _epoch(timezone.now()) - int(payload["iat"]) > idle_limit:
        raise NotAuthenticatedError(code=errors.SESSION_IDLE, message="You were away too long. Sign in again.")
    reused: User | None = None
    with transaction.atomic():
        outstanding = (
            OutstandingToken.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(jti=payload[jwt_settings.JTI_CLAIM])
            .first()
        )
        user = outstanding.user if outstanding else None
        if outstanding is None or user is None or str(user.pk) != str(payload[jwt_settings.USER_ID_CLAIM]):
            raise NotAuthenticatedError(code=errors.TOKEN_INVALID, message="The token is invalid or expired.")
        if not user.is_active or payload[TOKEN_VERSION_CLAIM] != user.token_version:
            raise NotAuthenticatedError(code=errors.SESSION_ENDED, message="This session has ended. Sign in again.")
        try:
            # The one-to-one blacklist row is the guarantee: of two concurrent refreshes with
            # one token, only one insert can succeed.
            with transaction.atomic():
                BlacklistedToken.objects.create(token=outstanding)
        except IntegrityError:
            reused = user
        else:
            pair = _issue_pair(user, auth_time=int(payload[AUTH_TIME_CLAIM]))
    if reused is not None:
        session_end_all(user=reused)
        audit_record(
            actor=reused,
            action="auth.refresh_reused",
            resource_type="user",
            resource_id=reused.pk,
            outcome=Outcome.DENIED,
            request=request,
        )
        raise NotAuthenticatedError(
            code=errors.TOKEN_REUSED,
            message="This refresh token was already used; every session has been ended. Sign in again.",
        )
    return pair


def session_logout(*, user: User, raw_refresh: str, request: HttpRequest | None = None) -> None:
    """Spend the given refresh token and end every session of the user."""
    payload = _decode_refresh(raw_refresh)
    if str(payload[jwt_settings.USER_ID_CLAIM]) != str(user.pk):
        raise NotAuthenticatedError(code=errors.TOKEN_INVALID, message="The token is invalid or expired.")
    with transaction.atomic():
        outstanding = OutstandingToken.objects.filter(jti=payload[jwt_settings.JTI_CLAIM], user=user).first()
        if outstanding is not None:
            BlacklistedToken.objects.get_or_create(token=outstanding)
        session_end_all(user=user)
        audit_record(actor=user, action="auth.logout", resource_type="user", resource_id=user.pk, request=request)


def session_end_all(*, user: User) -> None:
    """End every session of the user at once: all their access and refresh tokens stop working."""
    User.objects.filter(pk=user.pk).update(token_version=F("token_version") + 1)
    user.refresh_from_db(fields=["token_version"])


def session_start_for(*, user: User) -> TokenPair:
    """A fresh session for a user who has just proved who they are (e.g. after a password change)."""
    return _issue_pair(user, auth_time=_epoch(timezone.now()))
