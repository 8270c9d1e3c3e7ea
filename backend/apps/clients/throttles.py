"""Per-client request rate, counted on the shared cache (Redis, or its database fallback)."""

import math

from django.conf import settings

from apps.core.addresses import RateThrottle

# Where the throttle leaves the figures of the IETF RateLimit headers for `RateLimitHeadersMiddleware`.
RATE_LIMIT_ATTRIBUTE = "api_client_rate_limit"


class ApiClientRateThrottle(RateThrottle):
    """Requests per API client (`API_CLIENT_RATE`); users' requests are not counted here."""

    scope = "api_client"
    # Set by SimpleRateThrottle.allow_request, and only for a request it counts.
    key: str | None = None
    num_requests: int
    duration: int

    def get_rate(self) -> str | None:
        # Read per request, so a change of the setting (a test's) takes effect without a restart.
        return settings.API_CLIENT_RATE or None

    def get_cache_key(self, request, view):
        if not getattr(request.user, "is_api_client", False):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.client.pk}

    def allow_request(self, request, view) -> bool:
        allowed = super().allow_request(request, view)
        if self.key is not None and self.rate is not None:
            self._remember(request, allowed)
        return allowed

    def _remember(self, request, allowed: bool) -> None:
        # After a success `history` holds this request; after a refusal, the full window.
        remaining = max(self.num_requests - len(self.history), 0)
        reset = self.duration - (self.now - self.history[-1]) if self.history else self.duration
        setattr(
            request._request,
            RATE_LIMIT_ATTRIBUTE,
            (self.num_requests, remaining if allowed else 0, max(math.ceil(reset), 0)),
        )
