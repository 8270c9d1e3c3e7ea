"""`Idempotency-Key` on every create: a retried request answers the first answer again.

A view's creating handler is wrapped in `@idempotent`. With the header, the caller's first
successful answer under the key is kept (status and body) for `IDEMPOTENCY_KEY_HOURS`; the same
key with the same request answers it again with `Idempotent-Replayed: true`, and the same key
with another request (method, path or body, uploaded files included) answers 409
`idempotency_key_reused`. Keys are the caller's own: two users may use the same key.

The handler runs in one transaction with the kept answer, behind a transaction-level advisory
lock on (caller, key): a concurrent duplicate waits for the first to commit and replays it, so
exactly one object is created. (On the SQLite fallback the transaction itself serialises writers.)
Only successes are kept: a refused request may be corrected and sent again under the same key.
"""

import functools
import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.response import Response

from .errors import IDEMPOTENCY_KEY_REUSED, VALIDATION_ERROR, ApplicationError, ConflictError
from .models import IdempotentRequest
from .renderers import JSONRenderer

if TYPE_CHECKING:
    # Types only: core sits below accounts and imports none of it at run time.
    from apps.accounts.models import User

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_PATTERN = r"[\x21-\x7e]{1,255}"


def remembered_since() -> datetime:
    """Keys used before this are forgotten: a retry comes within minutes, not days."""
    return timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)


def idempotency_keys_purge() -> int:
    """Delete the forgotten keys and their answers (the daily beat job); answers how many went."""
    deleted, _ = IdempotentRequest.objects.filter(created_at__lt=remembered_since()).delete()
    return deleted


def idempotency_key(request: Request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if re.fullmatch(KEY_PATTERN, key) is None:
        message = "Use 1-255 visible ASCII characters."
        raise ApplicationError(code=VALIDATION_ERROR, message=message, fields={HEADER: [message]})
    return key


def _canonical(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "content_type": value.content_type, "sha256": digest.hexdigest()}
    if hasattr(value, "lists"):  # a QueryDict (form or multipart): every value of every field
        return {name: [_canonical(item) for item in items] for name, items in value.lists()}
    if isinstance(value, dict):
        return {str(name): _canonical(item) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    return value


def request_fingerprint(request: Request, data: Any) -> str:
    """SHA-256 of what the request asks: method, path and parsed body (an upload by its content's hash).

    The parsed body, not the raw bytes: a multipart boundary or the JSON's spacing changes on every
    retry of the same request.
    """
    canonical = {"method": request.method, "path": request.path, "body": _canonical(data)}
    return hashlib.sha256(json.dumps(canonical, sort_keys=True, default=str).encode()).hexdigest()


def _caller(request: Request) -> dict[str, Any]:
    """The caller's fields of a kept answer: its user, or its API client (a client is no user)."""
    if getattr(request.user, "is_api_client", False):
        return {"user": None, "client": request.user.client}  # type: ignore[union-attr]
    return {"user": cast("User", request.user), "client": None}


def _lock(caller: str, key: str) -> None:
    if connection.vendor != "postgresql":
        return
    number = int.from_bytes(hashlib.sha256(f"idempotency:{caller}:{key}".encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def _replay(earlier: IdempotentRequest, fingerprint: str) -> Response:
    if earlier.fingerprint != fingerprint:
        raise ConflictError(
            code=IDEMPOTENCY_KEY_REUSED,
            message="This Idempotency-Key was already used for a different request.",
        )
    body = earlier.response_body
    response = Response(json.loads(body) if body else None, status=earlier.response_status)
    response[REPLAYED_HEADER] = "true"
    return response


def idempotent_response(*, request: Request, key: str, data: Any, respond: Callable[[], Response]) -> Response:
    """The answer of `respond()` under the caller's `key`: the first one again on a retry."""
    # The wrapped handlers answer authenticated callers only (their permissions run first).
    caller = _caller(request)
    fingerprint = request_fingerprint(request, data)
    with transaction.atomic():
        client = caller["client"]
        _lock(f"client-{client.pk}" if client else str(caller["user"].pk), key)
        earlier = IdempotentRequest.objects.filter(**caller, key=key).first()
        if earlier is not None and earlier.created_at >= remembered_since():
            return _replay(earlier, fingerprint)
        response = respond()
        if 200 <= response.status_code < 300:
            if earlier is not None:
                earlier.delete()  # forgotten, and not yet purged: it makes way
            IdempotentRequest.objects.create(
                **caller,
                key=key,
                fingerprint=fingerprint,
                response_status=response.status_code,
                response_body=JSONRenderer().render(response.data).decode(),
                created_at=timezone.now(),
            )
    return response


def idempotent(handler: Callable[..., Response] | None = None, *, read: Callable[[Request], Any] | None = None):
    """Makes a view's creating handler honour `Idempotency-Key` (documented in the schema by this mark).

    `read` parses the body where the view has its own way (a capped upload); it must be safe to call again.
    """

    def decorate(handler: Callable[..., Response]) -> Callable[..., Response]:
        @functools.wraps(handler)
        def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
            key = idempotency_key(request)
            if key is None:
                return handler(view, request, *args, **kwargs)
            data = read(request) if read is not None else request.data
            return idempotent_response(
                request=request, key=key, data=data, respond=lambda: handler(view, request, *args, **kwargs)
            )

        wrapper.idempotent = True  # type: ignore[attr-defined]
        return wrapper

    return decorate(handler) if handler is not None else decorate
