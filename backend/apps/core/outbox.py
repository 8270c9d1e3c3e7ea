"""Claiming the due rows of an outbox (e-mails, webhook deliveries) so that no two senders send one row.

An outbox row is pending with a `next_attempt_at` and a count of `attempts`. A sender claims a due
row by moving `next_attempt_at` a lease ahead in one conditional UPDATE (a hand-over of one row) or
under `SELECT ... FOR UPDATE SKIP LOCKED` (a sweep's batch): only one sender can claim it, and a
sender that dies leaves it due again once the lease runs out.
"""

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone


@dataclass(frozen=True)
class Outbox:
    model: type[models.Model]
    pending: str
    # The field a sender names a row by (the primary key, or a one-to-one parent's).
    key: str
    lease: Callable[[], timedelta]

    def _due(self, now: datetime) -> models.QuerySet:
        return self.model._default_manager.filter(status=self.pending, next_attempt_at__lte=now)

    def _claim(self, rows: models.QuerySet, now: datetime) -> int:
        return rows.update(attempts=F("attempts") + 1, next_attempt_at=now + self.lease())

    def claim(self, key: Hashable) -> bool:
        """Claims the row named `key` if it is due; False when it is not due or another sender has it."""
        now = timezone.now()
        return bool(self._claim(self._due(now).filter(**{self.key: key}), now))

    def claim_batches(self, *, batch: int, limit: int) -> Iterator[list]:
        """Claims the due rows a batch at a time, oldest due first, and yields each batch's keys.

        Racing sweeps skip each other's locked rows, so each claims a batch of its own.
        """
        for _ in range(0, limit, batch):
            now = timezone.now()
            with transaction.atomic():
                claimed = list(
                    self._due(now)
                    .select_for_update(skip_locked=True)
                    .order_by("next_attempt_at")
                    .values_list(self.key, flat=True)[:batch]
                )
                self._claim(self._due(now).filter(**{f"{self.key}__in": claimed}), now)
            yield claimed
            if len(claimed) < batch:
                return
