"""Hands committed events and deliveries over off the caller's thread.

After the commit, ids go to a small thread pool of the process, which gives them to the Celery
worker through the broker or, with no broker (`./run.sh`), fans out and sends them itself; so a
request never waits on the broker or on a receiver. Whatever is not handed over stays in the
database for the sweep, which Celery beat runs (and, with no broker, a thread of this process).
The test suite hands over on the caller's thread (OUTBOX_HANDOFF_THREAD off).
"""

import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections, connections, transaction

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_pool_pid: int | None = None


def without_broker() -> bool:
    from celery import current_app

    return bool(current_app.conf.task_always_eager)


# What a hand-over does with ids, set by the app at start-up (apps.webhooks.senders): the services
# below call this module, so it imports none of them.
_work: dict[str, Callable[[list[int]], None]] = {}


def handoff_configure(
    *,
    send_events: Callable[[list[int]], None],
    send_deliveries: Callable[[list[int]], None],
    sweep: Callable[[list[int]], None],
) -> None:
    _work.update(events=send_events, deliveries=send_deliveries, sweep=sweep)


def _send_events(ids: list[int]) -> None:
    _work["events"](ids)


def _send_deliveries(ids: list[int]) -> None:
    _work["deliveries"](ids)


def _run(work: Callable[[list[int]], None], ids: list[int]) -> None:
    try:
        work(ids)
    except Exception as exc:
        logger.warning("Handing webhooks over failed (%s); the sweep sends what stays pending.", type(exc).__name__)


def _run_on_pool(work: Callable[[list[int]], None], ids: list[int]) -> None:
    """`_run` on a connection of its own, closed after: a pool thread may sit idle for long."""
    close_old_connections()
    try:
        _run(work, ids)
    finally:
        connections.close_all()


def _sweep(ids: list[int]) -> None:
    _work["sweep"](ids)


def _sweep_loop() -> None:
    while True:
        time.sleep(settings.WEBHOOK_SWEEP_SECONDS)
        _run_on_pool(_sweep, [])


def _pool_get() -> ThreadPoolExecutor:
    """This process's pool (a forked child makes its own: threads do not survive a fork)."""
    global _pool, _pool_pid
    with _lock:
        pool = _pool
        if pool is None or _pool_pid != os.getpid():
            pool = _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="webhooks")
            _pool_pid = os.getpid()
            if without_broker():
                # No beat without a broker: this process sweeps itself.
                threading.Thread(target=_sweep_loop, name="webhooks-sweep", daemon=True).start()
        return pool


def _submit(work: Callable[[list[int]], None], ids: list[int]) -> None:
    if not ids:
        return
    if not settings.OUTBOX_HANDOFF_THREAD:
        _run(work, ids)
        return
    _pool_get().submit(_run_on_pool, work, ids)


def hand_over_after_commit(*, event_ids: list[int]) -> None:
    """Once the caller's transaction commits, fan the events out and send them, without waiting."""
    transaction.on_commit(lambda: _submit(_send_events, event_ids), robust=True)


def hand_over_deliveries_after_commit(*, delivery_ids: list[int]) -> None:
    transaction.on_commit(lambda: _submit(_send_deliveries, delivery_ids), robust=True)
