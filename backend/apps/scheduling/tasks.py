from celery import shared_task

from .services.booking import idempotency_keys_purge


@shared_task
def purge_idempotency_keys() -> int:
    """The beat job: delete the booking Idempotency-Keys older than IDEMPOTENCY_KEY_HOURS."""
    return idempotency_keys_purge()
