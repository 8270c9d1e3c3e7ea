"""The e-mail outbox: every pending `EmailDelivery` goes out once, however often it is handed over.

A delivery is written with its notification, in the transaction of the change it tells about.
After the commit it is handed over (`handoff`): to the Celery worker through the
broker or, with no broker, to a thread of the process; the request waits for neither. The sweep,
`email_outbox_drain`, which that thread of every serving process runs every OUTBOX_DRAIN_SECONDS,
sends what is due and was not sent: e-mails written while the broker was down or lost with its
queue, those of a worker that is down, and those due again after a failed attempt.

Exactly once: a sender claims a due delivery by moving its `next_attempt_at` a lease ahead, in one
conditional UPDATE (a hand-over) or under `SELECT ... FOR UPDATE SKIP LOCKED` (a sweep's batch).
Only one sender can claim it, so a hand-over and a sweep, two sweeps or two workers never send the
same e-mail. A sender that dies after its claim leaves the e-mail pending; it is sent again once
the lease runs out, under the same Message-ID, so a receiving server can recognise the repeat:
SMTP cannot tell us whether a message we lost track of arrived.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from apps.core.outbox import Outbox

from .models import DeliveryStatus, EmailDelivery, Notification

logger = logging.getLogger(__name__)

# Far longer than one send can take (every SMTP step times out after EMAIL_TIMEOUT seconds).
CLAIM_LEASE = timedelta(minutes=10)
# After a failed attempt the e-mail is due again after 30 s, then twice as long each time, up to 15 min.
RETRY_FIRST = timedelta(seconds=30)
RETRY_LONGEST = timedelta(minutes=15)
# What email_deliver answers when it did not claim the e-mail: another sender has it, or it is done.
NOT_CLAIMED = "not_claimed"


def retry_delay(attempts: int) -> timedelta:
    return min(RETRY_FIRST * 2 ** max(attempts - 1, 0), RETRY_LONGEST)


@dataclass(frozen=True)
class EmailPolicy:
    """What the app that writes notifications of one kind says about their e-mails.

    `link` makes the e-mail's link when it is sent (default: the SPA path the notification names);
    `is_stale` says that it is no longer worth sending (it is then skipped).
    """

    link: Callable[[Notification], str] | None = None
    is_stale: Callable[[Notification], bool] | None = None


_policies: dict[str, EmailPolicy] = {}


def email_policy_register(kind: str, policy: EmailPolicy) -> None:
    """Called from the ready() of the app that writes notifications of `kind`: the outbox imports no app above it."""
    _policies[kind] = policy


def _policy(notification: Notification) -> EmailPolicy:
    return _policies.get(notification.kind, EmailPolicy())


def message_id(notification: Notification) -> str:
    """The same for every attempt at one notification's e-mail, and never the same for two."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<notification-{notification.pk}.{int(notification.created_at.timestamp())}@{domain}>"


def _message(notification: Notification) -> EmailMessage:
    make_link = _policy(notification).link
    link = make_link(notification) if make_link else f"{settings.SITE_URL}{notification.link}"
    return EmailMessage(
        subject=f"Patient Tracker: {notification.title}",
        body=f"{notification.title}\n\n{notification.body}\n\n{link}\n",
        to=[notification.recipient.email],
        headers={"Message-ID": message_id(notification)},
    )


def _finish(delivery: EmailDelivery, status: str) -> str:
    sent_at = timezone.now() if status == DeliveryStatus.SENT else None
    EmailDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(status=status, sent_at=sent_at)
    return status


def _send_claimed(notification_id: int) -> str:
    """Send an e-mail this sender has claimed; a failed attempt leaves it due again later."""
    delivery = EmailDelivery.objects.select_related("notification__recipient", "notification__appointment").get(
        notification_id=notification_id
    )
    notification = delivery.notification
    is_stale = _policy(notification).is_stale
    if is_stale is not None and is_stale(notification):
        return _finish(delivery, DeliveryStatus.SKIPPED)
    try:
        _message(notification).send()
    except Exception as exc:
        # The exception's text may name the recipient: only its type is logged.
        logger.warning(
            "The e-mail of notification %s was not sent (attempt %s): %s.",
            notification_id,
            delivery.attempts,
            type(exc).__name__,
        )
        if delivery.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            return _finish(delivery, DeliveryStatus.FAILED)
        EmailDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
            next_attempt_at=timezone.now() + retry_delay(delivery.attempts)
        )
        return DeliveryStatus.PENDING
    return _finish(delivery, DeliveryStatus.SENT)


EMAILS = Outbox(EmailDelivery, DeliveryStatus.PENDING, "notification_id", lambda: CLAIM_LEASE)


def email_deliver(*, notification_id: int) -> str:
    """Claim one e-mail of the outbox if it is due, and send it; answers its status, or NOT_CLAIMED.

    A failed attempt leaves it pending and due again later, until EMAIL_MAX_ATTEMPTS have failed.
    """
    if not EMAILS.claim(notification_id):
        return NOT_CLAIMED
    return _send_claimed(notification_id)


def email_outbox_drain(*, batch: int = 50, limit: int = 500) -> int:
    """The sweep: claim the due e-mails of the outbox a batch at a time and send them; answers how many went out.

    Racing sweeps skip each other's locked rows, so each claims a batch of its own.
    """
    return sum(
        _send_claimed(notification_id) == DeliveryStatus.SENT
        for claimed in EMAILS.claim_batches(batch=batch, limit=limit)
        for notification_id in claimed
    )
