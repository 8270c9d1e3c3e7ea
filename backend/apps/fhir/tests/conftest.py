"""FHIR tests: every resource the API emits is validated against the R4 models of fhir.resources."""

import pytest
from fhir.resources.R4B import get_fhir_model_class


def validate(body: dict) -> dict:
    """Validate a FHIR resource (a Bundle validates each entry's resource too); returns it."""
    model = get_fhir_model_class(body["resourceType"])
    model.model_validate(body)
    for entry in body.get("entry", []):
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    return body


@pytest.fixture
def fhir_get(client_for):
    """GET a FHIR path as `user`; returns the response after checking its type and validating its body."""

    def get(user, path: str, **extra):
        response = client_for(user).get(path, **extra)
        if response.get("Content-Type", "").startswith(("application/fhir+json", "application/json")):
            response.body = validate(response.json())
        return response

    return get
