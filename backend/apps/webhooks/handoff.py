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
    from .tasks import deliver_webhook

    return bool(deliver_webhook.app.conf.task_always_eager)


def _send_events(event_ids: list[int]) -> None:
    from .services.events import webhook_event_fan_out
    from .tasks import fan_out_webhook_event

    for event_id in event_ids:
        if without_broker():
            _send_deliveries(webhook_event_fan_out(event_id=event_id))
        else:
            fan_out_webhook_event.apply_async((event_id,), retry=False)


def _send_deliveries(delivery_ids: list[int]) -> None:
    from .services.delivery import webhook_deliver
    from .tasks import deliver_webhook

    for delivery_id in delivery_ids:
        if without_broker():
            webhook_deliver(delivery_id=delivery_id)
        else:
            deliver_webhook.apply_async((delivery_id,), retry=False)


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
    from .services.delivery import webhook_deliveries_sweep

    webhook_deliveries_sweep()


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
