"""A feed merged from several tables, one page in one statement: the patient timeline's read.

Why it is written by hand, and what it costs through the ORM: docs/adr/0004-hand-written-sql-records.md.
The caller describes each member of the feed (`Member`: table, columns as model fields, filter,
order and merge key); this module knows no model. A page is one statement: every member's count,
and each member's first `stop` rows in its own order (a UNION ALL member each, so its index serves
it), merged in Python by the members' keys and cut to the page. Only the page's rows have all of
their columns converted (decrypted); the others are placed by their key columns alone.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import connection

from .cursor import column, convert, quote, statement_cursor


@dataclass(frozen=True)
class Member:
    """One member of the feed: rows of `table` (alias `t`) joined to the person they show (alias `u`;
    its columns are NULL for a row that names no person, as one written by an API client)."""

    table: str
    person_table: str
    person_column: str  # the column of `t` naming the person
    person_fields: tuple[Any, ...]  # model fields of the person's table, read first
    fields: tuple[Any, ...]  # model fields of `table`, in the order `build` receives them
    where: tuple[str, ...]  # conditions on `t`, values as %s
    params: tuple[Any, ...]
    order: tuple[str, ...]  # SQL terms of `t`, ascending: also the order of `key`
    key_fields: tuple[str, ...]  # names of the `fields` that `key` reads
    key: Callable[..., tuple]  # the member's place in the merged feed, from its key fields' values
    build: Callable[[list[Any], list[Any], tuple], Any]  # the item, from its own and its person's values and its key

    @cached_property
    def columns(self) -> tuple[tuple[str, Any], ...]:
        return (*(("u", f) for f in self.person_fields), *(("t", f) for f in self.fields))

    @cached_property
    def key_indexes(self) -> tuple[int, ...]:
        names = [f.name for f in self.fields]
        return tuple(len(self.person_fields) + names.index(name) for name in self.key_fields)

    def count_sql(self) -> str:
        return f"(SELECT COUNT(*) FROM {quote(self.table)} t WHERE {' AND '.join(self.where)})"  # noqa: S608  # nosec B608

    def branch(self, cells: list[str], descending: bool) -> str:
        """The member's first rows in its order: `SELECT <cells> ... LIMIT %s`, to be one UNION member."""
        direction = "DESC" if descending else "ASC"
        order = ", ".join(f"{term} {direction}" for term in self.order)
        # Only the models' own names are formatted in; the values are bound.
        return (
            f"SELECT {', '.join(cells)} FROM {quote(self.table)} t "  # noqa: S608  # nosec B608
            f"LEFT JOIN {quote(self.person_table)} u ON u.id = t.{quote(self.person_column)} "
            f"WHERE {' AND '.join(self.where)} ORDER BY {order} LIMIT %s"
        )


class Feed:
    """A lazy, sliceable feed for Django's paginator: `count()` and `feed[start:stop]` (items by `build`)."""

    def __init__(self, members: Sequence[Member], *, descending: bool) -> None:
        self.members = list(members)
        self.descending = descending
        self._counts: list[int] | None = None

    def count(self) -> int:
        if self._counts is None:
            self._counts = _counts(self.members)
        return sum(self._counts)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Any]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("The feed is read a page at a time.")
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        if stop <= start or not self.members:
            return []
        self._counts, rows = _first_rows(self.members, stop, self.descending)
        # Each member's first `stop` rows hold the merged feed's first `stop`: place them by their
        # keys (converting only the key columns), then convert and build only the page's.
        placed = []
        for rank, member in enumerate(self.members):
            convert(member.columns, rows[rank], frozenset(member.key_indexes))
            for values in rows[rank]:
                key = member.key(*(values[i] for i in member.key_indexes))
                placed.append((key, rank, values))
        placed.sort(key=lambda entry: entry[0], reverse=self.descending)
        page = placed[start:stop]
        for rank, member in enumerate(self.members):
            rest = frozenset(range(len(member.columns))) - frozenset(member.key_indexes)
            convert(member.columns, [values for _, of, values in page if of == rank], rest)
        people = {rank: len(member.person_fields) for rank, member in enumerate(self.members)}
        return [
            self.members[rank].build(values[people[rank] :], values[: people[rank]], key) for key, rank, values in page
        ]


def _first_rows(members: list[Member], stop: int, descending: bool) -> tuple[list[int], list[list[list[Any]]]]:
    """Every member's count and its first `stop` rows, in one statement.

    The members share one row layout: the member's rank, the person's columns, then a slot of
    columns for each member, filled by that member and typed NULLs by the others. The counts are
    one row of scalar subqueries, joined to every row (and kept when there are none).
    """
    sql, slots = _statement(members, descending)
    params = [value for member in members for value in member.params]
    params += [value for member in members for value in (*member.params, stop)]
    with statement_cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    size = len(members)
    counts = [total or 0 for total in fetched[0][:size]]
    rows: list[list[list[Any]]] = [[] for _ in members]
    for row in fetched:
        rank = row[size]
        if rank is None:  # no row at all: the counts' row alone
            continue
        people = len(members[rank].person_fields)
        slot = size + slots[rank]
        rows[rank].append([*row[size + 1 : size + 1 + people], *row[slot : slot + len(members[rank].fields)]])
    return counts, rows


# The statements built so far, by vendor, order, and the text of their members (values are bound).
_STATEMENTS: dict[tuple, tuple[str, tuple[int, ...]]] = {}


def _statement(members: list[Member], descending: bool) -> tuple[str, tuple[int, ...]]:
    """The page statement and where each member's slot starts in its rows: built once per shape."""
    shape = (connection.vendor, descending, tuple((m.table, m.fields, m.where, m.order) for m in members))
    if shape not in _STATEMENTS:
        _STATEMENTS[shape] = _build_statement(members, descending)
    return _STATEMENTS[shape]


def _build_statement(members: list[Member], descending: bool) -> tuple[str, tuple[int, ...]]:
    """The counts' row, joined to the UNION ALL of every member's first rows.

    On PostgreSQL the members are parenthesised and only the first types its NULLs; the others'
    NULLs take the first member's types (a member wrapped in a subquery would type its NULLs as
    text). SQLite has no parenthesised members and no types to lose.
    """
    postgresql = connection.vendor == "postgresql"
    ranks = range(len(members))
    person_fields = members[0].person_fields
    cells_of = {rank: [str(rank), *(column("u", f) for f in person_fields)] for rank in ranks}
    width = 1 + len(person_fields)
    slots = []
    for owner, member in enumerate(members):
        slots.append(width)
        for own in member.fields:
            for rank in ranks:
                if rank == owner:
                    cells_of[rank].append(column("t", own))
                else:
                    typed = postgresql and rank == 0
                    cells_of[rank].append(f"NULL::{own.db_type(connection)}" if typed else "NULL")
        width += len(member.fields)
    counts = ", ".join(member.count_sql() for member in members)
    branches = [member.branch(cells_of[rank], descending) for rank, member in enumerate(members)]
    if postgresql:
        union = " UNION ALL ".join(f"({branch})" for branch in branches)
    else:
        union = " UNION ALL ".join(f"SELECT * FROM ({b}) k{rank}" for rank, b in enumerate(branches))  # noqa: S608  # nosec B608
    sql = f"SELECT * FROM (SELECT {counts}) n LEFT JOIN ({union}) p ON 1 = 1"  # noqa: S608  # nosec B608
    return sql, tuple(slots)


def _counts(members: list[Member]) -> list[int]:
    """Every member's count in one statement (a scalar subquery each)."""
    if not members:
        return []
    with statement_cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(member.count_sql() for member in members)}",
            [value for member in members for value in member.params],
        )
        return [total or 0 for total in cursor.fetchone()]
