"""Calendar feed reads: the owner of a feed token and the bounded window of appointments a feed shows."""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from apps.accounts.models import Role, User

from .. import clock
from ..models import Appointment, CalendarFeed
from .appointments import appointment_scope_q

# Who may hold a feed: a patient (their appointments) and a doctor (their schedule). Nurses and
# admins see every patient's appointments, which is no calendar to hand to a third party.
FEED_ROLES = (Role.PATIENT, Role.DOCTOR)
# A feed shows the last 30 days (a visit just had stays in the calendar) up to the booking horizon
# (no appointment starts later): a bounded read whatever the account's history.
FEED_PAST_DAYS = 30


def token_hash(token: str) -> str:
    """SHA-256 of a feed token. The token is 256 random bits, so a fast hash is enough: there is
    nothing to guess offline, and the lookup stays one indexed equality."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def calendar_feed_by_token(*, token: str) -> CalendarFeed | None:
    """The feed this token opens, with its owner (an active patient or doctor), or None: the token is
    wrong, rotated or revoked."""
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), user__is_active=True, user__role__in=FEED_ROLES)
        .first()
    )


def calendar_feed_get(*, actor: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=actor).first()


@dataclass(frozen=True)
class FeedWindow:
    first_day: date
    last_day: date
    appointments: list[Appointment]


def calendar_feed_window(*, owner: User) -> FeedWindow:
    """The owner's appointments (cancelled ones too, so calendars strike them) from FEED_PAST_DAYS ago to
    the booking horizon, in one query. Only the columns an event shows are read: the encrypted notes
    are never decrypted for a feed."""
    now = clock.now()
    since, until = now - timedelta(days=FEED_PAST_DAYS), now + timedelta(days=settings.BOOKING_HORIZON_DAYS + 1)
    other = "patient" if owner.is_doctor else "doctor"
    appointments = list(
        Appointment.objects.filter(appointment_scope_q(owner), start__gte=since, start__lt=until)
        .select_related(other)
        .only(
            "start",
            "end",
            "status",
            "sequence",
            "created_at",
            "updated_at",
            "patient",
            "doctor",
            f"{other}__first_name",
            f"{other}__last_name",
            f"{other}__username",
        )
        .order_by("start", "id")
    )
    zone = timezone.get_default_timezone()
    return FeedWindow(
        first_day=timezone.localdate(since, zone), last_day=timezone.localdate(until, zone), appointments=appointments
    )
