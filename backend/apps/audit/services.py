from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from apps.core.addresses import client_address
from apps.core.request_id import current_request_id
from apps.core.rows import statement_cursor

from .models import AuditEvent, Outcome


def _context(*, actor: Any, action: str, resource_type: str, outcome: str, request: HttpRequest | None) -> dict:
    """What an event says besides its resource and patient: who, doing what, from where, with what outcome."""
    real_actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    client = getattr(real_actor, "client", None) if getattr(real_actor, "is_api_client", False) else None
    return {
        "actor": None if client is not None else real_actor,
        "client_id": None if client is None else client.pk,
        "actor_role": getattr(real_actor, "role", "") or "",
        "action": action,
        "resource_type": resource_type,
        "client_ip": None if request is None else client_address(request),
        "outcome": outcome,
        "request_id": current_request_id() if request is not None else "",
    }


def _event(
    *,
    actor: Any,
    action: str,
    resource_type: str,
    resource_id: Any,
    patient: Any,
    outcome: str,
    request: HttpRequest | None,
) -> AuditEvent:
    return AuditEvent(
        **_context(actor=actor, action=action, resource_type=resource_type, outcome=outcome, request=request),
        resource_id="" if resource_id is None else str(resource_id),
        patient_id=getattr(patient, "pk", patient),
    )


def audit_record(
    *,
    actor: Any,
    action: str,
    resource_type: str,
    resource_id: Any = None,
    patient: Any = None,
    outcome: str = Outcome.SUCCESS,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one audit event (actor, action, resource, patient, time, client address, outcome)."""
    event = _event(
        actor=actor,
        action=action,
        resource_type=resource_type,
        resource_id=resource_id,
        patient=patient,
        outcome=outcome,
        request=request,
    )
    event.save()
    return event


def audit_record_many(
    *,
    actor: Any,
    action: str,
    resource_type: str,
    items: Iterable[tuple[Any, Any]],
    outcome: str = Outcome.SUCCESS,
    request: HttpRequest | None = None,
) -> None:
    """Append one event per (resource id, patient) pair in a single insert (lists touch many patients).

    Every read of a list pays for this, so it is one plain INSERT: no model instance per row, no
    ORM compilation, no transaction of its own (one statement is atomic already). The values all
    rows share are made once (`_shared_values`).
    """
    items = list(items)
    if not items:
        return
    values = _shared_values(actor=actor, action=action, resource_type=resource_type, outcome=outcome, request=request)
    fields = _insert_fields()
    resource_ids = ["" if resource_id is None else str(resource_id) for resource_id, _ in items]
    patient_ids = [getattr(patient, "pk", patient) for _, patient in items]
    with statement_cursor() as cursor:
        if connection.vendor == "postgresql" and len(items) > 1:
            # What varies as two arrays: one statement text whatever the number of rows. One row (a
            # detail, a timeline) takes plain VALUES: psycopg's array dumpers, which inspect every
            # list to choose its type, were a third of that insert's cost.
            shared_values = [values[field.attname] for field in fields if field.attname not in _VARYING]
            cursor.execute(_insert_from_arrays_sql(), [*shared_values, resource_ids, patient_ids])
        else:
            params: list[Any] = []
            for resource_id, patient_id in zip(resource_ids, patient_ids, strict=True):
                values.update(resource_id=resource_id, patient_id=patient_id)
                params.extend(values[field.attname] for field in fields)
            cursor.execute(_insert_sql(len(items)), params)


_VARYING = ("resource_id", "patient_id")
_SHARED = (
    "occurred_at",
    "actor_id",
    "client_id",
    "actor_role",
    "action",
    "resource_type",
    "client_ip",
    "outcome",
    "request_id",
)


def _shared_values(*, actor: Any, action: str, resource_type: str, outcome: str, request: HttpRequest | None) -> dict:
    """The database values every row of one `audit_record_many` shares: `_event`'s, without a model
    instance and a field-by-field preparation per call (together 3.5% of a doctor's day,
    bench/README.md). `audit/tests/test_audit.py` holds the rows of the two ways equal."""
    values = _context(actor=actor, action=action, resource_type=resource_type, outcome=outcome, request=request)
    actor_row, address = values.pop("actor"), values["client_ip"]
    return {
        **values,
        "occurred_at": timezone.now(),
        "actor_id": None if actor_row is None else actor_row.pk,
        "client_ip": None if address is None else _client_ip_field().get_db_prep_save(address, connection),
    }


@lru_cache(maxsize=1)
def _client_ip_field() -> Any:
    return AuditEvent._meta.get_field("client_ip")


@lru_cache(maxsize=1)
def _insert_fields() -> list[Any]:
    fields = [field for field in AuditEvent._meta.concrete_fields if not field.primary_key]
    if sorted(field.attname for field in fields) != sorted(_SHARED + _VARYING):  # a new column needs a value here
        raise AssertionError(f"audit_record_many does not know every column of AuditEvent: {fields}")
    return fields


def _insert_into() -> str:
    """`INSERT INTO <audit table> (<every column but the id>)`: only the model's own names are
    formatted in; every value is a parameter."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in _insert_fields())
    return f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({columns})"


@lru_cache(maxsize=128)
def _insert_sql(rows: int) -> str:
    """The INSERT of `audit_record_many` for `rows` rows of VALUES."""
    row = "(" + ", ".join(["%s"] * len(_insert_fields())) + ")"
    return f"{_insert_into()} VALUES {', '.join([row] * rows)}"


@lru_cache(maxsize=1)
def _insert_from_arrays_sql() -> str:
    """The INSERT of `audit_record_many` on PostgreSQL for several rows: the shared values once, and
    one row per element of the two arrays of what varies, which PostgreSQL unnests."""
    select = ", ".join(f"v.{field.attname}" if field.attname in _VARYING else "%s" for field in _insert_fields())
    return (
        f"{_insert_into()} SELECT {select} "  # nosec B608  # noqa: S608
        "FROM unnest(%s::varchar[], %s::bigint[]) AS v(resource_id, patient_id)"
    )
