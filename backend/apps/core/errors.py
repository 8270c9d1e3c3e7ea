"""The one error type that services raise, and the codes shared by every app.

A service raises `ApplicationError` (or one of its status-specific subclasses) with a stable,
machine-readable `code` from its app's `errors.py`; the exception handler renders it as
`{"code": ..., "detail": ..., "fields": {...}}` with the matching HTTP status.
"""

from typing import ClassVar

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
