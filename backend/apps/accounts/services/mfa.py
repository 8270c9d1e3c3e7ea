"""A second factor for staff: TOTP authenticators (RFC 6238), one-time recovery codes, the sign-in challenge.

Sign-in for a doctor, nurse or admin with a confirmed authenticator (or for every staff member when
MFA_REQUIRED_FOR_STAFF is set) answers a challenge instead of tokens: a short-lived, signed
`mfa_token`. The client sends it back with a code of the authenticator or a recovery code to get the
token pair. A staff member who must use a second factor but has none enrols with the same token:
`auth/token/mfa/enrol/` gives the secret, and the first valid code confirms it and signs them in.
"""

import contextlib
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyotp
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from apps.audit.models import Outcome
from apps.audit.services import audit_record
from apps.core.errors import ApplicationError, ConflictError, NotAuthenticatedError, ThrottledError

from .. import errors
from ..models import RecoveryCode, TotpDevice, User
from .mfa_challenge import challenged_user, is_enabled, totp_device
from .sessions import TokenPair, login_complete, login_failure_record, login_locked

RECOVERY_CODE_COUNT = 10
# 16 characters of this 30-letter alphabet (no 0/O, 1/I/L, U) carry about 78 bits: far beyond
# guessing, so a plain SHA-256 of a code is safe to keep.
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
RECOVERY_LENGTH = 16
# Authenticator clocks drift: the codes of the step before and after the current one are accepted too.
DRIFT_STEPS = 1


@dataclass(frozen=True)
class Enrolment:
    secret: str
    otpauth_uri: str


@dataclass(frozen=True)
class MfaLogin:
    access: str
    refresh: str
    expires_in: int
    # Only when this sign-in confirmed a new authenticator: the recovery codes, shown this once.
    recovery_codes: list[str] | None = None


def mfa_status(*, user: User) -> dict[str, Any]:
    """Whether the user's second factor is on, pending confirmation, or required, and the recovery codes left."""
    device = totp_device(user)
    return {
        "enabled": is_enabled(device),
        "pending": device is not None and device.confirmed_at is None,
        "confirmed_at": device.confirmed_at if device else None,
        "clinic_requires_mfa": bool(settings.MFA_REQUIRED_FOR_STAFF),
        "recovery_codes_left": RecoveryCode.objects.filter(user=user, used_at__isnull=True).count(),
    }


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


def _recovery_hash(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if constant_time_compare(totp.generate_otp(step), code):
            return step
    return None


def _use_totp(device: TotpDevice, code: str) -> bool:
    step = _matching_step(device.secret, code, timezone.now())
    if step is None:
        return False
    # The database decides: of any requests with one code, only the first moves the step on.
    return TotpDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(last_used_step=step) == 1


def _use_recovery_code(user: User, code: str) -> bool:
    unused = RecoveryCode.objects.filter(user=user, code_hash=_recovery_hash(code), used_at__isnull=True)
    return unused.update(used_at=timezone.now()) == 1


def _verify(
    *,
    user: User,
    device: TotpDevice,
    code: str,
    action: str,
    request: HttpRequest | None,
    at_sign_in: bool,
    allow_recovery: bool = True,
) -> None:
    """Accept one code of the authenticator (or an unused recovery code), or refuse and count the failure."""
    if login_locked(user.username):
        audit_record(
            actor=user,
            action=action,
            resource_type="user",
            resource_id=user.pk,
            outcome=Outcome.DENIED,
            request=request,
        )
        raise ThrottledError(
            code=errors.LOGIN_LOCKED, message="Too many failed attempts. Wait a few minutes and try again."
        )
    normalised = _normalise(code)
    if re.fullmatch(r"[0-9]{6}", normalised):
        accepted = _use_totp(device, normalised)
    else:
        accepted = allow_recovery and _use_recovery_code(user, normalised)
    if accepted:
        return
    login_failure_record(user.username)
    audit_record(
        actor=user, action=action, resource_type="user", resource_id=user.pk, outcome=Outcome.FAILURE, request=request
    )
    message = "The code is wrong, expired or already used."
    if at_sign_in:
        raise NotAuthenticatedError(code=errors.MFA_CODE_INVALID, message=message)
    raise ApplicationError(code=errors.MFA_CODE_INVALID, message=message, fields={"code": [message]})


def _random_code() -> str:
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [_random_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=_recovery_hash(code)) for code in codes])
    return ["-".join(code[i : i + 4] for i in range(0, RECOVERY_LENGTH, 4)) for code in codes]


def _enabled_device(user: User) -> TotpDevice:
    device = totp_device(user)
    if device is None or device.confirmed_at is None:
        raise ConflictError(code=errors.MFA_NOT_ENABLED, message="No authenticator is set up for this account.")
    return device


@transaction.atomic
def mfa_enrol_start(*, user: User, request: HttpRequest | None = None) -> Enrolment:
    """A new authenticator secret to scan; it counts only once confirmed with a first code."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if is_enabled(device):
        raise ConflictError(
            code=errors.MFA_ALREADY_ENABLED, message="An authenticator is already set up; turn it off first."
        )
    secret = pyotp.random_base32(length=32)
    TotpDevice.objects.update_or_create(user=user, defaults={"secret": secret, "confirmed_at": None})
    audit_record(actor=user, action="mfa.enrol_start", resource_type="user", resource_id=user.pk, request=request)
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=settings.MFA_ISSUER)
    return Enrolment(secret=secret, otpauth_uri=uri)


def mfa_enrol_confirm(
    *, user: User, code: str, request: HttpRequest | None = None, at_sign_in: bool = False
) -> list[str]:
    """Confirm the pending authenticator with its first code; answers fresh recovery codes, shown once."""
    device = totp_device(user)
    if device is None or device.confirmed_at is not None:
        raise ConflictError(code=errors.MFA_NO_PENDING_ENROLMENT, message="Start setting up an authenticator first.")
    _verify(
        user=user,
        device=device,
        code=code,
        action="mfa.enable",
        request=request,
        at_sign_in=at_sign_in,
        allow_recovery=False,
    )
    with transaction.atomic():
        confirmed = TotpDevice.objects.filter(pk=device.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        if not confirmed:
            raise ConflictError(code=errors.MFA_ALREADY_ENABLED, message="This authenticator is already confirmed.")
        codes = _new_recovery_codes(user)
    audit_record(actor=user, action="mfa.enable", resource_type="user", resource_id=user.pk, request=request)
    return codes


def mfa_recovery_codes_renew(*, user: User, code: str, request: HttpRequest | None = None) -> list[str]:
    """Replace every recovery code by a fresh set (shown once); needs a current code."""
    device = _enabled_device(user)
    _verify(user=user, device=device, code=code, action="mfa.recovery_codes", request=request, at_sign_in=False)
    with transaction.atomic():
        codes = _new_recovery_codes(user)
    audit_record(actor=user, action="mfa.recovery_codes", resource_type="user", resource_id=user.pk, request=request)
    return codes


def mfa_disable(*, user: User, code: str, request: HttpRequest | None = None) -> None:
    """Turn the second factor off (a current code or a recovery code is needed); its secret and codes are erased."""
    device = _enabled_device(user)
    _verify(user=user, device=device, code=code, action="mfa.disable", request=request, at_sign_in=False)
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        TotpDevice.objects.filter(pk=device.pk).delete()
    audit_record(actor=user, action="mfa.disable", resource_type="user", resource_id=user.pk, request=request)


def mfa_reset(*, user: User) -> bool:
    """Erase a staff member's authenticator and recovery codes (both lost); answers whether there was one."""
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        deleted, _ = TotpDevice.objects.filter(user=user).delete()
    if deleted:
        audit_record(actor=None, action="mfa.reset", resource_type="user", resource_id=user.pk)
    return bool(deleted)


def mfa_sign_in_enrol(*, mfa_token: str, request: HttpRequest | None = None) -> Enrolment:
    """For staff who must use a second factor and have none: an authenticator secret, during sign-in."""
    return mfa_enrol_start(user=challenged_user(mfa_token), request=request)


def mfa_sign_in_throttled(*, mfa_token: str | None, request: HttpRequest | None = None) -> None:
    """Audit a second sign-in step that a throttle refused: the challenged account when the token is
    valid, else no account at all."""
    user = None
    if mfa_token:
        with contextlib.suppress(NotAuthenticatedError):
            user = challenged_user(mfa_token)
    audit_record(
        actor=user,
        action="auth.mfa_throttled",
        resource_type="user",
        resource_id=user.pk if user else None,
        outcome=Outcome.DENIED,
        request=request,
    )


def mfa_sign_in(*, mfa_token: str, code: str, request: HttpRequest | None = None) -> MfaLogin:
    """The second step of a sign-in: a code (or recovery code) for the challenge answers the token pair.

    When the account's authenticator is still pending (enrolment during sign-in), the code confirms it
    and the answer carries the new recovery codes.
    """
    user = challenged_user(mfa_token)
    device = totp_device(user)
    recovery_codes = None
    if device is not None and device.confirmed_at is None:
        recovery_codes = mfa_enrol_confirm(user=user, code=code, request=request, at_sign_in=True)
    elif device is not None:
        _verify(user=user, device=device, code=code, action="auth.mfa", request=request, at_sign_in=True)
    else:
        raise ConflictError(
            code=errors.MFA_NO_PENDING_ENROLMENT, message="Set up an authenticator first (auth/token/mfa/enrol/)."
        )
    pair: TokenPair = login_complete(user=user, request=request)
    return MfaLogin(access=pair.access, refresh=pair.refresh, expires_in=pair.expires_in, recovery_codes=recovery_codes)
