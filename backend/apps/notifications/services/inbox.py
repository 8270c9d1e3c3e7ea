"""The in-app inbox: a notification, its e-mail copy in the outbox, and marking them read.

Callers write a change's notifications inside the change's own transaction, so they exist exactly
when the change does; the e-mail copies go to the outbox in that transaction too. The apps that
write notifications (scheduling, records, accounts) word them; titles and bodies carry no clinical
detail: what happened, the time, the doctor's name. Titles are fixed phrases (`Title`); names and
times go in the body, which is encrypted at rest.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from ..handoff import hand_over_after_commit
from ..models import EmailDelivery, Notification

if TYPE_CHECKING:
    # Types only: notifications sits below accounts and imports none of it at run time.
    from apps.accounts.models import User


def when(moment: datetime) -> str:
    """A time as notifications show it, in the clinic's time zone."""
    return timezone.localtime(moment).strftime("%a %d %b %Y, %H:%M")


def notification_create(
    *,
    recipient: "User",
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    appointment=None,
    by_email: bool = False,
) -> Notification:
    """Put a notification in the recipient's inbox and, with `by_email`, its copy in the e-mail outbox.

    The caller decides `by_email`: the recipient's preferred channel (`User.prefers_email`), or
    always for what concerns the account itself. A recipient with no address gets no copy.
    """
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, title=title, body=body, link=link, appointment=appointment
    )
    if by_email and recipient.email:
        EmailDelivery.objects.create(notification=notification)
        hand_over_after_commit(notification_id=notification.pk)
    return notification


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read (idempotent)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user: "User") -> int:
    """Mark every unread notification of the user read; answers how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
