"""Bundles: a `searchset` page with `self` and `next` links, and the base URL resources live under."""

from typing import Any

from django.http import HttpRequest, QueryDict

from .params import Search

BASE_PATH = "/fhir/R4/"


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(BASE_PATH)


def full_url(request: HttpRequest, resource: dict[str, Any]) -> str:
    return f"{base_url(request)}{resource['resourceType']}/{resource['id']}"


def _link(request: HttpRequest, offset: int | None = None) -> str:
    query: QueryDict = request.GET.copy()
    if offset is not None:
        query["_offset"] = str(offset)
    encoded = query.urlencode(safe=",:|/$")
    return request.build_absolute_uri(request.path) + (f"?{encoded}" if encoded else "")


def searchset(request: HttpRequest, resources: list[dict[str, Any]], *, total: int, search: Search) -> dict[str, Any]:
    """One page of a search (or of `$everything`): `resources` are the page's matches."""
    links = [{"relation": "self", "url": _link(request)}]
    if search.offset + search.count < total and search.count > 0:
        links.append({"relation": "next", "url": _link(request, search.offset + search.count)})
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "searchset", "total": total, "link": links}
    # FHIR JSON has no empty arrays: a page without entries has no `entry` at all.
    entries = [
        {
            "fullUrl": full_url(request, resource),
            "resource": resource,
            "search": {"mode": "match"},
        }
        for resource in resources
    ]
    if entries:
        bundle["entry"] = entries
    return bundle
