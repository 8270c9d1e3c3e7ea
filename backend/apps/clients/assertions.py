"""Signed client assertions (`private_key_jwt`, RFC 7523 section 2.2), as SMART backend services use.

A client registers a JWK Set of public keys; at the token endpoint it proves itself with a short-lived
JWT signed by the matching private key instead of a secret:

    client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer
    client_assertion=<JWT: iss = sub = client id, aud = the token endpoint URL, exp, jti>

A client with a JWK Set authenticates this way only: its secret no longer opens a token.
"""

import logging
import time
from typing import Any

import jwt
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from oauth2_provider.models import Application
from oauth2_provider.oauth2_validators import OAuth2Validator

from apps.core.errors import ApplicationError

from . import errors

logger = logging.getLogger(__name__)

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
# Asymmetric algorithms only: an HMAC "assertion" would need a shared secret, which this method replaces.
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
# An assertion is made for one request: one that lives longer than this is refused (SMART says 5 minutes).
MAX_LIFETIME_SECONDS = 300
LEEWAY_SECONDS = 30
MIN_RSA_BITS = 2048
MAX_KEYS = 10
PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth", "k")
CURVES = {"P-256", "P-384", "P-521"}


def _invalid(message: str) -> ApplicationError:
    return ApplicationError(code=errors.INVALID_JWKS, message=message, fields={"jwks": [message]})


def jwks_check(jwks: Any) -> dict[str, Any]:
    """A registrable JWK Set: 1 to MAX_KEYS public RSA (>= 2048 bits) or EC keys; anything else is a 400."""
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list) or not jwks["keys"]:
        raise _invalid('Enter a JWK Set: an object with a non-empty "keys" list.')
    if len(jwks["keys"]) > MAX_KEYS:
        raise _invalid(f"A JWK Set may hold at most {MAX_KEYS} keys.")
    kids = []
    for key in jwks["keys"]:
        if not isinstance(key, dict):
            raise _invalid("Every key must be a JSON object.")
        if any(member in key for member in PRIVATE_MEMBERS):
            raise _invalid("Register public keys only: a key holds private or symmetric key material.")
        if key.get("kty") not in ("RSA", "EC"):
            raise _invalid("Every key must be an RSA or EC public key.")
        if "alg" in key and key["alg"] not in ALGORITHMS:
            raise _invalid(f"Unsupported key algorithm; use one of {', '.join(ALGORITHMS)}.")
        if key["kty"] == "EC" and key.get("crv") not in CURVES:
            raise _invalid(f"EC keys must be on one of the curves {', '.join(sorted(CURVES))}.")
        try:
            parsed = jwt.PyJWK(key, algorithm=key.get("alg") or ("RS256" if key["kty"] == "RSA" else None))
        except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, TypeError, KeyError):
            raise _invalid("A key could not be read as a JWK.") from None
        if key["kty"] == "RSA" and parsed.key.key_size < MIN_RSA_BITS:
            raise _invalid(f"RSA keys must have at least {MIN_RSA_BITS} bits.")
        kids.append(key.get("kid"))
    if len(jwks["keys"]) > 1 and (None in kids or len(set(kids)) != len(kids)):
        raise _invalid('With more than one key, every key needs its own "kid".')
    return {"keys": [dict(key) for key in jwks["keys"]]}


class _TokenRequest(HttpRequest):
    """The token request as Django saw it, rebuilt from the headers oauthlib holds (its META)."""

    def __init__(self, meta: dict[str, Any]):
        super().__init__()
        self.META = meta

    def _get_scheme(self) -> str:
        return self.META.get("wsgi.url_scheme", "http")


def audiences(request) -> set[str]:
    """What an assertion's `aud` may name: this token endpoint's URL, and API_CLIENT_ASSERTION_AUDIENCES."""
    allowed = set(settings.API_CLIENT_ASSERTION_AUDIENCES)
    try:
        allowed.add(_TokenRequest(dict(request.headers)).build_absolute_uri(reverse("oauth-token")))
    except Exception:  # a host Django refuses: only the configured audiences hold
        logger.info("Client assertion: the token request's host could not be read.")
    return allowed


def _signing_key(jwks: dict[str, Any], header: dict[str, Any]) -> jwt.PyJWK | None:
    candidates = [key for key in jwks["keys"] if header.get("kid") is None or key.get("kid") == header["kid"]]
    if len(candidates) != 1:
        return None
    key = candidates[0]
    if key.get("alg", header["alg"]) != header["alg"]:
        return None
    try:
        return jwt.PyJWK(key, algorithm=header["alg"])
    except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, TypeError):
        return None


def assertion_client(request) -> Application | None:
    """The client an RFC 7523 assertion proves, or None; each assertion (its `jti`) works once."""
    token = getattr(request, "client_assertion", None)
    if not isinstance(token, str) or len(token) > 8192:
        return None
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    client_id = claims.get("iss")
    if header.get("alg") not in ALGORITHMS or not isinstance(client_id, str) or claims.get("sub") != client_id:
        return None
    if request.client_id and request.client_id != client_id:
        return None
    application = Application.objects.select_related("api_client").filter(client_id=client_id).first()
    client = getattr(application, "api_client", None) if application else None
    if client is None or client.is_revoked or not client.jwks:
        return None
    key = _signing_key(client.jwks, header)
    if key is None:
        return None
    try:
        claims = jwt.decode(
            token,
            key=key.key,
            algorithms=[header["alg"]],
            audience=list(audiences(request)),
            issuer=client_id,
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "jti"]},
        )
    except jwt.PyJWTError:
        return None
    now = time.time()
    if claims["exp"] - now > MAX_LIFETIME_SECONDS or not isinstance(claims["jti"], str) or len(claims["jti"]) > 256:
        return None
    # Once only, remembered until it expires anyway (the failover cache keeps counting in an outage).
    if not cache.add(f"client-assertion:{client_id}:{claims['jti']}", 1, timeout=int(claims["exp"] - now) + 60):
        return None
    return application


class ClientAssertionValidator(OAuth2Validator):
    """django-oauth-toolkit's validator, with `private_key_jwt` beside the client secret."""

    def authenticate_client(self, request, *args, **kwargs):
        # oauthlib's request answers only the parameters it knows or that were sent.
        assertion_type = getattr(request, "client_assertion_type", None)
        if assertion_type is not None or getattr(request, "client_assertion", None) is not None:
            if assertion_type != ASSERTION_TYPE:
                return False
            application = assertion_client(request)
            if application is None or not application.is_usable(request):
                return False
            request.client = application
            request.client_id = application.client_id
            return True
        if not super().authenticate_client(request, *args, **kwargs):
            return False
        # A client that registered keys has moved off its secret.
        client = getattr(request.client, "api_client", None)
        return not (client is not None and client.jwks)
