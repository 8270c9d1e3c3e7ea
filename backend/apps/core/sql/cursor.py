"""The cursor and value conversion of hand-written statements (the statements: the modules beside this).

On PostgreSQL a statement runs on `statement_cursor()`: values bound by the server, so PostgreSQL
keeps each statement's plan for the connection, and rows read in binary. Each value then goes
through the converters the ORM applies to its model field (decryption, SQLite's dates), so rows
read the same on every database the app supports. The model fields are passed in: this package
imports no app's models.
"""

from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections


def statement_cursor() -> Any:
    """A cursor for hand-written statements that PostgreSQL prepares once per connection and reuses.

    Its values are bound by the server (psycopg's server-binding cursor), so psycopg prepares a
    statement after `prepare_threshold` uses on the connection (DATABASES OPTIONS, set from
    DB_PREPARED_STATEMENTS; off: never). The ORM's cursors bind client-side and are never prepared.
    Statements stay visible to Django's query logging and execute wrappers, which the tests' query
    counts and the bench's use. Elsewhere (SQLite) it is the ordinary cursor.

    Its rows come back in PostgreSQL's binary format, which psycopg's C loaders read: in text,
    every timestamp went through Django's timestamptz loader, written in Python, and PostgreSQL
    formatted it first. The values are the same as the ORM's (`read_like_the_orm` keeps the few
    types whose binary reading would differ as Django reads them).
    """
    wrapper = connections[DEFAULT_DB_ALIAS]  # this thread's connection: one lookup, not one per use of the proxy
    if wrapper.vendor != "postgresql":
        return wrapper.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor  # needs psycopg
    from psycopg import pq

    # As the ORM's cursors do: a persistent connection that fails its health check is replaced.
    wrapper.close_if_health_check_failed()
    wrapper.ensure_connection()
    wrapper.validate_thread_sharing()
    cursor: Any = ServerBindingCursor(wrapper.connection)  # type: ignore[call-arg]
    cursor.format = pq.Format.BINARY
    return wrapper.make_debug_cursor(cursor) if wrapper.queries_logged else wrapper.make_cursor(cursor)


def read_like_the_orm(raw_connection: Any) -> None:
    """Binary results of `raw_connection` read as Django reads their text: jsonb and network
    addresses as strings (Django's JSONField decodes the JSON itself; the app has no `json` columns).
    Called for every new PostgreSQL connection (apps.core.apps); the ORM's cursors read text."""
    from psycopg import pq
    from psycopg.adapt import Loader
    from psycopg.types.net import InetBinaryLoader

    class JsonbAsText(Loader):
        format = pq.Format.BINARY

        def load(self, data: Any) -> str:
            # jsonb's binary form is a format version (1), then the JSON text.
            return bytes(data[1:]).decode()

    class InetAsText(InetBinaryLoader):
        def load(self, data: Any) -> str:  # type: ignore[override]
            return str(super().load(data))

    adapters = raw_connection.adapters
    adapters.register_loader("jsonb", JsonbAsText)
    adapters.register_loader("inet", InetAsText)
    adapters.register_loader("cidr", InetAsText)


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def column(alias: str, model_field: Any) -> str:
    """`alias."column"` of a model field."""
    return f"{alias}.{quote(model_field.column)}"


def fetch(sql: str, params: Sequence[Any], fields: Sequence[Any]) -> list[list[Any]]:
    """The rows of `sql`, each value converted as the ORM converts the model field in its place
    (`fields`: one per selected column, in order; None leaves a column as read)."""
    with statement_cursor() as cursor:
        cursor.execute(sql, params)
        rows = [list(row) for row in cursor.fetchall()]
    columns = [("t", field) for field in fields]
    convert(columns, rows)
    return rows


def convert(
    columns: list[tuple[str, Any]] | tuple[tuple[str, Any], ...],
    rows: list[list[Any]],
    indexes: set[int] | frozenset[int] | None = None,
) -> None:
    """Convert in place the values of `rows` read as `columns`, as the ORM converts its model fields.

    `indexes` limits it to those columns (each value must be converted once only); by default all.
    Only the columns that have converters are visited (on PostgreSQL, mostly the encrypted ones).
    """
    for index, expression, functions in _converters(tuple(columns)):
        if indexes is not None and index not in indexes:
            continue
        for values in rows:
            value = values[index]
            for function in functions:
                value = function(value, expression, connection)
            values[index] = value


def _converters(columns: tuple[tuple[str, Any], ...]) -> list[tuple[int, Any, list[Any]]]:
    """The columns with converters: index, expression, converters. Worked out once per connection
    (they depend on its backend)."""
    wrapper = connections[DEFAULT_DB_ALIAS]  # this thread's connection, not the module-level proxy
    cache = wrapper.__dict__.setdefault("_hand_written_rows_converters", {})
    if columns not in cache:
        converters = []
        for index, (alias, model_field) in enumerate(columns):
            if model_field is None:
                continue
            expression = model_field.get_col(alias)
            functions = connection.ops.get_db_converters(expression) + model_field.get_db_converters(connection)
            if functions:
                converters.append((index, expression, functions))
        cache[columns] = converters
    return cache[columns]
