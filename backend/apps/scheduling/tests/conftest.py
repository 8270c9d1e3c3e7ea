from datetime import datetime

import pytest

from apps.scheduling import clock

from .factories import open_every_day


@pytest.fixture(autouse=True)
def _london(settings):
    # Slot times and DST cases below are written for the default clinic time zone.
    settings.TIME_ZONE = "Europe/London"


@pytest.fixture
def frozen_clock(monkeypatch):
    """Move the scheduling clock: `frozen_clock(datetime)` sets "now" for services and selectors."""

    def freeze(moment: datetime) -> datetime:
        monkeypatch.setattr(clock, "now", lambda: moment)
        return moment

    return freeze


@pytest.fixture
def open_hours(people):
    """The treating and the other doctor work 09:00-17:00 in 30-minute slots, every day."""
    open_every_day(people.doctor)
    open_every_day(people.other_doctor)
    return people
