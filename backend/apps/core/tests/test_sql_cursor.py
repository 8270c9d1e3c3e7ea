"""Hand-written statements read their rows in PostgreSQL's binary format: the same values as the ORM's text."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection

from apps.accounts.tests.factories import PatientFactory
from apps.audit.models import AuditEvent
from apps.core.sql.cursor import column, fetch, statement_cursor

pytestmark = pytest.mark.django_db

LITERALS = [
    ("%s::jsonb", '{"b": [1, 2.5, null], "a": "\u00e9t\u00e9"}'),
    ("%s::jsonb", "[]"),
    ("%s::inet", "203.0.113.7"),
    ("%s::inet", "2001:db8::1"),
    ("%s::inet", "10.1.2.3/8"),
    ("%s::cidr", "10.0.0.0/8"),
    ("%s::timestamptz", datetime.fromisoformat("2026-03-29T01:30:00+01:00")),
    ("%s::date", date(2026, 2, 28)),
    ("%s::numeric", Decimal("12.340")),
    ("%s::boolean", True),
    ("%s::bigint", 2**62),
    ("%s::text", "Zo\u00eb's note"),
    ("NULL::jsonb", None),
]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="binary results are PostgreSQL's")
@pytest.mark.parametrize(("expression", "value"), LITERALS, ids=[f"{e}-{i}" for i, (e, _) in enumerate(LITERALS)])
def test_a_statement_cursor_reads_each_type_as_the_orms_cursor_does(expression, value):
    params = [value] if "%s" in expression else []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {expression}", params)  # nosec B608 - fixed test literals
        (orm_value,) = cursor.fetchone()
    with statement_cursor() as cursor:
        assert cursor.cursor.format == 1  # binary
        cursor.execute(f"SELECT {expression}", params)  # nosec B608 - fixed test literals
        (value_read,) = cursor.fetchone()
    assert value_read == orm_value
    assert type(value_read) is type(orm_value)


def test_fetch_reads_a_row_as_the_orm_loads_it():
    patient = PatientFactory()
    for address in ("203.0.113.7", "2001:db8::1", None):
        event = AuditEvent.objects.create(
            actor=patient, action="read", resource_type="appointment", patient=patient, client_ip=address
        )
        fields = AuditEvent._meta.concrete_fields
        selected = ", ".join(column("e", f) for f in fields)
        sql = f'SELECT {selected} FROM "audit_auditevent" e WHERE e.id = %s'  # nosec B608 # noqa: S608 - model columns
        (values,) = fetch(sql, [event.pk], fields)
        stored = AuditEvent.objects.get(pk=event.pk)
        assert values == [getattr(stored, f.attname) for f in fields]
