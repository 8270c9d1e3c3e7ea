"""Private calendar feeds: issue (create or rotate) and revoke a patient's or doctor's feed token."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.http import HttpRequest

from apps.accounts.models import User
from apps.audit.services import audit_record

from .. import clock
from ..models import CalendarFeed
from ..selectors.calendar_feeds import FEED_ROLES, token_hash
from .rules import refuse

CALENDAR_FEED = "calendar_feed"


@dataclass(frozen=True)
class IssuedFeed:
    """A feed token in plain text: shown to its owner this once, never stored."""

    token: str
    created_at: datetime


def _check_may_hold(actor: User) -> None:
    if actor.role not in FEED_ROLES:
        raise refuse("Calendar feeds are for patients and doctors.")


def _audit(*, actor: User, action: str, feed_id: int, request: HttpRequest | None) -> None:
    audit_record(
        actor=actor,
        action=action,
        resource_type=CALENDAR_FEED,
        resource_id=feed_id,
        patient=actor if actor.is_patient else None,
        request=request,
    )


@transaction.atomic
def calendar_feed_issue(*, actor: User, request: HttpRequest | None = None) -> IssuedFeed:
    """A new random token for the actor's feed; the earlier one, if any, stops working at once."""
    _check_may_hold(actor)
    token = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.update_or_create(
        user=actor, defaults={"token_hash": token_hash(token), "created_at": clock.now()}
    )
    _audit(
        actor=actor,
        action="calendar_feed.create" if created else "calendar_feed.rotate",
        feed_id=feed.pk,
        request=request,
    )
    return IssuedFeed(token=token, created_at=feed.created_at)


@transaction.atomic
def calendar_feed_revoke(*, actor: User, request: HttpRequest | None = None) -> bool:
    """End the actor's feed; answers whether there was one (revoking none is no error)."""
    _check_may_hold(actor)
    feed = CalendarFeed.objects.filter(user=actor).first()
    if feed is None:
        return False
    feed_id = feed.pk
    feed.delete()
    _audit(actor=actor, action="calendar_feed.revoke", feed_id=feed_id, request=request)
    return True


def calendar_feed_read_audit(*, feed: CalendarFeed, request: HttpRequest) -> None:
    """A feed is read without a session: the read is its owner's, from the client's address. One event
    per read, not one per appointment: the feed holds no clinical text, and a calendar app polls it
    all day long, which would bury each patient's access log."""
    _audit(actor=feed.user, action="calendar_feed.read", feed_id=feed.pk, request=request)
