"""Writes of API clients: create, change scopes and limits, rotate the secret, revoke. Admins only."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application

from apps.accounts.models import Role, User
from apps.audit.services import audit_record
from apps.core.errors import ApplicationError, ConflictError

from . import errors
from .assertions import jwks_check
from .models import ApiClient
from .scopes import SCOPES

RESOURCE = "api_client"
# `api_client_update(jwks=UNCHANGED)` leaves the keys; None removes them (the client uses its secret again).
UNCHANGED: Any = object()


def _check_scopes(scopes: Iterable[str]) -> list[str]:
    scopes = list(dict.fromkeys(scopes))
    unknown = [scope for scope in scopes if scope not in SCOPES]
    if unknown:
        raise ApplicationError(
            code=errors.UNKNOWN_SCOPE,
            message="Some scopes are not known.",
            fields={"scopes": [f"Unknown scope: {scope}." for scope in unknown]},
        )
    return scopes


def _people(ids: Iterable[int], role: str, field: str) -> list[User]:
    ids = list(dict.fromkeys(ids))
    people = list(User.objects.filter(pk__in=ids, role=role, is_active=True))
    if len(people) != len(ids):
        raise ApplicationError(
            code=errors.UNKNOWN_PERSON,
            message=f"Some {field} are not known.",
            fields={field: [f"Every id must name an active {role}."]},
        )
    return people


def _require_active(client: ApiClient) -> None:
    if client.is_revoked:
        raise ConflictError(code=errors.CLIENT_REVOKED, message="This API client is revoked.")


@transaction.atomic
def api_client_create(
    *,
    name: str,
    scopes: Iterable[str],
    doctor_ids: Iterable[int] = (),
    patient_ids: Iterable[int] = (),
    jwks: dict | None = None,
    created_by: User,
    request: Any = None,
) -> tuple[ApiClient, str]:
    """A new client and its secret, in plain text this once: only its hash is stored.

    With a JWK Set it authenticates with signed assertions instead (apps.clients.assertions).
    """
    scopes = _check_scopes(scopes)
    jwks = jwks_check(jwks) if jwks is not None else None
    doctors = _people(doctor_ids, Role.DOCTOR, "doctors")
    patients = _people(patient_ids, Role.PATIENT, "patients")
    secret = generate_client_secret()
    application = Application.objects.create(
        name=name,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        hash_client_secret=True,
    )
    client = ApiClient.objects.create(
        name=name,
        application=application,
        client_id=application.client_id,
        scopes=scopes,
        jwks=jwks,
        created_by=created_by,
    )
    client.doctors.set(doctors)
    client.patients.set(patients)
    audit_record(
        actor=created_by, action="api_client_created", resource_type=RESOURCE, resource_id=client.pk, request=request
    )
    return client, secret


@transaction.atomic
def api_client_update(
    *,
    client: ApiClient,
    actor: User,
    name: str | None = None,
    scopes: Iterable[str] | None = None,
    doctor_ids: Iterable[int] | None = None,
    patient_ids: Iterable[int] | None = None,
    jwks: Any = UNCHANGED,
    request: Any = None,
) -> ApiClient:
    """Change a client's name, scopes, limits or keys; its tokens see the change on their next request."""
    _require_active(client)
    if jwks is not UNCHANGED:
        client.jwks = jwks_check(jwks) if jwks is not None else None
    if name is not None:
        client.name = name
        Application.objects.filter(pk=client.application_id).update(name=name)
    if scopes is not None:
        client.scopes = _check_scopes(scopes)
    client.save(update_fields=["name", "scopes", "jwks"])
    if doctor_ids is not None:
        client.doctors.set(_people(doctor_ids, Role.DOCTOR, "doctors"))
    if patient_ids is not None:
        client.patients.set(_people(patient_ids, Role.PATIENT, "patients"))
    audit_record(
        actor=actor, action="api_client_updated", resource_type=RESOURCE, resource_id=client.pk, request=request
    )
    return client


@transaction.atomic
def api_client_rotate_secret(*, client: ApiClient, actor: User, request: Any = None) -> str:
    """A new secret for the client: the old one stops working at once, and so do its access tokens."""
    _require_active(client)
    application = Application.objects.select_for_update().get(pk=client.application_id)
    secret = generate_client_secret()
    application.client_secret = secret
    application.save(update_fields=["client_secret", "updated"])
    AccessToken.objects.filter(application=application).delete()
    client.secret_rotated_at = timezone.now()
    client.save(update_fields=["secret_rotated_at"])
    audit_record(
        actor=actor, action="api_client_secret_rotated", resource_type=RESOURCE, resource_id=client.pk, request=request
    )
    return secret


@transaction.atomic
def api_client_revoke(*, client: ApiClient, actor: User, request: Any = None) -> ApiClient:
    """End the client: its credentials and every token go at once; the row stays for the audit log."""
    _require_active(client)
    application_id = client.application_id
    client.application = None
    client.revoked_at = timezone.now()
    client.save(update_fields=["application", "revoked_at"])
    # Deleting the Application deletes its tokens with it (CASCADE).
    Application.objects.filter(pk=application_id).delete()
    audit_record(
        actor=actor, action="api_client_revoked", resource_type=RESOURCE, resource_id=client.pk, request=request
    )
    return client
