"""Domain events: a write names what changed (a type and the ids) inside its own transaction.

The apps that act on changes (webhooks) register a recorder when they start; the writers know no
subscriber, so the layers keep pointing one way (docs/adr/0002-layers.md). A recorder runs inside
the writer's transaction: what it writes commits or rolls back with the change.
"""

from collections.abc import Callable
from typing import Any

Recorder = Callable[[str, dict[str, Any]], None]

_recorders: list[Recorder] = []


def event_recorder_register(recorder: Recorder) -> None:
    if recorder not in _recorders:
        _recorders.append(recorder)


def event_record(*, type: str, data: dict[str, Any]) -> None:
    """Announce a change: `type` as `appointment.booked`, `data` ids only (no health data)."""
    for recorder in _recorders:
        recorder(type, data)
