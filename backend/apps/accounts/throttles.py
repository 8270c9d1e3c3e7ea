"""Sign-in throttles on the shared cache (Redis in production), so every worker counts together."""

import hashlib

from rest_framework.throttling import SimpleRateThrottle


class LoginClientThrottle(SimpleRateThrottle):
    """Sign-in attempts per client address."""

    scope = "login_client"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginUsernameThrottle(SimpleRateThrottle):
    """Sign-in attempts per username, whatever address they come from."""

    scope = "login_username"

    def get_cache_key(self, request, view):
        username = request.data.get("username") if hasattr(request.data, "get") else None
        if not isinstance(username, str) or not username:
            return None
        return self.cache_format % {"scope": self.scope, "ident": username_key(username)}


class RegisterThrottle(SimpleRateThrottle):
    """Self-registrations per client address."""

    scope = "register"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def username_key(username: str) -> str:
    """A stable, opaque cache key part for a username (no personal data in cache keys)."""
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
