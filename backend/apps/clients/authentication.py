"""Bearer access tokens of API clients (django-oauth-toolkit), beside the users' JWTs."""

import hashlib

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Value
from django.utils import timezone
from oauth2_provider.models import AccessToken
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied

from .models import ApiClient
from .principal import ApiClientPrincipal
from .scopes import operation_allowed, smart_scopes, with_implied

# What authentication reads of a token, its application and its client (each a single-row join).
TOKEN_FIELDS = (
    "expires",
    "scope",
    "application__id",
    *(f"application__api_client__{field.name}" for field in ApiClient._meta.concrete_fields),
)
_CLIENT_PK = "application__api_client__pk"

# How often, at most, a client's `last_used_at` is written (one UPDATE per client per period).
LAST_USED_PERIOD_SECONDS = 60


class ApiClientAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>` with a token from the OAuth token endpoint.

    A JWT has dots and an OAuth token has none, so this class takes only dotless bearer tokens and
    users' JWTs never cost a query here. The token must exist, be unexpired and belong to a client
    that is not revoked; its scopes are those granted at issue that the client still holds.

    It also refuses (403) every operation the client may never use or whose scope it lacks
    (`scopes.OPERATION_SCOPES`): authentication is the one step every API view runs, while many
    views name their own permission classes and would skip a default one.
    """

    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if len(parts) != 2 or parts[0].lower() != self.keyword or b"." in parts[1]:
            return None
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            return None
        checksum = hashlib.sha256(raw.encode()).hexdigest()
        token = (
            AccessToken.objects.select_related("application__api_client")
            .only(*TOKEN_FIELDS)
            .annotate(
                # Most clients have no limits: then the limits are not read at all.
                has_doctors=Exists(ApiClient.doctors.through.objects.filter(apiclient_id=OuterRef(_CLIENT_PK))),
                has_patients=Exists(ApiClient.patients.through.objects.filter(apiclient_id=OuterRef(_CLIENT_PK))),
            )
            .filter(token_checksum=checksum, user__isnull=True)
            .first()
        )
        client = getattr(token.application, "api_client", None) if token and token.application else None
        # Tokens are stored only as their SHA-256 (RFC 9700 token storage): the checksum is the match.
        if token is None or token.is_expired() or client is None or client.is_revoked:
            raise AuthenticationFailed("The access token is invalid, expired or revoked.", code="invalid_token")
        held = with_implied(client.scopes)
        principal = ApiClientPrincipal(
            client=client,
            # What the token was granted that the client still holds (a SMART scope through its client
            # scope), and the read scopes its write scopes include.
            scopes=frozenset(with_implied(frozenset(token.scope.split()) & frozenset(held + smart_scopes(held)))),
            **(_limits(client) if token.has_doctors or token.has_patients else {}),
        )
        match = request._request.resolver_match
        if not operation_allowed(
            url_name=match.url_name if match else None, method=request.method, scopes=principal.scopes
        ):
            raise PermissionDenied("This API client may not use this operation.")
        _mark_used(client)
        return principal, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


def _limits(client) -> dict[str, tuple[int, ...]]:
    """The doctors and patients a client is limited to, read in one statement."""
    through = {"doctor_ids": client.doctors.through, "patient_ids": client.patients.through}
    doctors, patients = (
        model.objects.filter(apiclient_id=client.pk).annotate(kind=Value(kind)).values_list("kind", "user_id")
        for kind, model in through.items()
    )
    found: dict[str, list[int]] = {"doctor_ids": [], "patient_ids": []}
    for kind, user_id in doctors.union(patients, all=True):
        found[kind].append(user_id)
    return {kind: tuple(sorted(ids)) for kind, ids in found.items()}


def _mark_used(client) -> None:
    if cache.add(f"api-client-used:{client.pk}", 1, LAST_USED_PERIOD_SECONDS):
        type(client).objects.filter(pk=client.pk).update(last_used_at=timezone.now())
