"""Events: written with the change that causes them (the outbox), fanned out to endpoints after the commit.

The request writes one row (`webhook_event_emit`) and hands the event over once it commits; it never
waits on the broker or on a receiver. The fan-out decides, off the request, which endpoints receive
the event: enabled ones subscribed to its type and, for an API client's endpoint, only when the
client's scopes and its doctor or patient limits let it read the object now.
"""

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.clients.principal import ApiClientPrincipal
from apps.clients.scopes import with_implied

from ..events import APPOINTMENT_EVENTS, EVENT_TYPES, scope_for
from ..handoff import hand_over_after_commit
from ..models import WebhookDelivery, WebhookEndpoint, WebhookEvent


def webhook_event_emit(*, type: str, data: dict[str, Any]) -> WebhookEvent | None:
    """Record an event inside the caller's transaction; it is fanned out after the commit.

    `data` holds ids only. Nothing is written while no endpoint is enabled.
    """
    if type not in EVENT_TYPES:
        raise ValueError(f"Unknown webhook event type: {type}")
    if not WebhookEndpoint.objects.filter(enabled=True).exists():
        return None
    event = WebhookEvent.objects.create(message_id=f"msg_{uuid.uuid4().hex}", type=type, data=data)
    hand_over_after_commit(event_ids=[event.pk])
    return event


def client_principal(client) -> ApiClientPrincipal:
    return ApiClientPrincipal(
        client=client,
        scopes=frozenset(with_implied(client.scopes)),
        doctor_ids=tuple(client.doctors.values_list("pk", flat=True)),
        patient_ids=tuple(client.patients.values_list("pk", flat=True)),
    )


def client_may_read(*, client, event: WebhookEvent) -> bool:
    """Whether the client could read the event's object now, with its scopes and its limits."""
    from apps.accounts.models import User
    from apps.scheduling.models import Appointment

    if client.is_revoked or scope_for(event.type) not in with_implied(client.scopes):
        return False
    principal = client_principal(client)
    if event.type in APPOINTMENT_EVENTS:
        return Appointment.objects.filter(principal.appointment_q(), pk=event.data["id"]).exists()
    patient_id = event.data.get("patient_id", event.data["id"])
    return User.objects.filter(principal.patient_q(), pk=patient_id, role="patient").exists()


def _receivers(event: WebhookEvent) -> list[WebhookEndpoint]:
    endpoints = WebhookEndpoint.objects.filter(enabled=True).select_related("client").order_by("pk")
    return [
        endpoint
        for endpoint in endpoints
        if event.type in endpoint.event_types
        and (endpoint.client is None or client_may_read(client=endpoint.client, event=event))
    ]


def webhook_event_fan_out(*, event_id: int) -> list[int]:
    """Make the deliveries of an event, once; answers their ids (none when it was fanned out already)."""
    with transaction.atomic():
        event = WebhookEvent.objects.select_for_update(skip_locked=True).filter(pk=event_id).first()
        if event is None or event.fanned_out_at is not None:
            return []
        now = timezone.now()
        deliveries = WebhookDelivery.objects.bulk_create(
            [WebhookDelivery(event=event, endpoint=endpoint, next_attempt_at=now) for endpoint in _receivers(event)]
        )
        event.fanned_out_at = now
        event.save(update_fields=["fanned_out_at"])
    return [delivery.pk for delivery in deliveries]


def webhook_events_pending(*, limit: int = 500) -> list[int]:
    """Events committed but not fanned out (a hand-over lost with the broker or the process)."""
    return list(
        WebhookEvent.objects.filter(fanned_out_at__isnull=True)
        .order_by("occurred_at")
        .values_list("pk", flat=True)[:limit]
    )
