"""Webhook writes: endpoints, events (the outbox) and their deliveries."""

from .delivery import webhook_deliver, webhook_deliveries_sweep
from .endpoints import (
    webhook_delivery_replay,
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_enable,
    webhook_endpoint_update,
)
from .events import webhook_event_emit, webhook_event_fan_out

__all__ = [
    "webhook_deliver",
    "webhook_deliveries_sweep",
    "webhook_delivery_replay",
    "webhook_endpoint_create",
    "webhook_endpoint_delete",
    "webhook_endpoint_enable",
    "webhook_endpoint_update",
    "webhook_event_emit",
    "webhook_event_fan_out",
]
