from celery import shared_task

from .services.delivery import webhook_deliver, webhook_deliveries_sweep
from .services.events import webhook_event_fan_out


@shared_task(acks_late=True)
def fan_out_webhook_event(event_id: int) -> int:
    """Make an event's deliveries and queue each; a no-op when it was fanned out already."""
    delivery_ids = webhook_event_fan_out(event_id=event_id)
    for delivery_id in delivery_ids:
        deliver_webhook.apply_async((delivery_id,), retry=False)
    return len(delivery_ids)


@shared_task(acks_late=True)
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at a due delivery; a failure leaves it pending for the sweep (no Celery retry)."""
    return webhook_deliver(delivery_id=delivery_id)


@shared_task
def sweep_webhooks() -> int:
    """The beat job: fan out what a lost hand-over left and send every due delivery."""
    return webhook_deliveries_sweep()
