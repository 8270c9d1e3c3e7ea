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


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()
