"""Broken object-level authorization guard: every operation of the schema, for every party, on real objects."""

import pytest

from .authz_matrix import MATRIX, ROLES, url_for
from .conftest import CLINICAL_MARKER, OWNER_MARKER
from .schema import fhir_operations, operations

CELLS = [(key, role) for key in MATRIX for role in ROLES]
# What a successful response must never show each party: admins read no clinical content, and
# nobody outside the owner's scope learns anything of the owner at all.
NEVER_SHOWN = {
    "anonymous": (CLINICAL_MARKER, OWNER_MARKER),
    "other_patient": (CLINICAL_MARKER, OWNER_MARKER),
    "other_doctor": (CLINICAL_MARKER, OWNER_MARKER),
    "admin": (CLINICAL_MARKER,),
}


def test_every_operation_of_the_schema_has_a_row_in_the_matrix():
    missing = sorted((set(operations()) | fhir_operations()) - set(MATRIX))
    assert not missing, f"Add these operations to tests/security/authz_matrix.py: {missing}"


def test_every_row_of_the_matrix_names_an_operation_of_the_schema():
    stale = sorted(set(MATRIX) - set(operations()) - fhir_operations())
    assert not stale, f"These rows name no operation of the schema: {stale}"


def test_every_row_gives_a_status_for_every_party():
    incomplete = [key for key, row in MATRIX.items() if set(row.expected) != set(ROLES)]
    assert not incomplete


def test_every_expected_status_is_documented_in_the_schema():
    undocumented = [
        (method, path, status)
        for (method, path), row in MATRIX.items()
        if (method, path) in operations()
        for status in set(row.expected.values())
        if str(status) not in operations()[(method, path)]["responses"]
    ]
    assert not undocumented, f"Document these responses with extend_schema: {undocumented}"


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "role"), CELLS, ids=[f"{m} {p} as {r}" for (m, p), r in CELLS])
def test_the_live_app_answers_the_expected_status(world, client_for, key, role):
    method, path = key
    row = MATRIX[key]
    actor = world.get(role)
    client = client_for(actor)
    url = url_for(world, path, row)
    if row.query:
        url += "?" + "&".join(f"{name}={value}" for name, value in row.query(world).items())
    body = row.body(world, actor) if row.body else None
    kwargs = {} if body is None else {"data": body, "format": "multipart" if row.multipart else "json"}
    response = getattr(client, method.lower())(url, **kwargs)
    assert response.status_code == row.expected[role], response.content[:500]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    leaked = [marker for marker in NEVER_SHOWN.get(role, ()) if marker.encode() in content]
    assert not leaked, f"{role} was shown {leaked}"
    if path.startswith("/fhir/") and "/.well-known/" not in path and "json" in response["Content-Type"]:
        from apps.fhir.tests.conftest import validate

        validate(response.json())  # every FHIR answer, refusals included, is valid R4
