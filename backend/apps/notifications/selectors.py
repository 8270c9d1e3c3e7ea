from typing import TYPE_CHECKING

from django.db.models import QuerySet

from apps.core.errors import NotFoundError

from .models import Notification

if TYPE_CHECKING:
    # Types only: notifications sits below accounts and imports none of it at run time.
    from apps.accounts.models import User


def notification_list(*, user: "User") -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def notification_get(*, user: "User", notification_id: int) -> Notification:
    notification = notification_list(user=user).filter(pk=notification_id).first()
    if notification is None:
        raise NotFoundError(code="not_found", message="No notification with this id.")
    return notification


def notification_unread_count(*, user: "User") -> int:
    """How many of the user's notifications are unread (the SPA polls this often: one indexed count)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
