"""The OpenAPI schema of the running code, generated in-process (as `manage.py spectacular` would)."""

from functools import cache
from typing import Any

METHODS = ("get", "put", "post", "patch", "delete")


@cache
def api_schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def operations() -> dict[tuple[str, str], dict[str, Any]]:
    """Every operation of the schema, keyed by (METHOD, path template)."""
    return {
        (method.upper(), path): operation
        for path, item in api_schema()["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }
