"""A shifted wall clock for end-to-end runs at fixed clinic times (setting CLOCK_OFFSET_SECONDS).

Every process of the app (the server's workers, `manage.py` commands that seed data) shifts its
clock by the same offset from the real one, so they agree with each other and with the browser,
which the end-to-end suite shifts by the same amount. Time keeps running from there.
"""

from datetime import UTC, datetime, timedelta

from django.core.exceptions import ImproperlyConfigured

_traveller = None


def shift_clock(seconds: float) -> None:
    global _traveller
    if _traveller is not None:
        return
    try:
        import time_machine
    except ImportError as error:
        raise ImproperlyConfigured("CLOCK_OFFSET_SECONDS needs time-machine (backend/requirements-dev.txt).") from error
    _traveller = time_machine.travel(datetime.now(UTC) + timedelta(seconds=seconds), tick=True)
    # time-machine starts the ticking at the first read, not at start(): read now, or a worker
    # that waited for its first request would run behind the others by that wait.
    _traveller.start().time_ns()
