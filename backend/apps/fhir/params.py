"""A small parser of FHIR search parameters: names checked against what a resource supports.

An unknown or unsupported parameter is refused (400), never ignored: ignoring it would answer a
list wider than the caller asked for. Values are parsed here; the handlers turn them into filters
on the REST selectors' querysets.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .outcome import FhirError

MAX_ID = 2**63 - 1
DATE_PREFIXES = ("eq", "ge", "le", "gt", "lt")
# Paging and format parameters every search takes; `_offset` is what the `next` links carry.
CONTROL = ("_count", "_offset", "_format")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class SearchParam:
    name: str
    type: str  # FHIR search parameter type: token, string, date, reference
    documentation: str


@dataclass(frozen=True)
class Search:
    values: dict[str, list[str]]
    count: int
    offset: int

    def get(self, name: str) -> list[str]:
        return self.values.get(name, [])


def parse_search(query: Any, supported: dict[str, SearchParam]) -> Search:
    """Check every name of `query` (a QueryDict) against `supported`; parse `_count` and `_offset`."""
    values: dict[str, list[str]] = {}
    for name in query:
        if name in CONTROL:
            continue
        if name not in supported:
            raise FhirError(400, f"Unknown or unsupported search parameter: {name[:64]}.")
        values[name] = list(query.getlist(name))
        if any(value == "" for value in values[name]):
            raise FhirError(400, f"The search parameter {name} has an empty value.")
    count = _bounded_int(query.get("_count"), "_count", default=settings.FHIR_PAGE_SIZE, low=0)
    count = min(count, settings.FHIR_MAX_PAGE_SIZE)
    offset = _bounded_int(query.get("_offset"), "_offset", default=0, low=0)
    return Search(values=values, count=count, offset=offset)


def _bounded_int(raw: str | None, name: str, *, default: int, low: int) -> int:
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9 or int(raw) < low:
        raise FhirError(400, f"{name} must be a whole number from {low}.")
    return int(raw)


def reference_ids(values: list[str], resource_type: str) -> list[int]:
    """Ids named by reference parameters (`12`, `Patient/12`, comma-separated alternatives)."""
    ids = []
    for value in values:
        for part in value.split(","):
            local = part.removeprefix(f"{resource_type}/")
            ids.append(_id(local, resource_type))
    return ids


def _id(text: str, resource_type: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 19 or not 0 < int(text) <= MAX_ID:
        raise FhirError(400, f"Not a {resource_type} id: {text[:64]!r}.")
    return int(text)


def ids_q(values: list[str], resource_type: str, field: str = "pk") -> Q:
    """`_id`, or a reference parameter: each repetition narrows (AND), commas are alternatives (OR)."""
    q = Q()
    for value in values:
        q &= Q(**{f"{field}__in": reference_ids([value], resource_type)})
    return q


def tokens(values: list[str], allowed: dict[str, Any], name: str) -> list[Any]:
    """Token values (comma-separated alternatives) mapped through `allowed`; any other is refused."""
    found = []
    for value in values:
        for part in value.split(","):
            code = part.rsplit("|", 1)[-1]
            if code not in allowed:
                raise FhirError(400, f"{name} takes one of: {', '.join(allowed)}.")
            found.append(allowed[code])
    return found


@dataclass(frozen=True)
class DateRange:
    """A date parameter: its prefix, and the instants [low, high) its value denotes."""

    prefix: str
    low: datetime
    high: datetime


def parse_date(value: str, name: str) -> DateRange:
    prefix = value[:2] if value[:2] in DATE_PREFIXES else "eq"
    text = value[2:] if value[:2] in DATE_PREFIXES else value
    zone = timezone.get_default_timezone()
    match = _DATE.match(text)
    try:
        if match:
            year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
            first = date(year, month, day)
            if match[3]:
                following = first + timedelta(days=1)
            elif match[2]:
                following = date(year + month // 12, month % 12 + 1, 1)
            else:
                following = date(year + 1, 1, 1)
            low = datetime.combine(first, time.min, tzinfo=zone)
            high = datetime.combine(following, time.min, tzinfo=zone)
        else:
            instant = datetime.fromisoformat(text)
            if instant.tzinfo is None:
                raise ValueError("a time needs a zone")
            low = high = instant.astimezone(UTC)
            high = low + timedelta(seconds=1)
    except (ValueError, OverflowError):
        raise FhirError(400, f"{name}: give a date (YYYY, YYYY-MM, YYYY-MM-DD) or a time with its zone.") from None
    return DateRange(prefix=prefix, low=low, high=high)


def date_q(values: list[str], name: str, field: str, *, is_date: bool = False) -> Q:
    """Date parameters as a filter on `field` (a datetime, or with `is_date` a date): all must hold."""
    q = Q()
    for value in values:
        q &= date_range_q(parse_date(value, name), field, is_date=is_date)
    return q


def date_range_q(span: DateRange, field: str, *, is_date: bool = False) -> Q:
    low: Any = span.low
    high: Any = span.high
    if is_date:
        zone = timezone.get_default_timezone()
        low = span.low.astimezone(zone).date()
        high = (span.high - timedelta(microseconds=1)).astimezone(zone).date() + timedelta(days=1)
    # The resource's value is a point in time (or a day), so "within the range" decides eq.
    return {
        "eq": Q(**{f"{field}__gte": low, f"{field}__lt": high}),
        "ge": Q(**{f"{field}__gte": low}),
        "gt": Q(**{f"{field}__gte": high}),
        "le": Q(**{f"{field}__lt": high}),
        "lt": Q(**{f"{field}__lt": low}),
    }[span.prefix]


def date_matches(span: DateRange, value: datetime) -> bool:
    """`date_range_q` for a value in memory (derived slots, encrypted birth dates)."""
    return {
        "eq": span.low <= value < span.high,
        "ge": value >= span.low,
        "gt": value >= span.high,
        "le": value < span.high,
        "lt": value < span.low,
    }[span.prefix]
