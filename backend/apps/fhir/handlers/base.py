"""What the handlers share: a resource's definition, and paging a scoped queryset."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from rest_framework.request import Request

from apps.core.errors import NotFoundError

from ..params import MAX_ID, Search, SearchParam

Resource = dict[str, Any]
Reader = Callable[[Request, str], Resource]
Searcher = Callable[[Request, Search], tuple[list[Resource], int]]


@dataclass(frozen=True)
class ResourceDef:
    """One resource type of the API: how it is read and searched, and what the CapabilityStatement says."""

    resource_type: str
    read: Reader
    search: Searcher | None
    params: dict[str, SearchParam] = field(default_factory=dict)
    # For the audit of refused clinical reads, as the REST clinical views write it.
    audit_type: str = ""
    audit_model: type[Model] | None = None
    read_action: str = ""
    search_action: str = ""


def params(*items: SearchParam) -> dict[str, SearchParam]:
    return {item.name: item for item in items}


def numeric_id(text: str, resource_type: str) -> int:
    """Our ids are whole numbers; any other id is simply not found."""
    if not text.isascii() or not text.isdigit() or len(text) > 19 or not 0 < int(text) <= MAX_ID:
        raise NotFoundError(code="not_found", message=f"{resource_type} not found.")
    return int(text)


def page(rows: QuerySet, search: Search) -> tuple[list[Any], int]:
    """The page of `rows` that `_offset` and `_count` name, and the total: two statements."""
    total = rows.count()
    if search.count == 0 or search.offset >= total:
        return [], total
    return list(rows[search.offset : search.offset + search.count]), total
