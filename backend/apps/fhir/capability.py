"""The CapabilityStatement, written from the registry."""

from typing import Any

from django.conf import settings
from django.urls import reverse

from apps.clients.oauth import ClientScopes

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
                    "service": [
                        {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                    "code": "SMART-on-FHIR",
                                }
                            ]
                        }
                    ],
                    "description": (
                        "A user's JWT Bearer token (POST /api/v1/auth/token/), or an API client's token "
                        "(client credentials at the token endpoint of .well-known/smart-configuration) "
                        f"with SMART v2 system scopes such as {SMART_SCOPES['Patient']} (docs/fhir.md)."
                    ),
                },
                "resource": resources,
            }
        ],
    }


def smart_configuration(root: str) -> dict[str, Any]:
    """`.well-known/smart-configuration` for backend services (SMART App Launch 2.x): client
    credentials with a client secret; the scopes are the SMART forms of the client scopes."""
    return {
        "token_endpoint": root.rstrip("/") + reverse("oauth-token"),
        "grant_types_supported": ["client_credentials"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": sorted(scope for scope in ClientScopes().get_all_scopes() if scope.startswith("system/")),
        "capabilities": ["client-confidential-symmetric", "permission-v2"],
    }
