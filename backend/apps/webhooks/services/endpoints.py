"""Webhook endpoints: created, changed and removed by their owner (an API client, or any admin)."""

import base64
import secrets
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from apps.audit.services import audit_record
from apps.core.errors import ApplicationError, ConflictError

from .. import errors
from ..events import EVENT_TYPES, scope_for
from ..handoff import hand_over_deliveries_after_commit
from ..models import WebhookDelivery, WebhookEndpoint

RESOURCE = "webhook_endpoint"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def new_secret() -> str:
    """A signing secret in the Standard Webhooks format: "whsec_" and the base64 of 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    loopback_allowed = settings.DEBUG or settings.WEBHOOK_ALLOW_HTTP_LOOPBACK
    if parts.scheme == "https" or (parts.scheme == "http" and loopback_allowed and parts.hostname in LOOPBACK_HOSTS):
        return url
    message = "Use an https:// URL."
    raise ApplicationError(code=errors.INSECURE_URL, message=message, fields={"url": [message]})


def _check_event_types(actor: Any, event_types: Iterable[str]) -> list[str]:
    event_types = list(dict.fromkeys(event_types))
    unknown = [name for name in event_types if name not in EVENT_TYPES]
    if unknown or not event_types:
        raise ApplicationError(
            code=errors.UNKNOWN_EVENT_TYPE,
            message="Name at least one known event type.",
            fields={"event_types": [f"Unknown event type: {name}." for name in unknown] or ["Name at least one."]},
        )
    if getattr(actor, "is_api_client", False):
        missing = [name for name in event_types if scope_for(name) not in actor.scopes]
        if missing:
            raise ApplicationError(
                code=errors.EVENT_TYPE_NOT_ALLOWED,
                message="This client lacks the read scope of some event types.",
                fields={"event_types": [f"{name} needs the scope {scope_for(name)}." for name in missing]},
            )
    return event_types


def _audit(*, actor: Any, action: str, endpoint: WebhookEndpoint, request: HttpRequest | None) -> None:
    audit_record(actor=actor, action=action, resource_type=RESOURCE, resource_id=endpoint.pk, request=request)


@transaction.atomic
def webhook_endpoint_create(
    *, actor: Any, url: str, event_types: Iterable[str], description: str = "", request: HttpRequest | None = None
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint of the caller (a client's own, or the admins'), and its secret, shown this once."""
    is_client = getattr(actor, "is_api_client", False)
    secret = new_secret()
    endpoint = WebhookEndpoint.objects.create(
        client=actor.client if is_client else None,
        created_by=None if is_client else actor,
        url=_check_url(url),
        event_types=_check_event_types(actor, event_types),
        description=description,
        secret=secret,
    )
    _audit(actor=actor, action="webhook_endpoint.create", endpoint=endpoint, request=request)
    return endpoint, secret


@transaction.atomic
def webhook_endpoint_update(
    *,
    actor: Any,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    event_types: Iterable[str] | None = None,
    description: str | None = None,
    request: HttpRequest | None = None,
) -> WebhookEndpoint:
    """Change an endpoint's URL, events or description; deliveries already made keep their URL's answer."""
    if url is not None:
        endpoint.url = _check_url(url)
    if event_types is not None:
        endpoint.event_types = _check_event_types(actor, event_types)
    if description is not None:
        endpoint.description = description
    endpoint.save(update_fields=["url", "event_types", "description", "updated_at"])
    _audit(actor=actor, action="webhook_endpoint.update", endpoint=endpoint, request=request)
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, actor: Any, endpoint: WebhookEndpoint, request: HttpRequest | None = None) -> None:
    """Remove an endpoint and its delivery log; nothing more is sent to it."""
    _audit(actor=actor, action="webhook_endpoint.delete", endpoint=endpoint, request=request)
    endpoint.delete()


@transaction.atomic
def webhook_endpoint_enable(
    *, actor: Any, endpoint: WebhookEndpoint, request: HttpRequest | None = None
) -> WebhookEndpoint:
    """Enable a disabled endpoint, its failure count back at 0; what failed meanwhile can be replayed."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        enabled=True, disabled_at=None, consecutive_failures=0, updated_at=timezone.now()
    )
    endpoint.refresh_from_db()
    _audit(actor=actor, action="webhook_endpoint.enable", endpoint=endpoint, request=request)
    return endpoint


@transaction.atomic
def webhook_delivery_replay(
    *, actor: Any, delivery: WebhookDelivery, request: HttpRequest | None = None
) -> WebhookDelivery:
    """Send an event again to the same endpoint, as a new delivery with the same `webhook-id`."""
    if not delivery.endpoint.enabled:
        raise ConflictError(code=errors.ENDPOINT_DISABLED, message="This endpoint is disabled; enable it first.")
    replay = WebhookDelivery.objects.create(event=delivery.event, endpoint=delivery.endpoint, replay_of=delivery)
    _audit(actor=actor, action="webhook_delivery.replay", endpoint=delivery.endpoint, request=request)
    hand_over_deliveries_after_commit(delivery_ids=[replay.pk])
    return replay


def endpoint_disabled_notify(*, endpoint_id: int) -> None:
    """Tell an endpoint's owner it was disabled: an API client by an audit event naming it, admins in their inbox."""
    from apps.accounts.models import Role, User
    from apps.clients.principal import ApiClientPrincipal
    from apps.notifications.models import Kind, Title
    from apps.notifications.services import notification_create

    endpoint = WebhookEndpoint.objects.select_related("client").get(pk=endpoint_id)
    with transaction.atomic():
        owner = None
        if endpoint.client is not None:
            owner = ApiClientPrincipal(client=endpoint.client, scopes=frozenset(), doctor_ids=(), patient_ids=())
        audit_record(actor=owner, action="webhook_endpoint.disabled", resource_type=RESOURCE, resource_id=endpoint.pk)
        if owner is not None:
            return
        for admin in User.objects.filter(role=Role.ADMIN, is_active=True):
            notification_create(
                recipient=admin,
                kind=Kind.WEBHOOK_DISABLED,
                title=Title.WEBHOOK_DISABLED,
                body=f"Endpoint {endpoint.pk} failed {endpoint.consecutive_failures} times in a row.",
                link="/admin/webhooks",
            )
