"""FHIR tests: every resource the API emits is validated against the R4 models of fhir.resources."""

from datetime import UTC, datetime

import pytest
import time_machine
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


# A Tuesday in March, 09:00 in London: no test depends on the real date, hour or weekday.
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fixed_clock(settings, tmp_path):
    settings.TIME_ZONE = "Europe/London"
    settings.REPORTS_DIR = tmp_path / "reports"
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def clinic(people):
    """The parties, both doctors open every day 09:00-17:00 in 30-minute slots."""
    from apps.scheduling.tests.factories import open_every_day

    open_every_day(people.doctor)
    open_every_day(people.other_doctor)
    return people


def walk(get, user, path: str) -> list[dict]:
    """Every entry of a search, following `next` links to the end; each page validated."""
    entries, url = [], path
    while url:
        body = get(user, url).body
        entries += body.get("entry", [])
        url = next((link["url"] for link in body["link"] if link["relation"] == "next"), None)
    return entries
