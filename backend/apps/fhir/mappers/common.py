"""What every mapper shares: references, instants, meta and the identifier systems."""

from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings


def instant(value: datetime) -> str:
    """An aware datetime as a FHIR instant, in UTC."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def day(value: date) -> str:
    return value.isoformat()


def meta(updated_at: datetime | None) -> dict[str, Any]:
    return {"lastUpdated": instant(updated_at)} if updated_at else {}


def reference(resource_type: str, pk: Any, display: str | None = None) -> dict[str, Any]:
    ref: dict[str, Any] = {"reference": f"{resource_type}/{pk}"}
    if display:
        ref["display"] = display
    return ref


def person_reference(user: Any) -> dict[str, Any]:
    """A doctor as a Practitioner reference; anyone else (a nurse) by name only: no Practitioner exists."""
    if getattr(user, "role", None) == "doctor":
        return reference("Practitioner", user.pk, user.full_name)
    return {"display": user.full_name}


def identifier_system(kind: str) -> str:
    """`FHIR_IDENTIFIER_BASE` plus the kind: `urn:patient-tracker:patient-id`, or a path under an https base."""
    base = settings.FHIR_IDENTIFIER_BASE.rstrip("/:")
    return f"{base}/{kind}" if base.startswith(("http://", "https://")) else f"{base}:{kind}"


def text(value: str) -> dict[str, str]:
    return {"text": value}


def without_empty(resource: dict[str, Any]) -> dict[str, Any]:
    """FHIR forbids empty strings, lists and objects: leave such elements out."""
    return {key: value for key, value in resource.items() if value not in ("", [], {}, None)}
