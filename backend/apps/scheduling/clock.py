"""The scheduling clock: one place to read "now", so tests can move it (the clock is the outside world)."""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
