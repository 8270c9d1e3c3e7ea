"""FHIR errors: every refusal of the FHIR API leaves as an OperationOutcome with its HTTP status."""

from typing import Any

# HTTP status -> the OperationOutcome issue type (http://hl7.org/fhir/issue-type).
ISSUE_TYPES = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    406: "not-supported",
    409: "conflict",
    413: "too-long",
    429: "throttled",
    500: "exception",
    503: "transient",
}


class FhirError(Exception):
    """A request the FHIR API refuses: its status and the sentence for the caller."""

    def __init__(self, status: int, diagnostics: str) -> None:
        super().__init__(diagnostics)
        self.status = status
        self.diagnostics = diagnostics


def operation_outcome(status: int, diagnostics: str) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [
            {
                "severity": "error",
                "code": ISSUE_TYPES.get(status, "processing"),
                "diagnostics": diagnostics,
            }
        ],
    }
