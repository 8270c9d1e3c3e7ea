"""Bulk loading with COPY, while a table's secondary indexes and constraints wait until the end."""

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg


def _cell(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def copy_rows(conn: psycopg.Connection, table: str, columns: list[str], rows: Iterable[Iterable[Any]]) -> int:
    """COPY rows (tab-separated text, written in large chunks); answers how many were written."""
    count = 0
    buffer = io.StringIO()
    quoted = ", ".join(f'"{column}"' for column in columns)
    statement = f"COPY {table} ({quoted}) FROM STDIN"
    with conn.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[arg-type]
        for row in rows:
            buffer.write("\t".join(_cell(value) for value in row))
            buffer.write("\n")
            count += 1
            if count % 20_000 == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())
    return count


@dataclass
class Deferred:
    """A table's secondary indexes and constraints, dropped for the load and recreated after it."""

    table: str
    constraints: list[tuple[str, str]]
    indexes: list[str]


def defer_indexes(conn: psycopg.Connection, table: str) -> Deferred:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype <> 'p' ORDER BY conname",
            [table],
        )
        constraints = [(name, definition) for name, definition in cursor.fetchall()]
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _ in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    return Deferred(table, constraints, [definition for _, definition in indexes])


def restore_indexes(conn: psycopg.Connection, deferred: Deferred) -> None:
    with conn.cursor() as cursor:
        for name, definition in deferred.constraints:
            cursor.execute(f'ALTER TABLE {deferred.table} ADD CONSTRAINT "{name}" {definition}')  # type: ignore[arg-type]
        for definition in deferred.indexes:
            cursor.execute(definition)  # type: ignore[arg-type]
