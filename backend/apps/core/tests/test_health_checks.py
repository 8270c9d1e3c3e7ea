"""Persistent connections: each request checks its reused one first, so a dropped one is replaced, not failed."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, ProgrammingError, connection, connections

from apps.core.sql.cursor import statement_cursor

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def request(statements=1) -> None:
    """One request's database life, as the WSGI handler brings it about."""
    request_started.send(sender=None)
    for _ in range(statements):
        with statement_cursor() as cursor:
            cursor.execute("SELECT 1")
    request_finished.send(sender=None)


def drop_on_the_server() -> int:
    pid = connection.connection.info.backend_pid
    other = connections.create_connection(DEFAULT_DB_ALIAS)  # same settings, password included
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    return pid


@pytest.fixture
def health_checks(monkeypatch):
    """The health checks the connection makes (Django's is_usable), from a new connection on."""
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    connection.close()
    made = []
    real = connection.is_usable

    def is_usable():
        made.append(connection.connection.info.backend_pid)
        return real()

    monkeypatch.setattr(connection, "is_usable", is_usable)
    return made


def test_a_connection_dropped_while_idle_is_replaced_before_a_hand_written_statement(health_checks):
    request()
    dropped = drop_on_the_server()
    request_started.send(sender=None)
    with statement_cursor() as cursor:  # the first statement of most reads: the token's user
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert health_checks == [dropped]
    assert connection.connection.info.backend_pid != dropped
    request_finished.send(sender=None)


def test_a_connection_dropped_while_idle_is_replaced_before_an_orm_query(health_checks):
    from apps.accounts.models import User

    request()
    dropped = drop_on_the_server()
    request_started.send(sender=None)
    assert User.objects.count() == 0
    assert health_checks == [dropped]
    request_finished.send(sender=None)


def test_a_reused_connection_is_checked_once_per_request(health_checks):
    request()  # connects: a new connection needs no check
    assert health_checks == []
    for _ in range(3):
        request(statements=3)
    assert len(health_checks) == 3


def test_a_request_without_statements_checks_nothing(health_checks):
    request()
    request(statements=0)
    assert health_checks == []


def test_a_connection_whose_statement_failed_is_checked_at_the_end_of_the_request(health_checks):
    request()
    request_started.send(sender=None)
    with pytest.raises(ProgrammingError), statement_cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")
    request_finished.send(sender=None)
    assert len(health_checks) == 2  # before the statement, and Django's check of a connection that saw an error
    assert connection.connection is not None  # usable, so kept
