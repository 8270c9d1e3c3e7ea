"""A lost database connection answers 503 with Retry-After, never 500; a read first runs once more.

Connections are persistent (CONN_MAX_AGE) and checked before a request's first statement
(CONN_HEALTH_CHECKS), but the server can still end one during a request (a restart, a failover,
`pg_terminate_backend`), and the statement that follows fails. A read (GET, HEAD, OPTIONS) then
runs once more on a new connection: it wrote nothing, so running it again is safe. A write is not
run again: a transaction that lost its connection was rolled back by the server, and a statement
outside one may have been committed, which only the client can tell (a create's Idempotency-Key
makes its retry safe, apps.core.idempotency); it answers 503 in the shared error shape with `Retry-After`.
"""

import logging

from django.db import connections
from django.http import HttpRequest, HttpResponse

from .errors import database_unavailable, unavailable_response

logger = logging.getLogger(__name__)

READS = frozenset({"GET", "HEAD", "OPTIONS"})


class DatabaseOutageMiddleware:
    """503 with Retry-After when the database could not answer; a read runs once more on a new connection first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "database_lost", False):
            request.database_lost = False  # type: ignore[attr-defined]
            if _drop_lost_connections() and request.method in READS:
                response = self.get_response(request)
                if getattr(request, "database_lost", False):
                    _drop_lost_connections()
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_unavailable(exception):
            return None
        request.database_lost = True  # type: ignore[attr-defined]
        logger.warning("The database could not answer (%s).", type(exception).__name__)
        return unavailable_response()


def _drop_lost_connections() -> bool:
    """Close the connections that failed and no longer work; whether any was (so a new one may serve)."""
    opened = connections.all(initialized_only=True)
    if any(conn.in_atomic_block for conn in opened):
        return False  # a caller's transaction (a test's) is still open: nothing may run again inside it
    lost = [conn for conn in opened if conn.errors_occurred and (conn.connection is None or not conn.is_usable())]
    for conn in lost:
        conn.close()
    return bool(lost)
