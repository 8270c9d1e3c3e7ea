import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

application = get_wsgi_application()

from apps.core.encryption_keys import encryption_keys_refuse_wrong  # noqa: E402  (needs the apps loaded)

# gunicorn runs no system checks: keys that cannot read the data stop the worker here, with the reason.
encryption_keys_refuse_wrong()


def _freeze_what_lives_as_long_as_the_process() -> None:
    """Load every view now, then keep everything loaded so far out of the garbage collector's scans.

    The URLconf imports every view, serializer and model: with Django, a great many objects that
    live as long as the process. Every full collection scanned them all, stalling the worker, and
    every request queued behind it waited. Frozen, they are never scanned again; objects made while
    serving requests are collected as before.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and with it every view
    gc.collect()
    gc.freeze()


_freeze_what_lives_as_long_as_the_process()


def _start_the_email_handoff() -> None:
    """Each serving process hands committed e-mails over, and with no broker sweeps the outbox."""
    from apps.notifications.handoff import handoff

    handoff.start()


_start_the_email_handoff()
