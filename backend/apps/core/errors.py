"""API errors: the one error type services raise, the shared codes, and how every error is answered.

A service raises `ApplicationError` (or one of its status-specific subclasses) with a stable,
machine-readable `code` from its app's `errors.py`; `exception_handler` renders every API error in
the same shape:

    {"code": "<machine-readable>", "detail": "<for people>", "fields": {...}, "request_id": "..."}

`fields` appears on 400s only, keyed by field name. A 500 carries nothing but the generic code
and the request id: no traceback or internal message ever reaches a client. A lost database
connection is left to `DatabaseOutageMiddleware`, which runs a read once more or answers 503.
"""

import logging
from typing import Any, ClassVar, cast

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from .db import is_transient_conflict
from .request_id import current_request_id

VALIDATION_ERROR = "validation_error"
NOT_FOUND = "not_found"
PERMISSION_DENIED = "permission_denied"
CONFLICT = "conflict"
NOT_AUTHENTICATED = "not_authenticated"
THROTTLED = "throttled"
PAYLOAD_TOO_LARGE = "payload_too_large"
URI_TOO_LONG = "uri_too_long"
JSON_TOO_DEEP = "json_too_deep"
BAD_REQUEST = "bad_request"
UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
SERVER_ERROR = "server_error"
SERVICE_UNAVAILABLE = "service_unavailable"
# 409: an Idempotency-Key already used for a different request (apps.core.idempotency).
IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"


class ApplicationError(Exception):
    """A business rule refused the request; 400 unless a subclass says otherwise."""

    status_code: ClassVar[int] = 400

    def __init__(self, *, code: str, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}


class NotAuthenticatedError(ApplicationError):
    status_code = 401


class NotFoundError(ApplicationError):
    status_code = 404


class PermissionDeniedError(ApplicationError):
    status_code = 403


class ConflictError(ApplicationError):
    status_code = 409


class UnavailableError(ApplicationError):
    """A service the request needs is down for a moment: 503 with `Retry-After`, worth trying again."""

    status_code = 503


class PayloadTooLargeError(ApplicationError):
    status_code = 413


class UnsupportedMediaTypeError(ApplicationError):
    status_code = 415


class ThrottledError(ApplicationError):
    status_code = 429


logger = logging.getLogger(__name__)


SERVER_ERROR_MESSAGE = "Something went wrong on our side. Quote the request id if you report it."
UNAVAILABLE_MESSAGE = "The service is unavailable for a moment. Try again shortly."
# Seconds a client waits before trying again when the database could not answer.
RETRY_AFTER_SECONDS = 2


def error_body(code: str, detail: str, fields: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "detail": detail}
    if fields:
        body["fields"] = fields
    body["request_id"] = current_request_id()
    return body


def _drf_code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    return getattr(exc, "default_code", SERVER_ERROR)


def suspicious_request_answer(exc: Exception | None) -> tuple[int, dict[str, Any]]:
    """The status and body for a request Django would not read: 413 for a body over its limit, else 400."""
    if isinstance(exc, RequestDataTooBig):
        return 413, error_body(PAYLOAD_TOO_LARGE, "The request body is too large.")
    return 400, error_body(BAD_REQUEST, "The request could not be read.")


def _suspicious_request_response(exc: SuspiciousOperation) -> Response:
    from rest_framework.views import set_rollback

    set_rollback()
    # Only the kind: the message may quote the request.
    logger.warning("Refused a request Django would not read (%s).", type(exc).__name__)
    status_code, body = suspicious_request_answer(exc)
    return Response(body, status=status_code)


def database_unavailable(exc: BaseException) -> bool:
    """The database could not answer (a lost connection, a server going down), not a conflict or a bug."""
    return isinstance(exc, OperationalError | InterfaceError) and not is_transient_conflict(exc)


def unavailable_response() -> JsonResponse:
    response = JsonResponse(error_body(SERVICE_UNAVAILABLE, UNAVAILABLE_MESSAGE), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    # DRF's views module imports the authentication classes, which import this module.
    from rest_framework.views import exception_handler as drf_exception_handler
    from rest_framework.views import set_rollback

    if database_unavailable(exc):
        # Raised on to DatabaseOutageMiddleware: a read runs once more on a new connection, or 503.
        return None
    if isinstance(exc, ApplicationError):
        set_rollback()
        answer = Response(error_body(exc.code, exc.message, exc.fields), status=exc.status_code)
        if isinstance(exc, UnavailableError):
            answer["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return answer

    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, IntegrityError):
        # A database constraint refused the write: the request conflicts with existing data.
        set_rollback()
        logger.warning("A database constraint refused a write.")
        return Response(
            error_body(CONFLICT, "The request conflicts with the current state of the data."),
            status=status.HTTP_409_CONFLICT,
        )
    elif is_transient_conflict(exc):
        # Whatever retries the service made, another request kept winning: the client may retry.
        set_rollback()
        return Response(
            error_body(CONFLICT, "Another request changed the same data at the same time. Try again."),
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, SuspiciousOperation):
        # Django refused to read the request (too many fields, a body over its limit): the client's doing.
        return _suspicious_request_response(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        set_rollback()
        logger.exception("Unhandled error while serving an API request.")
        return Response(
            error_body(SERVER_ERROR, SERVER_ERROR_MESSAGE),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )

    # DRF answers only its own exceptions, so this is one.
    exc = cast(exceptions.APIException, exc)
    if isinstance(exc, exceptions.ValidationError):
        fields = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = error_body(VALIDATION_ERROR, "Some fields are not valid.", fields)
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else str(exc.detail)
        response.data = error_body(_drf_code(exc), str(detail))
    return response
