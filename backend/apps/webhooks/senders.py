"""What a hand-over does (apps.webhooks.handoff): fan events out and send deliveries, through the
Celery worker when there is a broker, in this process when there is none."""

from .handoff import without_broker
from .services.delivery import webhook_deliver, webhook_deliveries_sweep
from .services.events import webhook_event_fan_out
from .tasks import deliver_webhook, fan_out_webhook_event


def send_events(event_ids: list[int]) -> None:
    for event_id in event_ids:
        if without_broker():
            send_deliveries(webhook_event_fan_out(event_id=event_id))
        else:
            fan_out_webhook_event.apply_async((event_id,), retry=False)


def send_deliveries(delivery_ids: list[int]) -> None:
    for delivery_id in delivery_ids:
        if without_broker():
            webhook_deliver(delivery_id=delivery_id)
        else:
            deliver_webhook.apply_async((delivery_id,), retry=False)


def sweep(ids: list[int]) -> None:
    webhook_deliveries_sweep()
