"""Schemathesis over the whole schema, signed in as each party: no 500, responses as documented, bad input refused.

Every operation of the in-process schema is fuzzed for each role against the Django WSGI app, on the
test database (PostgreSQL), with positive and negative (malformed) inputs. A bounded, derandomized
number of examples per operation keeps the run reproducible and within a few minutes on 2 cores.
Path parameters and the `patient`/`doctor`/`appointment` fields of bodies are sometimes replaced by
the ids of the `world`'s objects, so the fuzzer reaches the code behind the scope checks too.
"""

from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from .authz_matrix import ROLES
from .conftest import PATH_OBJECTS
from .schema import api_schema

EXAMPLES_PER_OPERATION = 10
ANONYMOUS_EXAMPLES_PER_OPERATION = 5
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
BODY_OBJECTS = {"patient": "owner", "doctor": "doctor", "appointment": "booked"}

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
            }
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
