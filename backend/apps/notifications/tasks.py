from smtplib import SMTPException

from celery import shared_task
from django.core.management import call_command

from . import services


@shared_task(
    bind=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=900,
    retry_jitter=True,
    max_retries=6,
    acks_late=True,
)
def send_notification_email(self, notification_id: int) -> str:
    """Deliver one notification by e-mail; SMTP failures retry with exponential backoff."""
    return services.email_deliver(notification_id=notification_id)


@shared_task
def send_reminders() -> int:
    """The beat job: send every due reminder exactly once."""
    return services.reminders_send()


@shared_task
def requeue_pending_emails() -> int:
    """The beat job: queue again e-mails that never reached the queue."""
    return services.email_requeue_pending()


@shared_task
def flush_expired_tokens() -> None:
    """The beat job: drop expired refresh tokens from the outstanding list."""
    call_command("flushexpiredtokens")
