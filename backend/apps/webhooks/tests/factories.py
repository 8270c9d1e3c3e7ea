from apps.accounts.tests.factories import AdminFactory
from apps.webhooks.events import EVENT_TYPES
from apps.webhooks.services import webhook_endpoint_create


def new_endpoint(*, url: str, event_types=None, owner=None):
    """An endpoint of `owner` (an admin by default, or an API client's principal) and its secret."""
    return webhook_endpoint_create(actor=owner or AdminFactory(), url=url, event_types=list(event_types or EVENT_TYPES))
