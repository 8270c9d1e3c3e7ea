import psycopg
import pytest
from django.db import OperationalError

from apps.core.db import is_transient_conflict, retry_transient


def deadlock() -> OperationalError:
    error = OperationalError("deadlock detected")
    error.__cause__ = psycopg.errors.DeadlockDetected("deadlock detected")
    return error


def test_a_deadlock_is_run_again_until_it_passes():
    calls = []

    def action():
        calls.append(1)
        if len(calls) < 3:
            raise deadlock()
        return "booked"

    assert retry_transient(action) == "booked"
    assert len(calls) == 3


def test_a_deadlock_that_persists_is_raised_after_the_last_attempt():
    calls = []

    def action():
        calls.append(1)
        raise deadlock()

    with pytest.raises(OperationalError):
        retry_transient(action, attempts=2)
    assert len(calls) == 2


def test_other_database_errors_are_not_retried():
    calls = []

    def action():
        calls.append(1)
        raise OperationalError("connection refused")

    with pytest.raises(OperationalError):
        retry_transient(action)
    assert len(calls) == 1
    assert not is_transient_conflict(OperationalError("connection refused"))
    assert is_transient_conflict(deadlock())
