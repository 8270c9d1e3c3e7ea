"""Django's PostgreSQL backend, whose health check trusts a connection that was just used.

With CONN_HEALTH_CHECKS, Django sends `SELECT 1` before the first query of every request that
reuses a persistent connection, so that a connection the server dropped while it sat idle (a
restart, an idle timeout) is replaced instead of failing the request. Under load that round trip
was one in three of a small read's. A connection whose statements of the last request succeeded
less than `HEALTH_CHECK_GRACE_SECONDS` ago is as good as checked, so the next request skips it;
an idle one is still checked. Everything else is Django's backend (`vendor` is "postgresql").
"""

import time

from django.db.backends.postgresql import base

# A connection used successfully this recently needs no `SELECT 1` before the next request's queries.
HEALTH_CHECK_GRACE_SECONDS = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    health_check_done: bool  # Django's, set in its __init__

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_good_at: float | None = None  # when its statements last succeeded (monotonic)
        self.used_since_boundary = False

    def ensure_connection(self):
        # Every cursor, the ORM's and apps.core.rows.statement_cursor's, comes through here.
        super().ensure_connection()
        self.used_since_boundary = True

    def close_if_unusable_or_obsolete(self):
        """Django's, at each request's start and end; then when the connection was last known good."""
        used = self.used_since_boundary  # read first: Django's method ensures the connection itself
        super().close_if_unusable_or_obsolete()
        now = time.monotonic()
        if self.connection is None:
            self.known_good_at = None
        elif used or self.health_check_done:
            # Used without an error since the last boundary (an error would have made Django test
            # it just now), or tested just now.
            self.known_good_at = now
        self.used_since_boundary = False
        fresh = self.known_good_at is not None and now - self.known_good_at < HEALTH_CHECK_GRACE_SECONDS
        if self.connection is not None and fresh:
            self.health_check_done = True
