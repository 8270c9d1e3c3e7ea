"""Lists read with one hand-written statement into plain rows.

For the busiest lists, compiling a joined queryset and building a model instance per joined row
cost several times the database's own work (bench/README.md). A `Rows` subclass names its columns
(table alias and model field), its FROM and WHERE (values always bound as parameters; only the
models' own table and column names are formatted in) and the plain object each row becomes, with
the attributes its API output reads. It is
sliceable and countable, so the API's paginator pages it like a queryset. Each value goes through
the converters the ORM would apply (decryption, SQLite's dates), so rows read the same on every
database the app supports.

On PostgreSQL they run on `statement_cursor()`: values bound by the server, so that PostgreSQL can
keep each statement's plan for the connection (planning was half of these reads' database time).
"""

import functools
from typing import Any

from django.db import connection

from .sql.cursor import convert, read_like_the_orm, statement_cursor

__all__ = ["convert", "read_like_the_orm", "statement_cursor"]


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


def order_terms(ordering: list[str], columns: dict[str, str]) -> list[str]:
    """`ordering=` terms (already validated by an OrderingFilter) as SQL, then the id as the tie-break."""
    terms = [f"{columns[term.lstrip('-')]} {'DESC' if term.startswith('-') else 'ASC'}" for term in ordering]
    if not any(term.lstrip("-") == "id" for term in ordering):
        descending = bool(ordering) and ordering[0].startswith("-")
        terms.append(f"{columns['id']} {'DESC' if descending else 'ASC'}")
    return terms
