"""Schemathesis over the whole schema, signed in as each party: no 500, responses as documented, bad input refused.

Every operation of the in-process schema is fuzzed for each role against the Django WSGI app, on the
test database (PostgreSQL), with positive and negative (malformed) inputs. A bounded, derandomized
number of examples per operation keeps the run reproducible and within a few minutes on 2 cores.
Path parameters and the `patient`/`doctor`/`appointment` fields of bodies are sometimes replaced by
the ids of the `world`'s objects, so the fuzzer reaches the code behind the scope checks too, and
the page number or size of a list by one no list has, so it reaches the paginator's edges.

Then chains of calls along the links Schemathesis infers from the schema (a list or a create feeds
its ids to a detail, an update, an action), for each party, so state built by one call is fuzzed by
the next.

Then the hostile inputs a generator seldom makes, tried on every operation they apply to, as a party
the authorization matrix lets through (so the request gets past the permission checks): any page
number, a body nested 100,000 deep, a body over the size limit, an over-long address.
"""

from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import resolve
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from apps.records.tests.factories import PDF

from .authz_matrix import MATRIX, ROLES, Row, url_for
from .conftest import PATH_OBJECTS
from .schema import api_schema, operations

EXAMPLES_PER_OPERATION = 20
ANONYMOUS_EXAMPLES_PER_OPERATION = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
BODY_OBJECTS = {"patient": "owner", "doctor": "doctor", "appointment": "booked"}
REFUSALS = ["400", "401", "403", "404", "405", "406", "409", "413", "414", "415", "422", "428", "429", "5xx"]

schema = schemathesis.openapi.from_dict(
    api_schema(),
    # Credentials are the test's own (each role's token), so the fuzzer does not generate or drop them;
    # unknown query parameters are ignored by design, so it does not add any.
    config=schemathesis.Config.from_dict(
        {
            "generation": {
                "mode": "all",
                "deterministic": True,
                "with-security-parameters": False,
                "allow-extra-parameters": False,
            },
            # Schemathesis's list of refusals, and a body or an address over its size limit (413, 414).
            "checks": {"negative_data_rejection": {"expected-statuses": REFUSALS}},
        }
    ),
)
schema.app = get_wsgi_application()

# The ids of the current test's world, for the hooks below (set by the `fuzz_world` fixture).
WORLD_IDS: dict[str, int] = {}


def _valid_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value < 2**63


def _with_world_ids(values: Any, names: dict[str, str]) -> st.SearchStrategy:
    if not isinstance(values, dict):
        return st.just(values)
    # Only a valid id is swapped for a real one: a malformed one (0, 2**63, "x") stays, for the negative cases.
    real = {key: WORLD_IDS[obj] for key, obj in names.items() if _valid_id(values.get(key)) and obj in WORLD_IDS}
    return st.sampled_from([values, values | real]) if real else st.just(values)


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    return _with_world_ids(path_parameters, PATH_OBJECTS)


@schema.hook
def flatmap_body(context, body):
    return _with_world_ids(body, BODY_OBJECTS)


# Page numbers past any list or past what a database can count, and page sizes that are no size:
# each answers 404 or 400 whatever else the request says.
REFUSED_PAGES = ["99999999999999999999", str(2**63), str(2**63 // 20), "-1", "0", "-99999999999999999999", "abc"]
REFUSED_PAGE_SIZES = ["99999999999999999999", "-1", "0", "1e3", "abc"]


@schema.hook
def flatmap_query(context, query):
    if not isinstance(query, dict) or context.operation is None or "page" not in context.operation.query:
        return st.just(query)
    refused = st.one_of(
        st.sampled_from(REFUSED_PAGES).map(lambda page: query | {"page": page}),
        st.sampled_from(REFUSED_PAGE_SIZES).map(lambda size: query | {"page_size": size}),
    )
    return st.one_of(st.just(query), refused)


@pytest.fixture
def fuzz_world(world):
    """The world, with its ids published to the hooks, and Django's per-request connection recycling off.

    The WSGI handler closes "obsolete" connections at the end of every request; inside the test's
    transaction that would break it (Django's own test client switches this off the same way).
    """
    WORLD_IDS.clear()
    WORLD_IDS.update({name: getattr(world, name).pk for name in {*PATH_OBJECTS.values(), *BODY_OBJECTS.values()}})
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield world
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
        WORLD_IDS.clear()


@pytest.fixture
def tokens(fuzz_world):
    from apps.accounts.services.sessions import session_start_for

    return {role: session_start_for(user=fuzz_world.get(role)).access for role in ROLES if role != "anonymous"}


FUZZ_SETTINGS = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "phases": [Phase.explicit, Phase.generate],
    "suppress_health_check": list(HealthCheck),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, **FUZZ_SETTINGS)
def test_the_api_survives_fuzzing_as_every_party(case, role, tokens):
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens[role]}"}, checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=ANONYMOUS_EXAMPLES_PER_OPERATION, **FUZZ_SETTINGS)
def test_the_api_survives_fuzzing_anonymously(case, fuzz_world):
    # Most operations refuse anonymous callers before reading any input: fewer examples suffice.
    case.call_and_validate(checks=CHECKS)


# --- Hostile input, on every operation it applies to ----------------------------------------------

# Beyond REFUSED_PAGES: spellings that are no whole number, and two that are (the last page, none).
HOSTILE_PAGES = [*REFUSED_PAGES, str(2**63 // 100 + 1), "1.5", "1e3", "NaN", "0x10", "9" * 1000, "last", ""]
LISTS = sorted(
    key
    for key, operation in operations().items()
    if "page" in {parameter.get("name") for parameter in operation.get("parameters", [])}
)
BODIES = sorted(
    (key, media)
    for key, operation in operations().items()
    for media in operation.get("requestBody", {}).get("content", {})
)
JSON_BODIES = [key for key, media in BODIES if media == "application/json"]


def _through(world, client_for, key: tuple[str, str]) -> tuple[Any, str, Row]:
    """A client of the first party the matrix lets through (2xx), the operation's path, and its row."""
    row = MATRIX[key]
    party = next(role for role in ROLES if 200 <= row.expected[role] < 300)
    return client_for(world.get(party)), url_for(world, key[1], row), row


def _refused(response, status: int, code: str) -> bool:
    """Whether the response is that status with that code, in the shared error body."""
    body = response.json() if "json" in response.get("Content-Type", "") else {}
    return response.status_code == status and body.get("code") == code and {"detail", "request_id"} <= set(body)


def _nested(depth: int, opener: str = "[", closer: str = "]") -> str:
    return opener * depth + "1" + closer * depth


@pytest.mark.django_db
@pytest.mark.parametrize("key", LISTS, ids=[" ".join(key) for key in LISTS])
def test_every_list_answers_any_page_number_with_a_page_or_a_json_404(world, client_for, key):
    client, url, row = _through(world, client_for, key)
    query = row.query(world) if row.query else {}
    wrong = []
    for page in HOSTILE_PAGES:
        response = client.get(url, query | {"page": page})
        if not (response.status_code == 200 or _refused(response, 404, "not_found")):
            wrong.append(("page", page[:30], response.status_code))
    for size in REFUSED_PAGE_SIZES:
        response = client.get(url, query | {"page": "2", "page_size": size})
        if not _refused(response, 400, "validation_error"):
            wrong.append(("page_size", size, response.status_code))
    assert not wrong


@pytest.mark.django_db
@pytest.mark.parametrize("key", JSON_BODIES, ids=[" ".join(key) for key in JSON_BODIES])
def test_every_json_body_nested_too_deeply_answers_400(world, client_for, settings, key):
    client, url, _ = _through(world, client_for, key)
    too_deep = [_nested(100_000), _nested(settings.JSON_MAX_DEPTH + 1, '{"a":', "}")]
    responses = [client.generic(key[0], url, body, content_type="application/json") for body in too_deep]
    assert [_refused(response, 400, "json_too_deep") for response in responses] == [True, True], [
        (response.status_code, response.content[:200]) for response in responses
    ]


def _oversized(media: str, limit: int) -> tuple[bytes, str]:
    if media.startswith("multipart/"):
        upload = SimpleUploadedFile("large.pdf", PDF + bytes(limit))
        return encode_multipart(BOUNDARY, {"title": "Large", "file": upload}), MULTIPART_CONTENT
    if media == "application/json":
        return b'{"text": "' + b"a" * limit + b'"}', media
    return b"text=" + b"a" * limit, media


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "media"), BODIES, ids=[f"{method} {path} {media}" for (method, path), media in BODIES])
def test_every_body_over_its_limit_answers_413(world, client_for, settings, key, media):
    client, url, _ = _through(world, client_for, key)
    # A view that bounds its own body (report uploads) refuses it with its own code, past its own limit.
    own_limit = key[0] in getattr(resolve(url).func.cls, "bounds_own_body", ())
    body, content_type = _oversized(media, settings.REPORT_MAX_BYTES if own_limit else settings.REQUEST_MAX_BYTES)
    response = client.generic(key[0], url, body, content_type=content_type)
    assert _refused(response, 413, "file_too_large" if own_limit else "payload_too_large"), response.content[:200]


OPERATIONS = sorted(MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize("key", OPERATIONS, ids=[" ".join(key) for key in OPERATIONS])
def test_every_operation_answers_an_unreadable_address_with_a_json_4xx(world, client_for, settings, key):
    client, url, _ = _through(world, client_for, key)
    too_long = client.generic(key[0], f"{url}?q={'a' * settings.REQUEST_URL_MAX_LENGTH}")
    many_fields = f"{url}?{'a&' * settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}a"
    too_many_fields = client.generic(key[0], many_fields)
    assert _refused(too_long, 414, "uri_too_long"), too_long.content[:200]
    if len(many_fields) > settings.REQUEST_URL_MAX_LENGTH:
        # A long path (a feed token) takes that query over the length limit before any field is read.
        assert _refused(too_many_fields, 414, "uri_too_long"), too_many_fields.content[:200]
        return
    # Only an operation that reads its query string refuses it (400); any other may ignore it.
    assert too_many_fields.status_code < 400 or _refused(too_many_fields, 400, "bad_request")


# --- Stateful: chains of calls that follow the schema's links -------------------------------------

STATEFUL_SCENARIOS = 12
STATEFUL_STEPS = 6


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_chains_of_calls_along_the_schema_links_survive_as_every_party(role, tokens):
    """Schemathesis infers links (a list's or a create's ids feed a detail, an update, an action) and
    walks them: a booking then cancelled, a record entry then revised, with real ids the API answered."""
    token = tokens[role]
    answered: list[tuple[str, int]] = []

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        # Every scenario starts from the same state: Hypothesis replays a scenario's draws and fails as
        # "flaky" when an earlier scenario's rows or throttle counters make the same call answer otherwise.
        def setup(self):
            self.savepoint = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)
            cache.clear()

        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Bearer {token}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            answered.append((case.operation.path, response.status_code))
            case.validate_response(response, checks=CHECKS)

    Workflow.run(
        settings=settings(max_examples=STATEFUL_SCENARIOS, stateful_step_count=STATEFUL_STEPS, **FUZZ_SETTINGS)
    )
    # The chains went past single calls: they followed links to objects' own addresses. (Which of
    # those succeed depends on the derandomized draw, which any change to the schema reshuffles.)
    assert any("{" in path for path, _ in answered), sorted(set(answered))
