from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle

from apps.core.middleware import current_request_id

from .models import AuditEvent, Outcome

_ident = BaseThrottle()


def client_address(request: HttpRequest | None) -> str | None:
    """The caller's address, honouring `NUM_PROXIES` trusted proxies as DRF's throttles do."""
    if request is None:
        return None
    return _ident.get_ident(request) or None  # type: ignore[arg-type]  # reads META only


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
    real_actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent(
        actor=real_actor,
        actor_role=getattr(real_actor, "role", "") or "",
        action=action,
        resource_type=resource_type,
        resource_id="" if resource_id is None else str(resource_id),
        patient_id=getattr(patient, "pk", patient),
        client_ip=client_address(request),
        outcome=outcome,
        request_id=current_request_id() if request is not None else "",
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
    """Append one event per (resource id, patient) pair in a single insert (lists touch many patients)."""
    AuditEvent.objects.bulk_create(
        [
            _event(
                actor=actor,
                action=action,
                resource_type=resource_type,
                resource_id=resource_id,
                patient=patient,
                outcome=outcome,
                request=request,
            )
            for resource_id, patient in items
        ]
    )
