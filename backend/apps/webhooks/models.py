from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.core.fields import EncryptedTextField


class WebhookEndpoint(models.Model):
    """A URL that receives signed events (docs/webhooks.md), owned by an API client or by the admins.

    `client` empty: the clinic's own endpoint, managed by every admin. The signing secret is kept
    encrypted (it must be read to sign) and shown once, when the endpoint is created.
    """

    client = models.ForeignKey(
        "clients.ApiClient", on_delete=models.CASCADE, null=True, blank=True, related_name="webhook_endpoints"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True, default="")
    # Event type names (apps.webhooks.events.EVENT_TYPES); JSON, so the SQLite fallback holds it too.
    event_types = models.JSONField(default=list)
    # Standard Webhooks format: "whsec_" and the base64 of 32 random bytes.
    secret = EncryptedTextField()
    enabled = models.BooleanField(default=True)
    # Failed attempts in a row; any success sets it back to 0. At WEBHOOK_DISABLE_AFTER_FAILURES it is disabled.
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(enabled=True, disabled_at__isnull=True) | Q(enabled=False),
                name="webhook_enabled_not_disabled",
            ),
        ]

    def __str__(self) -> str:
        return f"webhook endpoint {self.pk}"


class WebhookEvent(models.Model):
    """One event, written in the transaction of the change it tells about (the outbox).

    Its deliveries are made after the commit (`fanned_out_at`); a sweep fans out what a lost hand-over left.
    """

    # The `webhook-id` of every delivery of this event: "msg_" and 32 hex digits.
    message_id = models.CharField(max_length=40, unique=True)
    type = models.CharField(max_length=40)
    occurred_at = models.DateTimeField(default=timezone.now)
    # Ids only: the receiver fetches the detail with its own scopes.
    data = models.JSONField(default=dict)
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["occurred_at"], condition=Q(fanned_out_at__isnull=True), name="webhook_event_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.message_id}"

    @property
    def payload(self) -> dict:
        return {"type": self.type, "timestamp": self.occurred_at.isoformat(), "data": self.data}


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class WebhookDelivery(models.Model):
    """One event for one endpoint: its attempts and outcome (the delivery log). A replay is a new row."""

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    replay_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Due from this time on while pending: now when written, a lease ahead while claimed, later after a failure.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    # What went wrong, in our words ("HTTP 500", "Timed out"): never the receiver's body, never a secret.
    last_error = models.CharField(max_length=200, blank=True, default="")
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="webhook_delivery_due"),
            models.Index(fields=["endpoint", "-created_at", "-id"], name="webhook_delivery_log"),
        ]
        constraints = [
            # A fan-out that runs twice (a hand-over and a sweep) makes each delivery once.
            models.UniqueConstraint(
                fields=["event", "endpoint"], condition=Q(replay_of__isnull=True), name="webhook_one_delivery_per_event"
            ),
        ]

    def __str__(self) -> str:
        return f"delivery {self.pk} of {self.event_id} to endpoint {self.endpoint_id}: {self.status}"
