"""Reads of webhook endpoints and their delivery logs: an API client sees its own, admins see all."""

from typing import Any

from django.db.models import QuerySet

from apps.core.errors import NotFoundError

from . import errors
from .models import WebhookDelivery, WebhookEndpoint


def webhook_endpoint_list(*, actor: Any) -> QuerySet[WebhookEndpoint]:
    endpoints = WebhookEndpoint.objects.select_related("client").order_by("id")
    if getattr(actor, "is_api_client", False):
        return endpoints.filter(client_id=actor.client.pk)
    if getattr(actor, "is_admin", False):
        return endpoints
    return endpoints.none()


def webhook_endpoint_get(*, actor: Any, endpoint_id: int) -> WebhookEndpoint:
    endpoint = webhook_endpoint_list(actor=actor).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFoundError(code=errors.NOT_FOUND, message="No webhook endpoint with this id.")
    return endpoint


def webhook_delivery_list(*, actor: Any, endpoint_id: int) -> QuerySet[WebhookDelivery]:
    """The delivery log of one endpoint of the actor's, newest first."""
    endpoint = webhook_endpoint_get(actor=actor, endpoint_id=endpoint_id)
    return WebhookDelivery.objects.filter(endpoint=endpoint).select_related("event").order_by("-created_at", "-id")


def webhook_delivery_get(*, actor: Any, delivery_id: int) -> WebhookDelivery:
    endpoints = webhook_endpoint_list(actor=actor)
    delivery = (
        WebhookDelivery.objects.filter(pk=delivery_id, endpoint__in=endpoints)
        .select_related("event", "endpoint")
        .first()
    )
    if delivery is None:
        raise NotFoundError(code=errors.NOT_FOUND, message="No webhook delivery with this id.")
    return delivery
