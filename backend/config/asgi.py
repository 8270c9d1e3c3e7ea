import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

application = get_asgi_application()


def _start_the_email_handoff() -> None:
    """Each serving process hands committed e-mails over, and with no broker sweeps the outbox."""
    from apps.notifications.handoff import handoff

    handoff.start()


_start_the_email_handoff()
