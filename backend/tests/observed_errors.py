"""Every error answer the test suite provokes must be one that its operation documents.

`ObservedErrorsMiddleware` (test settings only, outermost) notes each API error answer: the
operation (method and route), the status and the body's `code`. After each test, the autouse
fixture in conftest.py compares them with the OpenAPI schema: a status the operation does not
document, or a `code` missing from that status's `code` enum, fails the test that provoked it.
So a view that starts raising a code it does not declare is caught by whichever test reaches it.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

# Answers no operation documents on purpose: a 500 is a bug that its own test reports.
UNCHECKED_STATUSES = {500}


@dataclass(frozen=True)
class Observed:
    method: str
    path: str
    status: int
    code: str | None


observed: list[Observed] = []


def _schema_path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


class ObservedErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code >= 400 and request.path.startswith("/api/v1/"):
            try:
                route = resolve(request.path_info).route
            except Resolver404:
                return response
            observed.append(Observed(request.method or "", _schema_path(route), response.status_code, _code(response)))
        return response


def _code(response: HttpResponse) -> str | None:
    if response.get("Content-Type", "").split(";")[0] != "application/json" or getattr(response, "streaming", False):
        return None
    try:
        return json.loads(response.content).get("code")
    except (ValueError, AttributeError):
        return None


@cache
def schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    # The app's routes, whatever URLconf the test that first needs the schema has put in place.
    return SchemaGenerator(urlconf="config.urls").get_schema(request=None, public=True)


def undocumented(seen: list[Observed]) -> list[str]:
    """What the schema does not say an operation answers, one line each."""
    problems = []
    paths = schema()["paths"]
    for item in seen:
        operation = paths.get(item.path, {}).get(item.method.lower())
        if operation is None or item.status in UNCHECKED_STATUSES:
            continue  # not a documented operation (a 405 for another method, OPTIONS)
        response = operation["responses"].get(str(item.status))
        if response is None:
            problems.append(f"{item.method} {item.path} answered {item.status} `{item.code}`: status not documented")
            continue
        body = response.get("content", {}).get("application/json", {}).get("schema", {})
        if "allOf" not in body:
            continue  # the view documents its own body (the health check's report)
        enum = _code_enum(response)
        if item.code not in enum:
            problems.append(f"{item.method} {item.path} answered {item.status} `{item.code}`: not in {sorted(enum)}")
    return problems


def _code_enum(response: dict[str, Any]) -> set[str]:
    body = response.get("content", {}).get("application/json", {}).get("schema", {})
    for part in [body, *body.get("allOf", [])]:
        code = part.get("properties", {}).get("code", {})
        if "enum" in code:
            return set(code["enum"])
    return set()
