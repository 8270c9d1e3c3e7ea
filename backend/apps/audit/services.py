"""The audit log's one way in: `audit_record`, one insert for every event of one action."""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from apps.core.addresses import client_address
from apps.core.request_id import current_request_id

from .models import AuditEvent, Outcome


def _context(*, actor: Any, action: str, resource_type: str, outcome: str, request: HttpRequest | None) -> dict:
    """What an event says besides its resource and patient: who, doing what, from where, with what outcome."""
    real_actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    client = getattr(real_actor, "client", None) if getattr(real_actor, "is_api_client", False) else None
    return {
        "actor_id": None if client is not None or real_actor is None else real_actor.pk,
        "client_id": None if client is None else client.pk,
        "actor_role": getattr(real_actor, "role", "") or "",
        "action": action,
        "resource_type": resource_type,
        "client_ip": None if request is None else client_address(request),
        "outcome": outcome,
        "request_id": current_request_id() if request is not None else "",
    }


def audit_record(
    *,
    actor: Any,
    action: str,
    resource_type: str,
    resource_id: Any = None,
    patient: Any = None,
    items: Iterable[tuple[Any, Any]] | None = None,
    outcome: str = Outcome.SUCCESS,
    request: HttpRequest | None = None,
    item_count: int | None = None,
) -> list[AuditEvent]:
    """Append audit events (actor, action, resource, patient, time, client address, outcome) in one insert.

    `items` lists the (resource id, patient) of each event, for a list that touches many patients;
    without it, `resource_id` and `patient` name the one event. Patients are users or their ids.
    `item_count` is for one event that stands for a whole list (how many rows it held).
    """
    pairs = [(resource_id, patient)] if items is None else list(items)
    if not pairs:
        return []
    shared = _context(actor=actor, action=action, resource_type=resource_type, outcome=outcome, request=request)
    events = [
        AuditEvent(
            **shared,
            resource_id="" if resource is None else str(resource),
            patient_id=getattr(person, "pk", person),
            item_count=item_count,
        )
        for resource, person in pairs
    ]
    if len(events) == 1:
        events[0].save()  # one plain insert: bulk_create would open a transaction around it
        return events
    return AuditEvent.objects.bulk_create(events)
