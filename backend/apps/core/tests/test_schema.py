import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_builds_and_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    # --fail-on-warn turns every drf-spectacular warning or error into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/v1/health/" in out.read_text()


def test_the_schema_and_the_interactive_docs_are_served_to_anyone(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    docs = api_client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


@pytest.fixture(scope="module")
def schema():
    from tests.observed_errors import schema

    return schema()


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def _error_schema(schema, response):
    body = response["content"]["application/json"]["schema"]
    parts = [schema["components"]["schemas"][part["$ref"].rsplit("/", 1)[1]] if "$ref" in part else part
             for part in body.get("allOf", [body])]  # fmt: skip
    return parts


# The health check answers its own report (with a `code` when a fault needs an operator), for load balancers.
OWN_ERROR_BODIES = {("GET /api/v1/health/", "503")}


def test_every_error_response_is_the_shared_error_body_with_a_code_enum(schema):
    """What a generated client needs to parse every error: a JSON body, its `code` an enum of strings."""
    for name, operation in _operations(schema):
        for status, response in operation["responses"].items():
            if int(status) < 400 or (name, status) in OWN_ERROR_BODIES:
                continue
            parts = _error_schema(schema, response)
            assert {"$ref": "#/components/schemas/ErrorBody"} in response["content"]["application/json"]["schema"][
                "allOf"
            ], (name, status)
            enums = [part["properties"]["code"]["enum"] for part in parts if "enum" in part["properties"]["code"]]
            assert len(enums) == 1, (name, status)
            assert enums[0], (name, status)
            assert all(isinstance(code, str) for code in enums[0]), (name, status)


def test_the_error_body_names_its_fields_and_requires_the_code(schema):
    body = schema["components"]["schemas"]["ErrorBody"]
    assert set(body["properties"]) == {"code", "detail", "fields", "request_id"}
    assert set(body["required"]) == {"code", "detail", "request_id"}


def test_every_operation_documents_503_with_retry_after_and_the_shared_statuses(schema):
    for name, operation in _operations(schema):
        responses = operation["responses"]
        assert {"406", "414", "503"} <= set(responses), name
        assert "Retry-After" in responses["503"]["headers"], name
        if operation.get("requestBody"):
            assert {"400", "413", "415"} <= set(responses), name
        if "429" in responses:
            assert "Retry-After" in responses["429"]["headers"], name


def _codes(schema, operation_id: str, status: int) -> set[str]:
    for _, operation in _operations(schema):
        if operation["operationId"] == operation_id:
            parts = _error_schema(schema, operation["responses"][str(status)])
            return {code for part in parts for code in part["properties"]["code"].get("enum", [])}
    raise AssertionError(operation_id)


def test_codes_are_per_operation_not_one_global_list(schema):
    booking = _codes(schema, "appointments_create", 409)
    assert {"slot_taken", "idempotency_key_reused"} <= booking
    assert "stale_version" not in booking
    assert "slot_taken" not in _codes(schema, "records_update", 409)
    assert "invalid_credentials" in _codes(schema, "auth_token", 401)
    assert "invalid_credentials" not in _codes(schema, "appointments_list", 401)


IDEMPOTENT = {
    "appointments_create",
    "appointments_complete",
    "records_create",
    "medications_create",
    "reports_upload",
    "patients_create",
    "doctors_create",
    "nurses_create",
    "api_clients_create",
    "webhook_endpoints_create",
    "webhook_deliveries_replay",
}


def test_idempotent_creates_take_the_shared_header_and_document_the_replay(schema):
    assert schema["components"]["parameters"]["IdempotencyKey"]["name"] == "Idempotency-Key"
    marked = set()
    for _, operation in _operations(schema):
        if {"$ref": "#/components/parameters/IdempotencyKey"} in operation.get("parameters", []):
            marked.add(operation["operationId"])
            assert "idempotency_key_reused" in _codes(schema, operation["operationId"], 409)
            success = next(response for status, response in operation["responses"].items() if status < "300")
            assert "Idempotent-Replayed" in success["headers"]
    assert marked == IDEMPOTENT


def test_every_create_is_idempotent(schema):
    """A POST that answers 201 creates something, so it takes an Idempotency-Key (registration aside:
    it has no caller to scope a key to, and answers the same 202 whatever happened). Issuing a
    calendar feed URL is not one: it replaces the secret URL, and a replay would hand it out again."""
    creates = {
        operation["operationId"]
        for name, operation in _operations(schema)
        if name.startswith("POST ") and "201" in operation["responses"]
    }
    assert creates - {"me_calendar_feed_issue"} <= IDEMPOTENT


def test_the_drift_check_reports_an_undeclared_code_or_status_and_passes_declared_ones():
    from tests.observed_errors import Observed, undocumented

    declared = Observed("POST", "/api/v1/appointments/", 409, "slot_taken")
    undeclared = Observed("POST", "/api/v1/appointments/", 409, "stale_version")
    no_status = Observed("GET", "/api/v1/appointments/", 409, "conflict")
    assert undocumented([declared]) == []
    assert len(undocumented([undeclared, no_status])) == 2
