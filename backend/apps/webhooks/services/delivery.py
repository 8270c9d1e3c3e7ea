"""Sending deliveries: signed per Standard Webhooks, retried with exponential back-off for about a day.

Retries come from the database, not from Celery countdowns: a failed attempt leaves the delivery
pending with a later `next_attempt_at`, and the periodic sweep (`webhook_deliveries_sweep`) sends
what is due. A countdown of hours would sit in the broker, where Redis redelivers a task whose ETA is
past its visibility timeout (so a receiver would get duplicates) and loses it with its queue; the
row is the record of what is owed, as in the e-mail outbox.

Exactly once per attempt: a sender claims a due delivery by moving `next_attempt_at` a lease ahead
in one conditional UPDATE, so a hand-over and a sweep never send it at the same time.
"""

import json
import logging
from datetime import datetime, timedelta

import urllib3
from django.conf import settings
from django.db.models import F
from django.utils import timezone
from standardwebhooks import Webhook

from apps.core.outbox import Outbox

from ..models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

USER_AGENT = "PatientTracker-Webhooks/1"
NOT_CLAIMED = "not_claimed"
_http = urllib3.PoolManager(retries=False, headers={"User-Agent": USER_AGENT})


def claim_lease() -> timedelta:
    # Far longer than one attempt can take.
    return timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * 4 + 60)


def retry_delay(attempts: int) -> timedelta:
    """After the n-th failed attempt: the first delay, doubled each time, up to the longest."""
    first = settings.WEBHOOK_RETRY_FIRST_SECONDS
    return timedelta(seconds=min(first * 2 ** max(attempts - 1, 0), settings.WEBHOOK_RETRY_LONGEST_SECONDS))


def body_of(delivery: WebhookDelivery) -> str:
    """The JSON body, the same bytes on every attempt."""
    return json.dumps(delivery.event.payload, separators=(",", ":"), sort_keys=True)


def signed_headers(*, secret: str, message_id: str, body: str, at: datetime) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at, body),
    }


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    """One attempt: the receiver's status code (None without an answer) and an error in our words ("" when 2xx)."""
    body = body_of(delivery)
    headers = signed_headers(
        secret=delivery.endpoint.secret, message_id=delivery.event.message_id, body=body, at=timezone.now()
    )
    try:
        response = _http.request(
            "POST",
            delivery.endpoint.url,
            body=body.encode(),
            headers=headers,
            timeout=urllib3.Timeout(total=settings.WEBHOOK_TIMEOUT_SECONDS),
            redirect=False,
            preload_content=False,
        )
    except urllib3.exceptions.NewConnectionError:
        # Before TimeoutError: urllib3 makes a refused connection a kind of connect timeout.
        return None, "Connection refused"
    except urllib3.exceptions.TimeoutError:
        return None, "Timed out"
    except urllib3.exceptions.HTTPError as exc:
        # The type only: the message may quote the URL, whose query string could hold a token.
        return None, f"No answer ({type(exc).__name__})"
    # The receiver's body is never read or kept: it could hold anything.
    response.release_conn()
    if 200 <= response.status < 300:
        return response.status, ""
    return response.status, f"HTTP {response.status}"


def _endpoint_failed(endpoint: WebhookEndpoint) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=F("consecutive_failures") + 1)
    disabled = WebhookEndpoint.objects.filter(
        pk=endpoint.pk, enabled=True, consecutive_failures__gte=settings.WEBHOOK_DISABLE_AFTER_FAILURES
    ).update(enabled=False, disabled_at=timezone.now())
    if disabled:
        from .endpoints import endpoint_disabled_notify

        endpoint_disabled_notify(endpoint_id=endpoint.pk)


def _send_claimed(delivery_id: int) -> str:
    delivery = WebhookDelivery.objects.select_related("event", "endpoint").get(pk=delivery_id)
    now = timezone.now()
    if not delivery.endpoint.enabled:
        WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED, last_error="Endpoint disabled"
        )
        return DeliveryStatus.FAILED
    status_code, error = _post(delivery)
    done = timezone.now()
    if not error:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SUCCEEDED,
            last_attempt_at=now,
            last_status_code=status_code,
            last_error="",
            delivered_at=done,
        )
        WebhookEndpoint.objects.filter(pk=delivery.endpoint_id, consecutive_failures__gt=0).update(
            consecutive_failures=0
        )
        return DeliveryStatus.SUCCEEDED
    logger.warning(
        "Webhook delivery %s to endpoint %s failed (attempt %s): %s.",
        delivery.pk,
        delivery.endpoint_id,
        delivery.attempts,
        error,
    )
    final = delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED if final else DeliveryStatus.PENDING,
        last_attempt_at=now,
        last_status_code=status_code,
        last_error=error,
        next_attempt_at=done + retry_delay(delivery.attempts),
    )
    _endpoint_failed(delivery.endpoint)
    return DeliveryStatus.FAILED if final else DeliveryStatus.PENDING


DELIVERIES = Outbox(WebhookDelivery, DeliveryStatus.PENDING, "pk", claim_lease)


def webhook_deliver(*, delivery_id: int) -> str:
    """Claim one delivery if it is due and make an attempt; answers its status, or NOT_CLAIMED."""
    if not DELIVERIES.claim(delivery_id):
        return NOT_CLAIMED
    return _send_claimed(delivery_id)


def webhook_deliveries_sweep(*, batch: int = 50, limit: int = 1000) -> int:
    """Fan out events a lost hand-over left, then attempt every due delivery; answers how many succeeded.

    Racing sweeps skip each other's locked rows, so each claims a batch of its own.
    """
    from .events import webhook_event_fan_out, webhook_events_pending

    for event_id in webhook_events_pending(limit=limit):
        webhook_event_fan_out(event_id=event_id)
    return sum(
        _send_claimed(delivery_id) == DeliveryStatus.SUCCEEDED
        for claimed in DELIVERIES.claim_batches(batch=batch, limit=limit)
        for delivery_id in claimed
    )
