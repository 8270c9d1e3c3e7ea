"""The CapabilityStatement, written from the registry."""

from typing import Any

from django.conf import settings

from .access import SMART_SCOPES
from .params import CONTROL
from .registry import BINARY, OPERATIONS, REGISTRY

FHIR_VERSION = "4.0.1"
SEARCH_RESULT_PARAMS = {"_count": "number"}


def capability_statement(base: str) -> dict[str, Any]:
    resources = []
    for resource_type, definition in REGISTRY.items():
        entry: dict[str, Any] = {
            "type": resource_type,
            "interaction": [{"code": "read"}] + ([{"code": "search-type"}] if definition.search else []),
            "searchParam": [
                {"name": param.name, "type": param.type, "documentation": param.documentation}
                for param in definition.params.values()
            ]
            + [{"name": name, "type": kind} for name, kind in SEARCH_RESULT_PARAMS.items() if definition.search],
        }
        operations = [
            {"name": name, "definition": f"http://hl7.org/fhir/OperationDefinition/{kind.lower()}-{name}"}
            for (kind, name) in OPERATIONS
            if kind == resource_type
        ]
        if operations:
            entry["operation"] = operations
        resources.append(entry)
    resources.append({"type": BINARY, "interaction": [{"code": "read"}]})
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": settings.FHIR_CAPABILITY_DATE,
        "publisher": "Patient Tracker",
        "kind": "instance",
        "software": {"name": "Patient Tracker"},
        "implementation": {"description": "Patient Tracker FHIR R4 read API", "url": base},
        "fhirVersion": FHIR_VERSION,
        "format": ["application/fhir+json", "json"],
        "rest": [
            {
                "mode": "server",
                "documentation": (
                    "Read and search only. Paging: `_count` and the `next` link (which carries "
                    f"{', '.join(CONTROL[1:2])}). Unknown parameters answer 400."
                ),
                "security": {
                    "description": (
                        "A user's JWT Bearer token (POST /api/v1/auth/token/). Planned for API clients: "
                        f"SMART v2 system scopes such as {SMART_SCOPES['Patient']} (docs/fhir.md)."
                    ),
                },
                "resource": resources,
            }
        ],
    }
