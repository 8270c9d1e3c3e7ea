"""Hostile input answers a JSON 4xx in the shared error body, never a 500 (found by a fault run).

Bodies over the limit answer 413, JSON nested too deeply 400, over-long addresses 414, any page
number 200 or 404, and requests Django will not read 400. Every operation of the schema is tried the
same way in `tests/security/test_fuzz.py`; these pin each limit at its edge.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from apps.core.parsers import nesting_depth_exceeds
from apps.records.tests.factories import PDF

pytestmark = pytest.mark.django_db


def assert_refused(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert set(body) == {"code", "detail", "request_id"}
    assert body["code"] == code
    assert body["request_id"] == response["X-Request-ID"]


def nested(depth: int, kind: str = "array") -> str:
    opener, closer = ("[", "]") if kind == "array" else ('{"a":', "}")
    return opener * depth + "1" + closer * depth


# --- Bodies over the limit ---------------------------------------------------------------------


def test_a_json_body_of_ten_megabytes_answers_413(people, client_for):
    body = json.dumps({"first_name": "a" * (10 * 1024 * 1024)})
    response = client_for(people.owner).generic("PATCH", "/api/v1/me/", body, content_type="application/json")
    assert_refused(response, 413, "payload_too_large")


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "text/plain"],
)
def test_a_body_over_the_limit_answers_413_whatever_its_type(people, client_for, settings, content_type):
    settings.REQUEST_MAX_BYTES = 1000
    client = client_for(people.nurse)
    response = client.generic("POST", "/api/v1/records/", b"x" * 1001, content_type=content_type)
    assert_refused(response, 413, "payload_too_large")


def test_a_body_over_the_limit_is_refused_before_anyone_is_signed_in(api_client, settings):
    settings.REQUEST_MAX_BYTES = 1000
    body = json.dumps({"username": "x" * 1000, "password": "y"})
    response = api_client.generic("POST", "/api/v1/auth/token/", body, content_type="application/json")
    assert_refused(response, 413, "payload_too_large")


def test_a_body_at_the_limit_is_read(people, client_for, settings):
    body = json.dumps({"first_name": "Olivia"}).encode()
    settings.REQUEST_MAX_BYTES = len(body)
    response = client_for(people.owner).generic("PATCH", "/api/v1/me/", body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["first_name"] == "Olivia"


def test_a_report_upload_keeps_its_own_larger_cap_and_code(people, client_for, settings, tmp_path):
    settings.REPORTS_DIR = tmp_path
    settings.REQUEST_MAX_BYTES = 1024
    settings.REPORT_MAX_BYTES = 8 * 1024
    client = client_for(people.doctor)

    def upload(size: int):
        content = PDF + b"0" * (size - len(PDF))
        payload = {"patient": people.owner.pk, "title": "ECG", "file": SimpleUploadedFile("ecg.pdf", content)}
        return client.post("/api/v1/reports/", payload, format="multipart")

    assert upload(4 * 1024).status_code == 201
    too_large = upload(8 * 1024 + 1)
    assert_refused(too_large, 413, "file_too_large")


@pytest.mark.parametrize("declared", ["abc", "-1", "1e3"])
def test_a_content_length_that_is_not_a_number_of_bytes_answers_400(people, client_for, declared):
    response = client_for(people.owner).generic(
        "PATCH", "/api/v1/me/", b"{}", content_type="application/json", CONTENT_LENGTH=declared
    )
    assert_refused(response, 400, "bad_request")


def test_a_body_django_will_not_read_answers_413(people, client_for, settings):
    # Django's own limit, should it ever be set below the general one.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    body = json.dumps({"first_name": "a" * 200})
    response = client_for(people.owner).generic("PATCH", "/api/v1/me/", body, content_type="application/json")
    assert_refused(response, 413, "payload_too_large")


# --- JSON nested too deeply --------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["array", "object"])
def test_a_json_body_nested_a_hundred_thousand_deep_answers_400(people, client_for, kind):
    body = nested(100_000, kind)
    response = client_for(people.owner).generic("PATCH", "/api/v1/me/", body, content_type="application/json")
    assert_refused(response, 400, "json_too_deep")


def test_a_json_body_one_level_over_the_limit_answers_400_even_to_anonymous_callers(api_client, settings):
    body = nested(settings.JSON_MAX_DEPTH + 1)
    response = api_client.generic("POST", "/api/v1/auth/token/", body, content_type="application/json")
    assert_refused(response, 400, "json_too_deep")


def test_a_json_body_at_the_limit_reaches_validation(people, client_for, settings):
    body = '{"first_name": ' + nested(settings.JSON_MAX_DEPTH - 1) + "}"
    response = client_for(people.owner).generic("PATCH", "/api/v1/me/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert set(response.json()["fields"]) == {"first_name"}


@pytest.mark.parametrize(
    ("value", "depth"),
    [(1, 0), ([], 1), ({"a": [1, {"b": []}]}, 4), ([[], [[[]]], {}], 4), ({"a": "[[[[[[[["}, 1)],
)
def test_the_nesting_depth_counts_arrays_and_objects_not_brackets_in_text(value, depth):
    assert not nesting_depth_exceeds(value, depth)
    assert depth == 0 or nesting_depth_exceeds(value, depth - 1)


# --- Over-long addresses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/appointments/?search=" + "a" * 100_000,
        "/api/v1/" + "a" * 3000 + "/",
        "/appointments/" + "1" * 3000,  # the SPA's routes too
    ],
)
def test_an_address_over_the_limit_answers_414(people, client_for, url):
    assert_refused(client_for(people.owner).get(url), 414, "uri_too_long")


def test_an_address_at_the_limit_is_served(people, client_for, settings):
    path = "/api/v1/appointments/"
    query = "search=" + "a" * (settings.REQUEST_URL_MAX_LENGTH - len(path) - len("search="))
    assert client_for(people.owner).get(f"{path}?{query}").status_code == 200
    assert_refused(client_for(people.owner).get(f"{path}?{query}a"), 414, "uri_too_long")


def test_a_query_string_with_too_many_fields_answers_400(people, client_for):
    response = client_for(people.owner).get("/api/v1/appointments/?" + "a&" * 1001)
    assert_refused(response, 400, "bad_request")


def test_a_host_the_site_does_not_serve_answers_a_json_400():
    response = Client(HTTP_HOST="clinic.evil.example").get("/api/v1/health/")
    assert_refused(response, 400, "bad_request")


# --- Any page number ---------------------------------------------------------------------------

HOSTILE_PAGES = [
    "99999999999999999999",
    str(2**63),
    str(2**63 // 20),  # its first row is within a bigint, its last is not
    str(2**63 // 100 + 1),
    "-1",
    "0",
    "-99999999999999999999",
    "abc",
    "1.5",
    "1e3",
    "NaN",
    "0x10",
    "9" * 1000,
    "\uff11",
]


@pytest.mark.parametrize("page", HOSTILE_PAGES)
@pytest.mark.parametrize("page_size", ["", "1", "100", "101"])
def test_any_page_number_answers_a_page_or_404(people, client_for, page, page_size):
    response = client_for(people.nurse).get("/api/v1/patients/", {"page": page, "page_size": page_size})
    assert response.status_code in (200, 404), response.content[:300]
    if response.status_code == 404:
        assert_refused(response, 404, "not_found")


@pytest.mark.parametrize("page_size", ["99999999999999999999", str(2**63), "-99999999999999999999", "1e3"])
def test_an_overflowing_page_size_answers_400(people, client_for, page_size):
    response = client_for(people.nurse).get("/api/v1/patients/", {"page": "2", "page_size": page_size})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"page_size"}


def test_a_page_past_the_largest_offset_is_a_page_past_the_end(people, client_for):
    response = client_for(people.nurse).get("/api/v1/patients/", {"page": str(2**63), "page_size": "1"})
    assert_refused(response, 404, "not_found")
    assert response.json()["detail"] == "Invalid page."
