"""The sign-in challenge of the second factor: who must answer one, and the signed `mfa_token` it carries.

Apart from the rest of the second factor (`mfa`) because the password step (`sessions`) asks for a
challenge, and the second step signs in through `sessions`: both build on this module.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from apps.core.errors import NotAuthenticatedError

from .. import errors
from ..models import Role, TotpDevice, User

CHALLENGE_SALT = "accounts.mfa.challenge"
STAFF_ROLES = (Role.DOCTOR, Role.NURSE, Role.ADMIN)


@dataclass(frozen=True)
class MfaChallenge:
    mfa_token: str
    enrolment_required: bool
    expires_in: int
    mfa_required: bool = True


def totp_device(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user).first()


def is_enabled(device: TotpDevice | None) -> bool:
    return device is not None and device.confirmed_at is not None


def mfa_challenge_for(*, user: User) -> MfaChallenge | None:
    """The challenge that replaces the tokens at sign-in, or None when the password is enough."""
    if user.role not in STAFF_ROLES:
        return None
    enabled = is_enabled(totp_device(user))
    if not enabled and not settings.MFA_REQUIRED_FOR_STAFF:
        return None
    # Bound to the token version: a logout, password change or deactivation voids it at once.
    token = signing.dumps({"u": user.pk, "v": user.token_version}, salt=CHALLENGE_SALT)
    return MfaChallenge(mfa_token=token, enrolment_required=not enabled, expires_in=settings.MFA_CHALLENGE_SECONDS)


def challenged_user(raw_token: str) -> User:
    """The staff member an `mfa_token` was issued to, while it is valid; refused otherwise."""
    refused = NotAuthenticatedError(
        code=errors.MFA_TOKEN_INVALID, message="This sign-in has expired or is not valid. Sign in again."
    )
    try:
        data = signing.loads(raw_token, salt=CHALLENGE_SALT, max_age=settings.MFA_CHALLENGE_SECONDS)
    except signing.BadSignature:
        raise refused from None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("v"), int):
        raise refused
    user = User.objects.filter(pk=data["u"], is_active=True, role__in=STAFF_ROLES).first()
    if user is None or user.token_version != data["v"]:
        raise refused
    return user
