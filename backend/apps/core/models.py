from django.conf import settings
from django.db import models

from .fields import EncryptedTextField


class TimeStampedModel(models.Model):
    """Abstract base: every row knows when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class EncryptionCanary(models.Model):
    """A known text encrypted under FIELD_ENCRYPTION_KEYS (apps.core.encryption_keys).

    If the keys in force cannot decrypt it, they cannot decrypt the data either: start-up and the
    health check refuse such keys with the reason, instead of every read of patient data failing.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="core_encryption_canary_one_row")]

    def __str__(self) -> str:
        return "encryption canary"


class IdempotentRequest(models.Model):
    """The first successful answer to one caller's create under an `Idempotency-Key`, for safe retries.

    The answer is kept encrypted: it is the created object as the caller saw it (health data).
    """

    # The caller: a person, or an API client (which is no user).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+")
    client = models.ForeignKey("clients.ApiClient", on_delete=models.CASCADE, null=True, related_name="+")
    key = models.CharField(max_length=255)
    # SHA-256 of the method, the path and the body (files included): the same key with another request is refused.
    fingerprint = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = EncryptedTextField()
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_idempotent_request_user_key"),
            models.UniqueConstraint(fields=["client", "key"], name="core_idempotent_request_client_key"),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, client__isnull=True)
                | models.Q(user__isnull=True, client__isnull=False),
                name="core_idempotent_request_one_caller",
            ),
        ]

    def __str__(self) -> str:
        return f"Idempotent request of user {self.user_id}"
