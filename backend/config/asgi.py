import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

application = get_asgi_application()

from apps.core.encryption_keys import encryption_keys_refuse_wrong  # noqa: E402  (needs the apps loaded)

# Keys that cannot read the data stop the server here, with the reason (config.wsgi does the same).
encryption_keys_refuse_wrong()


def _start_the_email_handoff() -> None:
    """Each serving process hands committed e-mails over, and with no broker sweeps the outbox."""
    from apps.notifications.handoff import handoff

    handoff.start()


_start_the_email_handoff()
