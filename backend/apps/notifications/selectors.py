from typing import TYPE_CHECKING

from django.db.models import QuerySet

from apps.core.errors import NotFoundError
from apps.core.rows import column, quote, statement_cursor

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


_N = Notification._meta


def notification_unread_count(*, user: "User") -> int:
    """One indexed COUNT: the SPA polls this often.

    A fixed statement, prepared once per connection: compiling the equivalent queryset on every
    poll would be most of the request's own work.
    """
    recipient, read_at = (column("n", _N.get_field(name)) for name in ("recipient", "read_at"))
    with statement_cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {quote(_N.db_table)} n WHERE {recipient} = %s AND {read_at} IS NULL",  # nosec B608 # noqa: S608
            [user.pk],
        )
        return cursor.fetchone()[0]
