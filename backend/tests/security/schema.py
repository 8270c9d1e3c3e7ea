"""The OpenAPI schema of the running code, generated in-process (as `manage.py spectacular` would)."""

from functools import cache
from typing import Any

METHODS = ("get", "put", "post", "patch", "delete")


@cache
def api_schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def operations() -> dict[tuple[str, str], dict[str, Any]]:
    """Every operation of the schema, keyed by (METHOD, path template)."""
    return {
        (method.upper(), path): operation
        for path, item in api_schema()["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


# The path parameter that names each FHIR resource type's id in the matrix (conftest.PATH_OBJECTS).
FHIR_ID_PARAMS = {
    "Patient": "patient_id",
    "Practitioner": "doctor_id",
    "PractitionerRole": "doctor_id",
    "Schedule": "doctor_id",
    "Slot": "slot_id",
    "Appointment": "appointment_id",
    "Encounter": "encounter_id",
    "Condition": "record_id",
    "MedicationStatement": "medication_id",
    "DocumentReference": "report_id",
}


def fhir_operations() -> set[tuple[str, str]]:
    """Every interaction of the FHIR API (not in the OpenAPI schema), from the registry the views use."""
    from apps.fhir.registry import BINARY, OPERATIONS, REGISTRY

    found = {
        ("GET", "/fhir/R4/metadata"),
        ("GET", "/fhir/R4/.well-known/smart-configuration"),
        ("GET", f"/fhir/R4/{BINARY}/{{report_id}}"),
    }
    for resource_type, definition in REGISTRY.items():
        found.add(("GET", f"/fhir/R4/{resource_type}/{{{FHIR_ID_PARAMS[resource_type]}}}"))
        if definition.search:
            found.add(("GET", f"/fhir/R4/{resource_type}"))
    for resource_type, name in OPERATIONS:
        found.add(("GET", f"/fhir/R4/{resource_type}/{{{FHIR_ID_PARAMS[resource_type]}}}/${name}"))
    return found
