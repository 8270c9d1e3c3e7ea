from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
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


def access_log_list(*, patient: Any) -> QuerySet[AuditEvent]:
    """Who did what with `patient`'s data, newest first; the patient's own actions are left out."""
    return (
        AuditEvent.objects.filter(patient=patient)
        .exclude(actor=patient)
        .select_related("actor", "client")
        .order_by("-occurred_at", "-id")
    )
