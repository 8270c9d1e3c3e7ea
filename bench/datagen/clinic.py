"""The clinic's shape: weekly templates, specialties, names, and its calendar of 30-minute instants."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

# Every doctor follows one of these weekly templates: weekdays (0 = Monday) and windows.
TEMPLATES: list[tuple[tuple[int, ...], list[tuple[time, time]]]] = [
    ((0, 1, 2, 3, 4), [(time(9), time(17))]),
    ((0, 1, 2, 3), [(time(8), time(14))]),
    ((1, 2, 3, 4, 5), [(time(10), time(18))]),
    ((0, 2, 4), [(time(9), time(13)), (time(14), time(18))]),
]
SLOT_MINUTES = 30
SPECIALTIES = [
    "General practice",
    "Cardiology",
    "Dermatology",
    "Paediatrics",
    "Neurology",
    "Orthopaedics",
    "Gynaecology",
    "Psychiatry",
    "Ophthalmology",
    "Endocrinology",
]
FIRST_NAMES = [
    "Ada",
    "Ben",
    "Cara",
    "Dan",
    "Eve",
    "Finn",
    "Gail",
    "Hugo",
    "Iris",
    "Jon",
    "Kate",
    "Liam",
    "Maya",
    "Noah",
    "Olga",
    "Pete",
    "Rosa",
    "Sam",
    "Tara",
    "Umar",
]
LAST_NAMES = [
    "Adams",
    "Brown",
    "Clark",
    "Davis",
    "Evans",
    "Ford",
    "Green",
    "Hill",
    "Irwin",
    "Jones",
    "King",
    "Lewis",
    "Moore",
    "Nash",
    "Owen",
    "Price",
]


@dataclass(frozen=True)
class Calendar:
    first: date
    days: int
    now: datetime
    instants: dict[tuple[int, time], tuple[datetime, datetime]]  # (day index, local time) -> UTC span

    def day(self, index: int) -> date:
        return self.first + timedelta(days=index)


def make_calendar(days: int, future_days: int, now: datetime, tz: Any) -> Calendar:
    today = now.astimezone(tz).date()
    first = today - timedelta(days=days - future_days - 1)
    step = timedelta(minutes=SLOT_MINUTES)
    grid = sorted({t for _, windows in TEMPLATES for start, end in windows for t in grid_times(start, end)})
    instants = {}
    for index in range(days):
        day = first + timedelta(days=index)
        for local in grid:
            start = datetime.combine(day, local, tzinfo=tz).astimezone(UTC)
            instants[(index, local)] = (start, start + step)
    return Calendar(first=first, days=days, now=now, instants=instants)


def grid_times(start: time, end: time) -> list[time]:
    cursor, limit, step = datetime.combine(date.min, start), datetime.combine(date.min, end), timedelta(minutes=30)
    out = []
    while cursor + step <= limit:
        out.append(cursor.time())
        cursor += step
    return out
