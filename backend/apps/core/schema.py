"""OpenAPI schema post-processing shared by every app."""

from typing import Any

UNAUTHENTICATED = {"description": "Not authenticated, or the access token is invalid, expired or revoked"}
PAGE_NOT_FOUND = {"description": "Not found: the page is past the end of the list, or not a page number"}
LIST_BAD_REQUEST = {"description": "Validation error: a malformed page size or filter, keyed by parameter"}
BODY_BAD_REQUEST = {"description": "The body is not valid JSON (`parse_error`) or nests too deeply (`json_too_deep`)"}
BODY_TOO_LARGE = {"description": "`payload_too_large`: the body is larger than `REQUEST_MAX_BYTES`"}
URI_TOO_LONG = {"description": "`uri_too_long`: the path and query string are longer than `REQUEST_URL_MAX_LENGTH`"}


def document_shared_errors(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """Every operation documents the errors that shared machinery, not its view, answers.

    - 401 where the security does not allow anonymous callers: the default authentication and
      permission classes refuse them (and any invalid, expired or revoked token);
    - 400 and 404 on paginated lists: the paginator refuses a malformed page size (400) and a page
      past the end or one that is not a number (404);
    - 414 everywhere, and 413 (and, for JSON, 400) where there is a body: the request limits
      (`apps.core.middleware.RequestLimitsMiddleware`, `apps.core.parsers`).

    Added here, so that a new endpoint cannot forget them. Optional query parameters are marked
    `allowEmptyValue`: as in an HTML form, `?name=` is the same as leaving `name` out.
    """
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            security = operation.get("security")
            if security and {} not in security:
                operation["responses"].setdefault("401", dict(UNAUTHENTICATED))
            if _is_paginated(operation):
                operation["responses"].setdefault("400", dict(LIST_BAD_REQUEST))
                operation["responses"].setdefault("404", dict(PAGE_NOT_FOUND))
            body = operation.get("requestBody", {}).get("content", {})
            if body:
                operation["responses"].setdefault("413", dict(BODY_TOO_LARGE))
            if "application/json" in body:
                operation["responses"].setdefault("400", dict(BODY_BAD_REQUEST))
            operation["responses"].setdefault("414", dict(URI_TOO_LONG))
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
    return result


def _is_paginated(operation: dict[str, Any]) -> bool:
    parameters = {parameter.get("name") for parameter in operation.get("parameters", [])}
    return {"page", "page_size"} <= parameters
