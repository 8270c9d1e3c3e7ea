from django.db.models import QuerySet

from apps.core.errors import NotFoundError

from . import errors
from .models import ApiClient


def api_client_list() -> QuerySet[ApiClient]:
    """Every API client, revoked ones included (the audit log names them), with their limits."""
    return ApiClient.objects.prefetch_related("doctors", "patients").order_by("name", "id")


def api_client_get(*, client_id: int) -> ApiClient:
    client = api_client_list().filter(pk=client_id).first()
    if client is None:
        raise NotFoundError(code=errors.NOT_FOUND, message="No API client with this id.")
    return client
