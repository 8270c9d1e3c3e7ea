from typing import Any

from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "apps.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from apps.core.events import event_recorder_register

        from . import senders
        from .handoff import handoff_configure
        from .services import webhook_event_emit

        handoff_configure(send_events=senders.send_events, send_deliveries=senders.send_deliveries, sweep=senders.sweep)

        def record(type: str, data: dict[str, Any]) -> None:
            webhook_event_emit(type=type, data=data)

        # Every domain event a writer records becomes a webhook event (apps.core.events).
        event_recorder_register(record)
