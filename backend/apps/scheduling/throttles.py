"""The calendar feed's throttle: wrong tokens per client address, on the shared cache."""

from apps.core.addresses import RateThrottle


class CalendarFeedMissThrottle(RateThrottle):
    """Wrong feed tokens per client address. Only misses count (`record_miss`): a calendar app that
    polls a good URL is never refused, and guessing stops after a few tries."""

    scope = "calendar_feed_miss"
    # Set by SimpleRateThrottle from the rate (its type stubs do not declare them).
    num_requests: int
    duration: int

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return len(self.history) < self.num_requests or self.throttle_failure()

    def record_miss(self) -> None:
        """Count a wrong token (after `allow_request`, which read this client's history)."""
        if self.rate is None:
            return
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)
