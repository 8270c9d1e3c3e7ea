from celery import shared_task

from .services.reminders import reminders_send


@shared_task
def send_reminders() -> int:
    """The beat job: send every due reminder exactly once."""
    return reminders_send()
