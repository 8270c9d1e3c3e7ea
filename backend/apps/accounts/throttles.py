"""Sign-in throttles on the shared cache (Redis in production), so every worker counts together."""

import hashlib

from apps.core.addresses import RateThrottle


class LoginClientThrottle(RateThrottle):
    """Sign-in attempts per client address."""

    scope = "login_client"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginUsernameThrottle(RateThrottle):
    """Sign-in attempts per username, whatever address they come from."""

    scope = "login_username"

    def get_cache_key(self, request, view):
        username = request.data.get("username") if hasattr(request.data, "get") else None
        if not isinstance(username, str) or not username:
            return None
        return self.cache_format % {"scope": self.scope, "ident": username_key(username)}


class RegisterThrottle(RateThrottle):
    """Self-registrations per client address."""

    scope = "register"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PasswordResetClientThrottle(RateThrottle):
    """Password reset link requests per client address."""

    scope = "password_reset_client"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PasswordResetEmailThrottle(RateThrottle):
    """Password reset link requests per e-mail address, whatever address they come from."""

    scope = "password_reset_email"

    def get_cache_key(self, request, view):
        email = request.data.get("email") if hasattr(request.data, "get") else None
        if not isinstance(email, str) or not email:
            return None
        return self.cache_format % {"scope": self.scope, "ident": username_key(email)}


class PasswordResetConfirmThrottle(RateThrottle):
    """Attempts to set a new password with a reset link, per client address."""

    scope = "password_reset_confirm"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def username_key(username: str) -> str:
    """A stable, opaque cache key part for a username or e-mail address (no personal data in cache keys)."""
    # surrogatepass: a lone surrogate from a JSON escape is no UTF-8, and the serializer refuses it only later.
    return hashlib.sha256(username.strip().lower().encode("utf-8", "surrogatepass")).hexdigest()[:32]


class PeopleLookupThrottle(RateThrottle):
    """Admins' people look-ups (a typeahead), per signed-in account."""

    scope = "people_lookup"

    def get_cache_key(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": user.pk}
