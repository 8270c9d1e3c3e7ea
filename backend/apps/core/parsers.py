"""The API's JSON parser: DRF's, with a bound on how deeply a body may nest."""

from typing import Any

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from . import errors


def _too_deep() -> ParseError:
    limit = settings.JSON_MAX_DEPTH
    return ParseError(f"The JSON body is nested more than {limit} levels deep.", code=errors.JSON_TOO_DEEP)


def _children(container: dict | list) -> Any:
    return container.values() if isinstance(container, dict) else container


def nesting_depth_exceeds(value: Any, limit: int) -> bool:
    """Whether arrays and objects nest more than `limit` levels deep in `value` (a scalar is level 0).

    Level by level rather than recursively, so no input can exhaust the stack.
    """
    level = [value]
    for _ in range(limit + 1):
        containers = [item for item in level if isinstance(item, dict | list)]
        if not containers:
            return False
        level = [child for container in containers for child in _children(container)]
    return True


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; a body nested deeper than `JSON_MAX_DEPTH` answers 400 `json_too_deep`.

    The standard library's decoder recurses once per level, so a deep enough body would otherwise
    end in a RecursionError (a 500); one too deep for it is refused the same way as one over the limit.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _too_deep() from None
        if nesting_depth_exceeds(data, settings.JSON_MAX_DEPTH):
            raise _too_deep()
        return data
