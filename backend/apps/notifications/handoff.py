"""Hands committed e-mails over off the caller's thread, and sweeps the outbox.

A request that wrote an e-mail to the outbox must wait neither for the broker (one that is down
costs a publish its retries, one that hangs holds it indefinitely) nor, with no broker, for the SMTP
server. After the commit the ids of the new e-mails go into a queue in memory, and a thread of the
process hands them over: to the Celery worker through the broker, or, with no broker
(`./run.sh`), it sends them itself. What it cannot hand over stays pending in the outbox.

A second thread sweeps the outbox every OUTBOX_DRAIN_SECONDS and sends what is due itself, with a
broker or without: the outbox drains whether or not Celery beat runs (`./run.sh` starts none),
while the broker or the worker is down or hangs, and whatever a broker lost with its queue.

The serving processes start the threads (config.wsgi, config.asgi); any other process starts them
with its first e-mail, and waits a few seconds at exit for what it handed over.
"""

import atexit
import logging
import os
import queue
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connections, transaction

from .outbox import email_deliver, email_outbox_drain
from .tasks import send_notification_email

logger = logging.getLogger(__name__)

# Ids waiting in memory beyond this are left to the sweep (the outbox has them).
QUEUE_LIMIT = 10_000
# After the broker refused an e-mail, the e-mails of this many seconds are left to the sweep
# instead of each waiting for the connection attempts of its own publish.
BROKER_REST_SECONDS = 10.0
_broker_rests_until = 0.0


def without_broker() -> bool:
    """No broker configured: tasks run in this process (Celery's eager mode, `./run.sh`)."""
    return bool(send_notification_email.app.conf.task_always_eager)


def hand_over(notification_ids: list[int]) -> None:
    """Give e-mails of the outbox to the worker, or with no broker send them here."""
    global _broker_rests_until
    if without_broker():
        for notification_id in notification_ids:
            email_deliver(notification_id=notification_id)
        return
    if time.monotonic() < _broker_rests_until:
        return
    try:
        for notification_id in notification_ids:
            # No retries here: what the broker does not take now, the sweep sends.
            send_notification_email.apply_async((notification_id,), retry=False)
    except Exception as exc:
        _broker_rests_until = time.monotonic() + BROKER_REST_SECONDS
        logger.warning("The broker did not take an e-mail (%s); it stays pending for the sweep.", type(exc).__name__)


def _with_fresh_connections(work, *args) -> None:
    """Run `work` as a request runs: connections renewed before and after, an error logged, never raised."""
    close_old_connections()
    try:
        work(*args)
    except Exception:
        logger.exception("Handing e-mails over or sweeping them failed; the outbox keeps them pending.")
    finally:
        close_old_connections()


class Handoff:
    """Two threads per process: one hands over what `submit` queued, one sweeps the outbox."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._queue: queue.Queue[list[int] | None] = queue.Queue(maxsize=QUEUE_LIMIT)
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    def submit(self, notification_ids: list[int]) -> None:
        if not settings.OUTBOX_HANDOFF_THREAD:
            # The test suite: on the caller's thread, which may hold the test's open transaction.
            hand_over(notification_ids)
            return
        self.start()
        try:
            self._queue.put_nowait(notification_ids)
        except queue.Full:
            logger.warning("The e-mail hand-off queue is full; the sweep sends what stays pending.")

    def start(self) -> None:
        """Start this process's threads, once (a forked child starts its own: threads do not survive a fork)."""
        if not settings.OUTBOX_HANDOFF_THREAD:
            return
        with self._lock:
            if self._pid == os.getpid():
                return
            first = self._pid is None
            self._pid = os.getpid()
            self._queue, self._stopping = queue.Queue(maxsize=QUEUE_LIMIT), threading.Event()
            # Apart, so that a hand-over stuck on a hanging broker does not hold the sweep up.
            self._threads = [
                threading.Thread(target=self._hand_over_loop, args=(self._queue,), name="email-handoff", daemon=True),
                threading.Thread(target=self._sweep_loop, args=(self._stopping,), name="email-sweep", daemon=True),
            ]
            for thread in self._threads:
                thread.start()
        if first:
            atexit.register(self.flush)

    def stop(self, timeout: float = 5.0) -> None:
        """Hand over what was submitted, then end both threads (a test's own instance ends this way)."""
        with self._lock:
            threads, self._threads, self._pid = self._threads, [], None
        self._stopping.set()
        self._queue.put(None)
        for thread in threads:
            thread.join(timeout)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait, at most `timeout` seconds, until everything submitted was handed over; whether it was."""
        deadline = time.monotonic() + timeout
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._queue.all_tasks_done.wait(left)
        return True

    @staticmethod
    def _hand_over_loop(waiting: "queue.Queue[list[int] | None]") -> None:
        while True:
            ids = waiting.get()
            try:
                if ids is None:
                    connections.close_all()
                    return
                _with_fresh_connections(hand_over, ids)
            finally:
                waiting.task_done()

    @staticmethod
    def _sweep_loop(stopping: threading.Event) -> None:
        while not stopping.wait(settings.OUTBOX_DRAIN_SECONDS):
            _with_fresh_connections(email_outbox_drain)
        connections.close_all()


handoff = Handoff()


def hand_over_after_commit(*, notification_id: int) -> None:
    """Once the caller's transaction commits, hand the e-mail over without waiting for it."""
    transaction.on_commit(lambda: handoff.submit([notification_id]), robust=True)
