"""Security headers on every response, HSTS under production settings, CORS closed to unlisted origins."""

import re

import pytest
from django.test import Client, override_settings

from .test_settings import PRODUCTION_ENV, run_python

pytestmark = pytest.mark.django_db


def _directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


def test_the_spa_gets_a_policy_that_allows_only_its_own_scripts(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>")
    with override_settings(FRONTEND_DIST=tmp_path):
        response = Client().get("/appointments/12")
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == "script-src 'self'"
    assert policy["default-src"] == "default-src 'self'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["object-src"] == "object-src 'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_api_responses_may_load_nothing_and_be_framed_by_nobody(api_client):
    response = api_client.get("/api/v1/health/")
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == "default-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_the_api_docs_run_no_inline_script(api_client):
    response = api_client.get("/api/docs/")
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in policy["script-src"]
    scripts = re.findall(rb"<script([^>]*)>", response.content)
    assert scripts
    assert all(b"src=" in attributes for attributes in scripts)
    # The start-up script the page loads is served by the same view.
    assert api_client.get("/api/docs/?script=").status_code == 200


def test_a_policy_set_by_a_view_is_kept(people, client_for, settings, tmp_path):
    from apps.records.tests.factories import MedicalReportFactory

    settings.REPORTS_DIR = tmp_path
    report = MedicalReportFactory(patient=people.owner, uploaded_by=people.doctor)
    response = client_for(people.doctor).get(f"/api/v1/reports/{report.pk}/file/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_hsts_is_sent_over_https_under_production_settings():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_SSL_REDIRECT)"
    )
    result = run_python("-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True"]


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_the_hsts_header_reaches_https_clients(api_client):
    response = api_client.get("/api/v1/health/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/me/", "/api/v1/records/"])
def test_a_preflight_from_an_unlisted_origin_gets_no_cors_header(api_client, path):
    response = api_client.options(
        path,
        HTTP_ORIGIN="https://evil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )
    assert not [name for name in response.headers if name.lower().startswith("access-control-allow")]


def test_a_preflight_from_the_spa_origin_is_allowed(api_client):
    response = api_client.options(
        "/api/v1/auth/token/",
        HTTP_ORIGIN="http://spa.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )
    assert response["Access-Control-Allow-Origin"] == "http://spa.example"
    assert "authorization" in response["Access-Control-Allow-Headers"]


def test_signing_in_reading_and_signing_out_set_no_cookie(api_client):
    """The API signs in by bearer token only: no response sets a cookie or varies by one."""
    from apps.accounts.tests.factories import PASSWORD, PatientFactory

    patient = PatientFactory()
    signed_in = api_client.post("/api/v1/auth/token/", {"username": patient.username, "password": PASSWORD})
    assert signed_in.status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {signed_in.json()['access']}")
    read = api_client.get(f"/api/v1/patients/{patient.pk}/timeline/")
    assert read.status_code == 200
    signed_out = api_client.post("/api/v1/auth/logout/", {"refresh": signed_in.json()["refresh"]})
    assert signed_out.status_code in (200, 204)
    for response in (signed_in, read, signed_out):
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")


def test_a_session_cookie_signs_nobody_in(api_client):
    from apps.accounts.tests.factories import PatientFactory

    patient = PatientFactory()
    api_client.cookies["sessionid"] = "any"
    assert api_client.get(f"/api/v1/patients/{patient.pk}/timeline/").status_code == 401


API_RESPONSES = {
    "a public read": ("get", "/api/v1/health/", None, None, 200),
    "patient data": ("get", "/api/v1/me/", "owner", None, 200),
    "a list": ("get", "/api/v1/appointments/", "owner", None, 200),
    "not signed in": ("get", "/api/v1/me/", None, None, 401),
    "out of scope": ("get", "/api/v1/patients/999999/", "owner", None, 404),
    "refused": ("get", "/api/v1/audit-events/", "owner", None, 403),
    "invalid": ("patch", "/api/v1/me/", "owner", {"email": "not-an-address"}, 400),
    "an unknown API path": ("get", "/api/v1/no-such-thing/", "owner", None, 404),
    "too long": ("get", "/api/v1/appointments/?search=" + "a" * 5000, "owner", None, 414),
}


@pytest.mark.parametrize("name", API_RESPONSES)
def test_no_api_response_may_be_stored_by_a_browser_or_proxy_errors_included(people, client_for, name):
    method, url, role, body, status = API_RESPONSES[name]
    kwargs = {} if body is None else {"data": body, "format": "json"}
    response = getattr(client_for(people.get(role) if role else None), method)(url, **kwargs)
    assert response.status_code == status
    assert response["Cache-Control"] == "no-store"


@pytest.mark.urls("apps.core.tests.urls")
def test_a_server_error_may_not_be_stored_either(api_client):
    response = api_client.post("/api/v1/test/raise/crash/", {}, format="json")
    assert response.status_code == 500
    assert response["Cache-Control"] == "no-store"


def test_a_report_download_keeps_its_own_stricter_policy(people, client_for, settings, tmp_path):
    from apps.records.tests.factories import MedicalReportFactory

    settings.REPORTS_DIR = tmp_path
    report = MedicalReportFactory(patient=people.owner, uploaded_by=people.doctor)
    response = client_for(people.doctor).get(f"/api/v1/reports/{report.pk}/file/")
    assert response["Cache-Control"] == "no-store, private"


def test_the_schema_is_public_and_may_be_cached(api_client):
    response = api_client.get("/api/schema/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_spa_keeps_whitenoise_caching_and_its_index_is_revalidated(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "index-3f2a1b.js").write_text("console.log(1)")
    with override_settings(FRONTEND_DIST=tmp_path, WHITENOISE_ROOT=tmp_path):
        client = Client()
        asset = client.get("/assets/index-3f2a1b.js")
        index = client.get("/appointments/12")
    assert asset.status_code == 200
    assert "immutable" in asset["Cache-Control"]
    assert "no-store" not in asset["Cache-Control"]
    assert index["Cache-Control"] == "no-cache"
