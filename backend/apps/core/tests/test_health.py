import pytest
from django.db import DatabaseError
from django.test import Client, override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("apps.core.tests.urls")]


def test_health_answers_ok_with_a_database_round_trip(api_client):
    response = api_client.get("/api/v1/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "encryption_keys": "ok"}


def test_health_answers_503_when_the_database_does_not_answer(api_client, monkeypatch):
    class UnreachableDatabase:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr("apps.core.health.connection", UnreachableDatabase())
    response = api_client.get("/api/v1/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "unavailable"}


def test_every_response_carries_a_generated_request_id(api_client):
    first = api_client.get("/api/v1/health/")["X-Request-ID"]
    second = api_client.get("/api/v1/health/")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


def test_a_well_formed_incoming_request_id_is_kept(api_client):
    response = api_client.get("/api/v1/health/", HTTP_X_REQUEST_ID="trace-abc-12345")
    assert response["X-Request-ID"] == "trace-abc-12345"


def test_a_malformed_incoming_request_id_is_replaced(api_client):
    response = api_client.get("/api/v1/health/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert response["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(response["X-Request-ID"]) == 32


def test_the_default_permission_refuses_anonymous_callers_with_401(api_client):
    response = api_client.get("/api/v1/test/private/")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["request_id"] == response["X-Request-ID"]


def test_serializer_errors_answer_400_keyed_by_field(api_client):
    response = api_client.post("/api/v1/test/raise/serializer/", {"name": "far too long", "age": -1})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert set(body["fields"]) == {"name", "age"}
    assert body["fields"]["name"] == ["Ensure this field has no more than 5 characters."]


def test_malformed_json_answers_400_not_500(api_client):
    response = api_client.generic(
        "POST", "/api/v1/test/raise/serializer/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_an_unsupported_content_type_answers_415(api_client):
    response = api_client.generic("POST", "/api/v1/test/raise/ok/", "a=1", content_type="text/plain")
    assert response.status_code == 415


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        ("conflict", 409, "slot_taken"),
        ("not-found", 404, "not_found"),
        ("forbidden", 403, "not_allowed"),
        ("integrity", 409, "conflict"),
        ("deadlock", 409, "conflict"),
    ],
)
def test_application_errors_map_to_their_status_and_code(api_client, kind, status, code):
    response = api_client.post(f"/api/v1/test/raise/{kind}/", {})
    assert response.status_code == status
    assert response.json()["code"] == code


def test_django_validation_errors_answer_400_with_field_messages(api_client):
    response = api_client.post("/api/v1/test/raise/django-validation/", {})
    assert response.status_code == 400
    assert response.json()["fields"] == {"start": ["Outside the doctor's hours."]}


def test_an_unhandled_api_error_answers_500_with_only_a_request_id():
    client = Client(raise_request_exception=False)
    response = client.post("/api/v1/test/raise/crash/", {}, content_type="application/json")
    assert response.status_code == 500
    body = response.json()
    assert set(body) == {"code", "detail", "request_id"}
    assert body["code"] == "server_error"
    assert body["request_id"] == response["X-Request-ID"]
    assert "secret" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_an_unhandled_error_outside_the_api_answers_a_generic_500():
    client = Client(raise_request_exception=False)
    response = client.get("/plain/crash/")
    assert response.status_code == 500
    assert set(response.json()) == {"code", "detail", "request_id"}
    assert "secret" not in response.content.decode()


def test_an_unknown_api_path_answers_a_json_404(api_client):
    response = api_client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_lists_are_paginated_with_twenty_by_default(api_client):
    body = api_client.get("/api/v1/test/numbers/").json()
    assert body["count"] == 250
    assert len(body["results"]) == 20
    assert body["previous"] is None
    assert body["next"].endswith("page=2")


def test_page_size_is_capped_at_one_hundred(api_client):
    body = api_client.get("/api/v1/test/numbers/?page_size=500").json()
    assert len(body["results"]) == 100


def test_page_size_and_page_select_the_slice(api_client):
    body = api_client.get("/api/v1/test/numbers/?page=3&page_size=10").json()
    assert [row["value"] for row in body["results"]] == list(range(20, 30))


@pytest.mark.parametrize("page", ["999", "abc", "-1"])
def test_an_out_of_range_or_malformed_page_answers_404(api_client, page):
    response = api_client.get(f"/api/v1/test/numbers/?page={page}")
    assert response.status_code == 404


def test_cors_allows_a_configured_origin_under_the_api(api_client):
    response = api_client.options(
        "/api/v1/health/", HTTP_ORIGIN="http://spa.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response["Access-Control-Allow-Origin"] == "http://spa.example"


def test_cors_refuses_an_unlisted_origin(api_client):
    response = api_client.options(
        "/api/v1/health/", HTTP_ORIGIN="http://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "Access-Control-Allow-Origin" not in response


def test_cors_headers_are_never_sent_outside_the_api():
    response = Client().get("/plain/ok/", HTTP_ORIGIN="http://spa.example")
    assert "Access-Control-Allow-Origin" not in response


def test_client_routes_fall_back_to_the_spa_index(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>")
    with override_settings(FRONTEND_DIST=tmp_path):
        response = Client().get("/appointments/12")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"<div id=root>" in b"".join(response.streaming_content)


def test_client_routes_answer_404_when_the_spa_is_not_built(tmp_path):
    with override_settings(FRONTEND_DIST=tmp_path):
        response = Client().get("/appointments/12")
    assert response.status_code == 404
