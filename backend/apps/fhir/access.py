"""Who may use which FHIR resource: one table, resource -> the permission it needs.

A signed-in user holds permissions by role; an API client holds, per resource type, the SMART v2
system scopes its token carries (`system/Patient.rs`, apps.clients.scopes). Object-level scope is
not decided here: the REST selectors apply it (a patient's token sees only their own compartment,
a doctor their patients, a client the people its limits name).
"""

from typing import Any

from rest_framework.exceptions import NotAuthenticated

from apps.accounts.models import Role
from apps.clients.scopes import smart_allows
from apps.core.errors import NotFoundError, PermissionDeniedError

DIRECTORY = "directory.read"  # doctors, their roles and schedules, free slots
SCHEDULING = "scheduling.read"  # appointments and visits (scope: appointment_list)
PATIENT = "patient.read"  # demographics (scope: patient_list)
CLINICAL = "clinical.read"  # records, medications, reports (scope: clinical_scope_q; never admins)

REQUIRED_PERMISSION = {
    "Patient": PATIENT,
    "Practitioner": DIRECTORY,
    "PractitionerRole": DIRECTORY,
    "Schedule": DIRECTORY,
    "Slot": DIRECTORY,
    "Appointment": SCHEDULING,
    "Encounter": SCHEDULING,
    "Condition": CLINICAL,
    "MedicationStatement": CLINICAL,
    "DocumentReference": CLINICAL,
    "Binary": CLINICAL,
    # The patient's whole compartment, clinical content included (as the REST timeline).
    "Patient/$everything": CLINICAL,
}

ROLE_PERMISSIONS = {
    Role.PATIENT: frozenset({DIRECTORY, SCHEDULING, PATIENT, CLINICAL}),
    Role.DOCTOR: frozenset({DIRECTORY, SCHEDULING, PATIENT, CLINICAL}),
    Role.NURSE: frozenset({DIRECTORY, SCHEDULING, PATIENT, CLINICAL}),
    # Admins run the clinic but read no clinical content (SPEC section 2).
    Role.ADMIN: frozenset({DIRECTORY, SCHEDULING, PATIENT}),
}

# The SMART v2 scope that grants each resource to an API client (read and search; `.r` and `.s` apart also work).
SMART_SCOPES = {resource: f"system/{resource}.rs" for resource in REQUIRED_PERMISSION if "/" not in resource}
# Of a patient's compartment ($everything), a client reads the resource types its token names.
EVERYTHING_NEEDS = "Patient"


def client_may(actor: Any, resource_type: str, *, search: bool = False) -> bool:
    """Whether an API client's token names `resource_type` (a user's role decides otherwise)."""
    return smart_allows(actor.scopes, resource_type, search=search)


def permissions_of(actor: Any) -> frozenset[str]:
    if actor is None or not actor.is_authenticated:
        return frozenset()
    return ROLE_PERMISSIONS.get(actor.role, frozenset())


def require(actor: Any, resource_type: str, *, search: bool) -> None:
    """Refuse a caller without the permission the resource needs.

    A refused search answers 403, as the REST lists do; a refused read answers 404, as the REST
    details do (the object is outside the caller's scope, and its existence stays hidden).
    """
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated()
    if getattr(actor, "is_api_client", False):
        # SMART: a scope the token lacks is 403 (insufficient scope), for a read as for a search.
        resource = EVERYTHING_NEEDS if resource_type == "Patient/$everything" else resource_type
        if not client_may(actor, resource, search=search):
            raise PermissionDeniedError(
                code="permission_denied",
                message=f"This API client's token has no scope for {resource_type}: ask for {SMART_SCOPES[resource]}.",
            )
        return
    if REQUIRED_PERMISSION[resource_type] not in permissions_of(actor):
        if search:
            raise PermissionDeniedError(
                code="permission_denied", message=f"This account may not search {resource_type}."
            )
        raise NotFoundError(code="not_found", message=f"{resource_type.split('/')[0]} not found.")


def reads_clinical(actor: Any) -> bool:
    """Whether `actor` reads clinical content: the reason of an appointment is left out for the others."""
    if getattr(actor, "is_api_client", False):
        return client_may(actor, "Condition")  # the scope that reads record entries, as in the REST API
    return CLINICAL in permissions_of(actor)
