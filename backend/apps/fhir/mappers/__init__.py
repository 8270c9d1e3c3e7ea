"""Model -> FHIR R4 resource, one module per area; plain dicts (docs/fhir.md says why)."""
