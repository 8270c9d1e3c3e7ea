"""Password reset links: Django's token generator, and the SPA address that carries a token.

The token is a keyed hash of the account's password hash, last sign-in, e-mail address and the time
it was made (`PasswordResetTokenGenerator`): it stops working when the password changes (so it is
single-use), after the next sign-in, and after PASSWORD_RESET_TIMEOUT seconds. Nothing stores it.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from .models import User

password_reset_tokens = PasswordResetTokenGenerator()

# The largest primary key PostgreSQL's bigint holds; a uid decoding past it names nobody.
_LARGEST_ID = 2**63 - 1


def password_reset_uid(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def password_reset_user_id(uid: str) -> int | None:
    """The account id a link's uid names, or None when it is no uid at all."""
    try:
        text = urlsafe_base64_decode(uid).decode("ascii")
    except (ValueError, TypeError):  # bad base64, or not ASCII (UnicodeError is a ValueError)
        return None
    if not text.isdigit() or len(text) > 19:
        return None
    user_id = int(text)
    return user_id if 0 < user_id <= _LARGEST_ID else None


def password_reset_url(user: User) -> str:
    """A fresh link for the user's e-mail: the SPA's reset page, the uid and token in the fragment.

    In the fragment, because a browser sends no fragment to any server: neither the access logs of
    gunicorn or nginx nor a Referer header ever carry the token.
    """
    fragment = urlencode({"uid": password_reset_uid(user), "token": password_reset_tokens.make_token(user)})
    return f"{settings.SITE_URL}/reset-password#{fragment}"
