"""Database helpers shared by the services."""

from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError

T = TypeVar("T")

# PostgreSQL SQLSTATEs that mean "another transaction got in the way; running again may succeed".
_RETRYABLE = {"40P01", "40001"}  # deadlock_detected, serialization_failure


def is_transient_conflict(exc: BaseException) -> bool:
    """A deadlock or serialisation failure: the database rolled this transaction back; a retry may pass."""
    cause = getattr(exc, "__cause__", None)
    return isinstance(exc, OperationalError) and getattr(cause, "sqlstate", None) in _RETRYABLE


def retry_transient(action: Callable[[], T], *, attempts: int = 3) -> T:
    """Run `action` (which opens its own transaction) again when the database aborted it as a deadlock.

    Concurrent inserts that conflict through an exclusion constraint can wait on each other;
    PostgreSQL then aborts one of them. Run again, it sees the winner's committed row and gets the
    ordinary constraint violation (a clear 409), or succeeds if the winner rolled back.
    """
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except OperationalError as exc:
            if attempt == attempts or not is_transient_conflict(exc):
                raise
    raise AssertionError("unreachable")  # pragma: no cover
