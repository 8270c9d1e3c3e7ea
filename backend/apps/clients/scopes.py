"""The scopes an API client may hold, and which scope each API operation needs from a client.

Clients are refused by default: an operation missing from `OPERATION_SCOPES` answers 403 to every
client, so a new endpoint stays closed to machines until someone names its scope here (the client
matrix, apps/clients/tests/test_client_matrix.py, lists every operation of the schema).
"""

from collections.abc import Iterable

SCOPES: dict[str, str] = {
    "appointments:read": "Read appointments",
    "appointments:write": "Book, reschedule and cancel appointments (includes appointments:read)",
    "patients:read": "Read patient accounts and profiles",
    "doctors:read": "Read the doctor directory, weekly hours and free slots",
    "records:read": "Read record entries, their revisions, medications and patient timelines",
    "records:write": "Write and revise record entries (includes records:read)",
    "reports:read": "Read report metadata and download report files",
    "webhooks:manage": "Manage the client's own webhook endpoints and read their delivery logs",
}

# A write scope includes the read scope of its resource, as a Stripe restricted key's "Write" includes
# "Read": a client reads back what it wrote, and finds the appointment it reschedules or the entry it
# revises. The read scope brings no SMART scope of its own: those come with the token's request.
IMPLIED: dict[str, tuple[str, ...]] = {
    "appointments:write": ("appointments:read",),
    "records:write": ("records:read",),
}


def with_implied(scopes: Iterable[str]) -> list[str]:
    """`scopes`, then the read scopes their write scopes include (each once)."""
    held = list(dict.fromkeys(scopes))
    return held + [implied for scope in held for implied in IMPLIED.get(scope, ()) if implied not in held]


# Operations any client may call whatever its scopes: they carry nothing about anyone.
PUBLIC = None
# FHIR operations: the view decides per resource type from the token's SMART scopes (apps.fhir.access).
FHIR = "fhir"

# The FHIR resource types each client scope opens, as SMART v2 system scopes (`system/Patient.rs`).
# A client requests them at the token endpoint like any scope; it holds them while it holds the
# client scope they come from, so an admin grants and revokes one thing.
FHIR_RESOURCES: dict[str, tuple[str, ...]] = {
    "doctors:read": ("Practitioner", "PractitionerRole", "Schedule", "Slot"),
    "patients:read": ("Patient",),
    "appointments:read": ("Appointment", "Encounter"),
    "records:read": ("Condition", "MedicationStatement"),
    "reports:read": ("DocumentReference", "Binary"),
}
# SMART v2 permissions: read, search, or both (the order SMART prescribes).
SMART_PERMISSIONS = ("rs", "r", "s")


def smart_scopes(held: Iterable[str]) -> list[str]:
    """The SMART scopes that the client scopes in `held` open."""
    return [
        f"system/{resource}.{permissions}"
        for scope in held
        for resource in FHIR_RESOURCES.get(scope, ())
        for permissions in SMART_PERMISSIONS
    ]


def smart_allows(scopes: frozenset[str], resource: str, *, search: bool) -> bool:
    """Whether a token's `scopes` let it read (or search) `resource` on the FHIR API."""
    needed = "s" if search else "r"
    return any(f"system/{resource}.{held}" in scopes for held in SMART_PERMISSIONS if needed in held)


# (URL name, method) -> the scope a client needs. A client's writes go through the people's services
# and rules, and the rows name the client, never a person (SPEC section 2; apps.core.actors). Writes
# that only a person may make stay closed: closing a visit or a no-show (the doctor's), medications
# (a prescriber), reports, accounts. A client's own webhook endpoints are its own objects.
OPERATION_SCOPES: dict[tuple[str, str], str | None] = {
    ("health", "GET"): PUBLIC,
    ("clinic", "GET"): PUBLIC,
    ("doctor-list", "GET"): "doctors:read",
    ("doctor-detail", "GET"): "doctors:read",
    ("doctor-availability", "GET"): "doctors:read",
    ("doctor-slots", "GET"): "doctors:read",
    ("slots-next", "GET"): "doctors:read",
    ("patient-list", "GET"): "patients:read",
    ("patient-detail", "GET"): "patients:read",
    ("appointment-list", "GET"): "appointments:read",
    ("appointment-detail", "GET"): "appointments:read",
    ("appointment-list", "POST"): "appointments:write",
    ("appointment-detail", "PATCH"): "appointments:write",
    ("appointment-cancel", "POST"): "appointments:write",
    ("record-list", "GET"): "records:read",
    ("record-detail", "GET"): "records:read",
    ("record-revisions", "GET"): "records:read",
    ("record-list", "POST"): "records:write",
    ("record-detail", "PATCH"): "records:write",
    ("medication-list", "GET"): "records:read",
    ("medication-detail", "GET"): "records:read",
    ("patient-timeline", "GET"): "records:read",
    ("report-list", "GET"): "reports:read",
    ("report-detail", "GET"): "reports:read",
    ("report-file", "GET"): "reports:read",
    ("fhir-metadata", "GET"): PUBLIC,
    ("fhir-search", "GET"): FHIR,
    ("fhir-read", "GET"): FHIR,
    ("fhir-everything", "GET"): FHIR,
    ("fhir-binary", "GET"): FHIR,
    # A client's own webhook endpoints (apps.webhooks); each event still needs its read scope.
    ("webhook-event-types", "GET"): "webhooks:manage",
    ("webhook-endpoint-list", "GET"): "webhooks:manage",
    ("webhook-endpoint-list", "POST"): "webhooks:manage",
    ("webhook-endpoint-detail", "GET"): "webhooks:manage",
    ("webhook-endpoint-detail", "PATCH"): "webhooks:manage",
    ("webhook-endpoint-detail", "DELETE"): "webhooks:manage",
    ("webhook-endpoint-enable", "POST"): "webhooks:manage",
    ("webhook-delivery-list", "GET"): "webhooks:manage",
    ("webhook-delivery-replay", "POST"): "webhooks:manage",
}


def operation_allowed(*, url_name: str | None, method: str, scopes: frozenset[str]) -> bool:
    """Whether a client holding `scopes` may call this operation at all (objects are scoped later)."""
    method = "GET" if method == "HEAD" else method
    key = (url_name or "", method)
    if key not in OPERATION_SCOPES:
        return False
    needed = OPERATION_SCOPES[key]
    if needed == FHIR:
        return any(scope.startswith("system/") for scope in scopes)
    return needed is PUBLIC or needed in scopes
