"""FHIR JSON out: `application/fhir+json` (or `application/json` when asked); XML answers 406."""

from typing import Any

from rest_framework.exceptions import NotAcceptable
from rest_framework.request import Request

from apps.core.renderers import JSONRenderer

FHIR_JSON = "application/fhir+json"
JSON_FORMATS = {"json": FHIR_JSON, "application/json": "application/json", FHIR_JSON: FHIR_JSON}


class FhirJSONRenderer(JSONRenderer):
    media_type = FHIR_JSON
    format = "fhir+json"
    charset = "utf-8"


class PlainJSONRenderer(JSONRenderer):
    charset = "utf-8"


def negotiate(request: Request, *, force: bool) -> tuple[Any, str]:
    """The renderer for `_format` or the Accept header. `force` (errors, files): never refuse."""
    chosen = _requested(request)
    if chosen is None:
        if force:
            return FhirJSONRenderer(), FHIR_JSON
        raise NotAcceptable("This server speaks FHIR JSON only: application/fhir+json or application/json.")
    renderer = PlainJSONRenderer() if chosen == "application/json" else FhirJSONRenderer()
    return renderer, chosen


def _requested(request: Request) -> str | None:
    fmt = request.query_params.get("_format")
    if fmt is not None:
        return JSON_FORMATS.get(fmt.split(";")[0].strip())
    accept = request.META.get("HTTP_ACCEPT", "").lower()
    if not accept.strip():
        return FHIR_JSON
    types = [part.split(";")[0].strip() for part in accept.split(",")]
    if FHIR_JSON in types or any(kind in ("*/*", "application/*") for kind in types):
        return FHIR_JSON
    if "application/json" in types or any(kind.endswith("+json") for kind in types):
        return "application/json" if "application/json" in types else FHIR_JSON
    return None
