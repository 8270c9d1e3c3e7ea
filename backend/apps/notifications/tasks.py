from celery import shared_task
from django.core.management import call_command

from .outbox import email_deliver


@shared_task(acks_late=True)
def send_notification_email(notification_id: int) -> str:
    """Send one e-mail of the outbox; a no-op when another sender has claimed it or it has gone out.

    A failed attempt is not retried here: the e-mail stays pending and a sweep sends it when due.
    """
    return email_deliver(notification_id=notification_id)


@shared_task
def flush_expired_tokens() -> None:
    """The beat job: drop expired refresh tokens from the outstanding list."""
    call_command("flushexpiredtokens")
