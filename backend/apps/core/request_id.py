"""The id of the request being served, for error bodies, audit events and every log line.

Apart from the middleware that sets it, so that the logging set-up, which loads before Django's
apps are ready, and the error handling can both read it without importing each other.
"""

import logging
from contextvars import ContextVar

request_id_context: ContextVar[str] = ContextVar("request_id", default="-")


def current_request_id() -> str:
    return request_id_context.get()


class RequestIdLogFilter(logging.Filter):
    """Adds the current request id to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True
