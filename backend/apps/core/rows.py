"""Lists read with one hand-written statement into plain rows.

For the busiest lists, compiling a joined queryset and building a model instance per joined row
outweighed the database's own work. A `Rows` subclass names its columns (table alias and model
field), its FROM and WHERE (values always bound as parameters; only the models' own table and
column names are formatted in) and the plain object each row becomes, with the attributes its API
output reads. It is sliceable and countable, so the API's paginator pages it like a queryset. Each value goes through
the converters the ORM would apply (decryption, SQLite's dates), so rows read the same on every
database the app supports.

On PostgreSQL they run on `statement_cursor()`: values bound by the server, so that PostgreSQL can
keep each statement's plan for the connection instead of planning it on every read.
"""

import functools
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


class Rows:
    """A lazy list for the paginator: `count()` and `rows[start:stop]` (one statement each)."""

    # (table alias, model field) per selected column, in the order `row` receives them.
    columns: list[tuple[str, Any]] = []

    def __init__(self, where: list[str], params: list[Any], order_by: list[str]) -> None:
        self.where, self.params, self.order_by = where, params, order_by

    def from_clause(self, *, for_count: bool) -> str:
        """`FROM ... JOIN ...`: a count may leave out joins that only the selected columns need."""
        raise NotImplementedError

    def row(self, values: list[Any]) -> Any:
        """The object one row of converted values becomes."""
        raise NotImplementedError

    def _from_where(self, *, for_count: bool) -> str:
        where = f" WHERE {' AND '.join(self.where)}" if self.where else ""
        return self.from_clause(for_count=for_count) + where

    def count(self) -> int:
        with statement_cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) {self._from_where(for_count=True)}", self.params)
            return cursor.fetchone()[0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Any]:
        if not isinstance(index, slice) or index.step not in (None, 1) or index.stop is None:
            raise TypeError("These rows are read a page at a time.")
        start = index.start or 0
        if index.stop <= start:
            return []
        tail = f"{self._from_where(for_count=False)} ORDER BY {', '.join(self.order_by)} LIMIT %s OFFSET %s"
        rows = select(self.columns, tail, [*self.params, index.stop - start, start])
        return [self.row(values) for values in rows]


def select(columns: list[tuple[str, Any]], tail: str, params: list[Any]) -> list[list[Any]]:
    """`SELECT <columns> <tail>`, each value converted as the ORM converts its model field."""
    with statement_cursor() as cursor:
        cursor.execute(f"SELECT {_select_list(connection.vendor, tuple(columns))} {tail}", params)
        rows = cursor.fetchall()
    result = [list(row) for row in rows]
    convert(columns, result)
    return result


@functools.lru_cache(maxsize=256)
def _select_list(vendor: str, columns: tuple[tuple[str, Any], ...]) -> str:
    """`alias."column", ...` of `columns`, quoted for `vendor`'s database: worked out once per list."""
    return ", ".join(column(alias, model_field) for alias, model_field in columns)


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
            expression = model_field.get_col(alias)
            functions = connection.ops.get_db_converters(expression) + model_field.get_db_converters(connection)
            if functions:
                converters.append((index, expression, functions))
        cache[columns] = converters
    return cache[columns]


def order_terms(ordering: list[str], columns: dict[str, str]) -> list[str]:
    """`ordering=` terms (already validated by an OrderingFilter) as SQL, then the id as the tie-break."""
    terms = [f"{columns[term.lstrip('-')]} {'DESC' if term.startswith('-') else 'ASC'}" for term in ordering]
    if not any(term.lstrip("-") == "id" for term in ordering):
        descending = bool(ordering) and ordering[0].startswith("-")
        terms.append(f"{columns['id']} {'DESC' if descending else 'ASC'}")
    return terms
