"""One patient's timeline: appointments, visit notes, record entries, medication changes and reports.

The feed is lazy and paged by the API's paginator. A page is read in two steps: the keys of every
kind's rows as one UNION ALL, ordered and cut to the page by the database (`timeline_kinds`), then
the page's items, one query per model on the page. Only those items are loaded and decrypted.

Times: timed items sit at their instant (an appointment's start, a visit note's completion, a
change's or an upload's time). A record entry is dated, not timed: it sits at the end of its
clinic day, so a day's entry follows that day's visits.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from apps.accounts.models import User

from .timeline_kinds import KEY_COLUMNS, KINDS, TIMELINE_KINDS, Kind, clinic_day_end, load_items

__all__ = ["KINDS", "TimelineFeed", "TimelineItem", "timeline_feed"]


@dataclass(frozen=True)
class TimelineItem:
    kind: str
    at: datetime
    item: Any

    @property
    def date(self) -> date:
        return timezone.localdate(self.at, timezone.get_default_timezone())

    def __getattr__(self, name: str) -> Any:
        # The output names one field per kind; only the item's own kind has a value.
        if name in KINDS:
            return self.item if name == self.kind else None
        raise AttributeError(name)


class TimelineFeed:
    """A lazy, sliceable feed for Django's paginator: `count()` and `feed[start:stop]`."""

    def __init__(self, *, kinds: list[Kind], keys: QuerySet | None, descending: bool) -> None:
        self.kinds = {kind.rank: kind for kind in kinds}
        self.keys = keys  # None: no kind asked for
        self.descending = descending

    def count(self) -> int:
        return 0 if self.keys is None else self.keys.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[TimelineItem]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("The timeline is read a page at a time.")
        if self.keys is None:
            return []
        sign = "-" if self.descending else ""
        page = list(self.keys.order_by(*(sign + name for name in KEY_COLUMNS))[index])
        by_model: dict[type, list[Kind]] = {}
        for rank in dict.fromkeys(row[3] for row in page):
            by_model.setdefault(self.kinds[rank].model, []).append(self.kinds[rank])
        items: dict[tuple[type, int], Any] = {}
        for model, kinds in by_model.items():
            ranks = {kind.rank for kind in kinds}
            loaded = load_items(kinds, [row[5] for row in page if row[3] in ranks])
            items |= {(model, pk): item for pk, item in loaded.items()}
        return [self._item(row, items) for row in page]

    def _item(self, row: tuple, items: dict[tuple[type, int], Any]) -> TimelineItem:
        day, _, at, rank, _, pk = row
        kind = self.kinds[rank]
        return TimelineItem(kind=kind.name, at=clinic_day_end(day) if at is None else at, item=items[kind.model, pk])


def timeline_feed(
    *,
    patient: User,
    kinds: Iterable[str] = KINDS,
    date_from: date | None = None,
    date_to: date | None = None,
    descending: bool = True,
) -> TimelineFeed:
    """The feed of one patient, whom the caller has already been allowed to read (`clinical_patient_get`)."""
    wanted = [TIMELINE_KINDS[name] for name in KINDS if name in set(kinds)]
    members = [kind.keys(patient_id=patient.pk, date_from=date_from, date_to=date_to) for kind in wanted]
    keys = members[0].union(*members[1:], all=True) if members else None
    return TimelineFeed(kinds=wanted, keys=keys, descending=descending)
