import os

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient


def pytest_collection_modifyitems(config, items):
    if getattr(settings, "USING_POSTGRES", False):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL; this run fell back to SQLite (no server answered)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Throttle counters and lock-outs live in the shared cache: no test inherits another's.
    # The database cache is rolled back with each test; Redis must be emptied.
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        cache.clear()


@pytest.fixture(autouse=True)
def _error_answers_are_documented():
    """Fails a test that provoked an error answer its operation does not document (tests/observed_errors.py)."""
    from tests import observed_errors

    observed_errors.observed.clear()
    yield
    seen = list(observed_errors.observed)
    observed_errors.observed.clear()
    if not seen:
        return
    dump = os.environ.get("OBSERVED_ERRORS_DUMP")
    if dump:
        with open(dump, "a") as out:
            out.writelines(f"{item.method} {item.path} {item.status} {item.code}\n" for item in seen)
        return
    problems = observed_errors.undocumented(seen)
    if problems:
        pytest.fail("Error answers that the OpenAPI schema does not document:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def people(db):
    """One of each party of the access table: the owner patient and everyone around them."""
    from apps.accounts.tests.factories import AdminFactory, DoctorFactory, NurseFactory, PatientFactory

    doctor = DoctorFactory(first_name="Treating", last_name="Doctor")
    owner = PatientFactory(first_name="Olive", last_name="Owner")
    owner.patient_profile.primary_doctor = doctor
    owner.patient_profile.save()
    return Party(
        owner=owner,
        other_patient=PatientFactory(first_name="Peter", last_name="Other"),
        doctor=doctor,
        other_doctor=DoctorFactory(first_name="Another", last_name="Doctor"),
        nurse=NurseFactory(),
        admin=AdminFactory(),
    )


class Party:
    def __init__(self, **users):
        self.__dict__.update(users)

    def get(self, role_name: str):
        return None if role_name == "anonymous" else getattr(self, role_name)


@pytest.fixture
def client_for():
    """An API client signed in as `user` with a real access token (None: anonymous)."""
    from apps.accounts.services.sessions import session_start_for

    def make(user) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {session_start_for(user=user).access}")
        return client

    return make


ROLES = ["anonymous", "owner", "other_patient", "doctor", "other_doctor", "nurse", "admin"]


def pytest_configure(config):
    # The access-matrix tests import ROLES from here.
    import sys

    sys.modules.setdefault("conftest", sys.modules[__name__])
