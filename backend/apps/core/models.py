from django.db import models


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
