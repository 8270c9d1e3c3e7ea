"""An exclusion constraint that exists on PostgreSQL only.

PostgreSQL enforces "no two overlapping booked appointments" with btree_gist. SQLite has no
exclusion constraints; there the serialised (IMMEDIATE) write transaction plus the services'
overlap check inside it give the same guarantee. Returning no SQL on other databases makes
`migrate` (and SQLite's table rebuilds in later migrations) skip the constraint there.
"""

from typing import Any

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Func


class TsTzRange(Func):
    """PostgreSQL's `tstzrange(start, end, bounds)`: the time range an appointment occupies."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def _is_postgres(schema_editor: Any) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class PostgresExclusionConstraint(ExclusionConstraint):
    """`ExclusionConstraint` on PostgreSQL; nothing at all on any other database."""

    def constraint_sql(self, model: Any, schema_editor: Any) -> Any:
        return super().constraint_sql(model, schema_editor) if _is_postgres(schema_editor) else None

    def create_sql(self, model: Any, schema_editor: Any) -> Any:
        return super().create_sql(model, schema_editor) if _is_postgres(schema_editor) else None

    def remove_sql(self, model: Any, schema_editor: Any) -> Any:
        return super().remove_sql(model, schema_editor) if _is_postgres(schema_editor) else None

    def validate(self, model: Any, instance: Any, exclude: Any = None, using: str = DEFAULT_DB_ALIAS) -> None:
        if connections[using].vendor == "postgresql":
            super().validate(model, instance, exclude=exclude, using=using)
