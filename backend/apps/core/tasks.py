from celery import shared_task

from .idempotency import idempotency_keys_purge


@shared_task
def purge_idempotency_keys() -> int:
    """The beat job: delete the Idempotency-Keys (and their kept answers) older than IDEMPOTENCY_KEY_HOURS."""
    return idempotency_keys_purge()
