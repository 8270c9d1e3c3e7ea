"""OpenAPI schema: every operation documents its errors in the shared error body, with typed codes.

A view declares the codes its own services raise, by status, with `@error_codes({409: [...]})` on
the handler; `@idempotent` (apps.core.idempotency) marks a handler that honours `Idempotency-Key`.
`AutoSchema` carries those marks into the operation, and `document_errors`, the post-processing
hook, adds what the shared machinery answers anywhere and writes each error response as the shared
error body whose `code` is an enum of exactly what that operation can answer with that status.

The test suite checks the declarations: every error answer a test provokes must be documented
(tests/observed_errors.py), so a view that starts raising an undeclared code fails its tests.
"""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import exceptions
from rest_framework_simplejwt.exceptions import InvalidToken

from . import errors

F = TypeVar("F", bound=Callable[..., Any])

ERROR_BODY = "ErrorBody"
IDEMPOTENCY_PARAMETER = "IdempotencyKey"

# What the authentication answers for a missing, malformed, invalid, expired or revoked token.
AUTHENTICATION_CODES = [
    exceptions.NotAuthenticated.default_code,
    exceptions.AuthenticationFailed.default_code,
    InvalidToken.default_code,
    # An API client's token that is unknown, expired or revoked (apps.clients.authentication).
    "invalid_token",
    "bad_authorization_header",
    "user_not_found",
    "user_inactive",
    "session_ended",
]
BODY_CODES = [errors.VALIDATION_ERROR, errors.BAD_REQUEST, exceptions.ParseError.default_code, errors.JSON_TOO_DEEP]

DESCRIPTIONS = {
    400: "Bad request: a field or parameter is not valid (`fields` says which), or the body cannot be read",
    401: "Not authenticated, or the access token is invalid, expired or revoked",
    403: "Visible, but not allowed for this caller",
    404: "Not found, or outside the caller's scope",
    405: "The method is not allowed here",
    406: "The `Accept` header asks for a type the API does not answer in",
    409: "Conflict with the current state of the data",
    413: "`payload_too_large`: the body is larger than `REQUEST_MAX_BYTES`",
    414: "`uri_too_long`: the path and query string are longer than `REQUEST_URL_MAX_LENGTH`",
    415: "The body's `Content-Type` is not one this operation reads",
    429: "Too many requests: wait for `Retry-After` seconds",
    503: "The database or the cache is unavailable for a moment: retry after `Retry-After` seconds",
}
RETRY_AFTER = {
    "Retry-After": {"schema": {"type": "integer", "minimum": 0}, "description": "Seconds to wait before retrying"}
}
REPLAYED = {
    "Idempotent-Replayed": {
        "schema": {"type": "string", "enum": ["true"]},
        "description": "Present on the answer to a retry: it is the first answer under the same `Idempotency-Key`",
    }
}


def error_codes(declared: dict[int, Iterable[str]]) -> Callable[[F], F]:
    """Declares the error codes, by status, that this handler's services raise (beyond the shared ones)."""

    def mark(handler: F) -> F:
        merged = {status: list(codes) for status, codes in getattr(handler, "error_codes", {}).items()}
        for status, codes in declared.items():
            merged[status] = [*merged.get(status, []), *codes]
        handler.error_codes = merged  # type: ignore[attr-defined]
        return handler

    return mark


class AutoSchema(SpectacularAutoSchema):
    """Carries the handler's declared error codes, its idempotency and its throttling into the operation."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        handler = getattr(self.view, self.method.lower(), None)
        operation["x-error-codes"] = {
            str(status): codes for status, codes in getattr(handler, "error_codes", {}).items()
        }
        operation["x-idempotent"] = bool(getattr(handler, "idempotent", False))
        operation["x-throttled"] = bool(self.view.get_throttles())
        return operation


def document_errors(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """Every operation documents each error it can answer, in the shared body with a `code` enum.

    Added here, so that a new endpoint cannot forget the shared ones:
    - 401 where the security does not allow anonymous callers (any invalid, expired or revoked token);
    - 400 everywhere (`bad_request`), with `validation_error` where there is a body or a query
      parameter; 404 where there is a path parameter or a page; 403 where the view declares it;
    - 409 `conflict` on every write (a constraint refused it, or a concurrent write kept winning);
    - 413 and 415 where there is a body, 414, 406 and 503 (with `Retry-After`) everywhere, 429 (with
      `Retry-After`) where the view throttles;
    - the `Idempotency-Key` header and its 409 on idempotent creates.

    Optional query parameters are marked `allowEmptyValue`: as in an HTML form, `?name=` is the same
    as leaving `name` out.
    """
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})[ERROR_BODY] = ERROR_BODY_SCHEMA
    components.setdefault("parameters", {})[IDEMPOTENCY_PARAMETER] = IDEMPOTENCY_KEY_SCHEMA
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                _document_operation(method.upper(), operation)
    return result


def _document_operation(method: str, operation: dict[str, Any]) -> None:
    codes: dict[int, list[str]] = {int(status): [] for status in operation["responses"] if int(status) >= 400}
    declared = operation.pop("x-error-codes", {})
    idempotent = operation.pop("x-idempotent", False)
    throttled = operation.pop("x-throttled", False)

    def add(status: int, *names: str) -> None:
        listed = codes.setdefault(status, [])
        listed += [name for name in names if name not in listed]

    security = operation.get("security")
    parameters = operation.get("parameters", [])
    body = operation.get("requestBody", {}).get("content", {})
    if security and {} not in security:
        add(401, *AUTHENTICATION_CODES)
        # An API client is refused any operation its scopes do not grant, and has a rate of its own.
        add(403, errors.PERMISSION_DENIED)
        add(429, errors.THROTTLED)
    # Any request: a Content-Length that is not a number (apps.core.middleware.RequestLimitsMiddleware).
    add(400, errors.BAD_REQUEST)
    if body or any(parameter.get("in") == "query" for parameter in parameters):
        add(400, errors.VALIDATION_ERROR)
    if body:
        add(400, *BODY_CODES)
        add(413, errors.PAYLOAD_TOO_LARGE)
        add(415, errors.UNSUPPORTED_MEDIA_TYPE)
    if any(parameter.get("in") == "path" for parameter in parameters) or _is_paginated(operation):
        add(404, errors.NOT_FOUND)
    if 403 in codes:
        add(403, errors.PERMISSION_DENIED)
    if 404 in codes:
        add(404, errors.NOT_FOUND)
    if method not in ("GET", "HEAD", "OPTIONS"):
        # Any write: a database constraint refused it, or a concurrent write kept winning (the exception handler).
        add(409, errors.CONFLICT)
    if throttled:
        add(429, errors.THROTTLED)
    if idempotent:
        add(400, errors.VALIDATION_ERROR)
        add(409, errors.IDEMPOTENCY_KEY_REUSED)
        parameters.append({"$ref": f"#/components/parameters/{IDEMPOTENCY_PARAMETER}"})
        operation["parameters"] = parameters
        for status, response in operation["responses"].items():
            if 200 <= int(status) < 300:
                response.setdefault("headers", {}).update(REPLAYED)
    add(406, exceptions.NotAcceptable.default_code)
    add(414, errors.URI_TOO_LONG)
    add(503, errors.SERVICE_UNAVAILABLE)
    for status, names in declared.items():
        add(int(status), *names)

    responses = operation["responses"]
    for status, names in sorted(codes.items()):
        response = responses.setdefault(str(status), {})
        response.setdefault("description", DESCRIPTIONS.get(status, "Error"))
        if status in (429, 503):
            response.setdefault("headers", {}).update(RETRY_AFTER)
        if "content" in response:
            continue  # the view documents its own body (the health check's report)
        if not names:
            # A status the view documents must say which codes it answers with: `@error_codes`.
            raise ValueError(f"{operation.get('operationId')} documents {status} but declares no error code for it")
        response["content"] = {"application/json": {"schema": _error_schema(names)}}
    operation["responses"] = dict(sorted(responses.items()))
    for parameter in parameters:
        if parameter.get("in") == "query" and not parameter.get("required"):
            parameter["allowEmptyValue"] = True


def _error_schema(codes: list[str]) -> dict[str, Any]:
    return {
        "allOf": [
            {"$ref": f"#/components/schemas/{ERROR_BODY}"},
            {"type": "object", "properties": {"code": {"type": "string", "enum": sorted(codes)}}},
        ]
    }


def _is_paginated(operation: dict[str, Any]) -> bool:
    parameters = {parameter.get("name") for parameter in operation.get("parameters", [])}
    return {"page", "page_size"} <= parameters


ERROR_BODY_SCHEMA = {
    "type": "object",
    "description": "The one shape of every error answer",
    "properties": {
        "code": {"type": "string", "description": "Machine-readable; each operation lists the codes it can answer"},
        "detail": {"type": "string", "description": "For people: what went wrong"},
        "fields": {
            "type": "object",
            "additionalProperties": {},
            "description": "On 400s only: the messages by field (or parameter, or header) name",
        },
        "request_id": {
            "type": "string",
            "description": "The request's id, also in `X-Request-ID`; quote it in reports",
        },
    },
    "required": ["code", "detail", "request_id"],
}
IDEMPOTENCY_KEY_SCHEMA = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "pattern": r"^[\x21-\x7e]{1,255}$"},
    "description": (
        "Makes a retried create safe. The same key with the same request, from the same caller, answers "
        "the first answer again (same status and body, with `Idempotent-Replayed: true`) instead of creating "
        "a second object; the same key with another request answers 409 `idempotency_key_reused`. Only "
        "successful answers are kept, each for `IDEMPOTENCY_KEY_HOURS` (24 by default): after that the key "
        "is forgotten and may be used again."
    ),
}
