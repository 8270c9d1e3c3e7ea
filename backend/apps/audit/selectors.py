from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import AuditEvent


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_event_list(*, filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """Audit events, newest first, narrowed by actor, API client, patient, action and a date range (clinic days)."""
    events = AuditEvent.objects.select_related("actor", "client", "patient")
    if filters.get("actor"):
        events = events.filter(actor_id=filters["actor"])
    if filters.get("client"):
        events = events.filter(client_id=filters["client"])
    if filters.get("patient"):
        events = events.filter(patient_id=filters["patient"])
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("outcome"):
        events = events.filter(outcome=filters["outcome"])
    if filters.get("date_from"):
        events = events.filter(occurred_at__gte=_day_start(filters["date_from"]))
    if filters.get("date_to"):
        events = events.filter(occurred_at__lt=_day_start(filters["date_to"]) + timedelta(days=1))
    return events.order_by("-occurred_at", "-id")


# One line of a patient's access log: the same person (or API client) on the same clinic day, with one outcome.
ACCESS_GROUP = ("actor_id", "client_id", "actor_role", "day", "outcome")


def _access_events(patient: Any) -> QuerySet[AuditEvent]:
    """Events on `patient`'s data by anyone but the patient, each with its clinic day."""
    return (
        AuditEvent.objects.filter(patient=patient)
        .exclude(actor=patient)
        .annotate(day=TruncDate("occurred_at", tzinfo=timezone.get_default_timezone()))
    )


def access_log_groups(*, patient: Any) -> QuerySet[AuditEvent, dict[str, Any]]:
    """Who did what with `patient`'s data, one row per person, clinic day and outcome, newest day first.

    Rows are dicts (ACCESS_GROUP, `count`, `first_at`, `last_at`, the API client's name);
    `access_log_details` adds who and what to the rows of one page.
    """
    return (
        _access_events(patient)
        .values(*ACCESS_GROUP, "client__name")
        .annotate(count=Count("id"), first_at=Min("occurred_at"), last_at=Max("occurred_at"))
        .order_by("-day", "-last_at", "actor_id", "client_id", "outcome")
    )


def access_log_details(*, patient: Any, groups: list[dict]) -> list[dict]:
    """The page's `groups`, each with `actor_name` and `activities`: (action, resource type, count, items).

    `items` counts the distinct objects (0 for lists, which name none). Two queries for the page.
    """
    if not groups:
        return []
    rows = (
        _access_events(patient)
        .filter(
            occurred_at__gte=min(group["first_at"] for group in groups),
            occurred_at__lte=max(group["last_at"] for group in groups),
        )
        .values(*ACCESS_GROUP, "action", "resource_type")
        .annotate(count=Count("id"), items=Count("resource_id", distinct=True, filter=~Q(resource_id="")))
        .order_by("action", "resource_type")
    )
    activities: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        activities[tuple(row[name] for name in ACCESS_GROUP)].append(
            {name: row[name] for name in ("action", "resource_type", "count", "items")}
        )
    actors = (
        get_user_model()
        .objects.only("first_name", "last_name", "username")
        .in_bulk({group["actor_id"] for group in groups if group["actor_id"]})
    )
    return [
        group
        | {
            "actor_name": _actor_name(group, actors),
            "activities": activities[tuple(group[name] for name in ACCESS_GROUP)],
        }
        for group in groups
    ]


def _actor_name(group: dict, actors: dict) -> str | None:
    # An API client acts as itself: the patient sees its name. None: nobody was signed in.
    if group["client_id"]:
        return group["client__name"]
    actor = actors.get(group["actor_id"])
    return actor.full_name if actor else None
