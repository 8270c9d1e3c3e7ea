"""Signed client assertions (private_key_jwt, RFC 7523): registering keys, and the token endpoint."""

import json
import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.test import Client
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from apps.accounts.tests.factories import AdminFactory, PatientFactory
from apps.audit.models import AuditEvent
from apps.clients.assertions import ASSERTION_TYPE
from apps.clients.models import ApiClient

from .factories import TOKEN_URL, new_client, request_token

pytestmark = pytest.mark.django_db

AUDIENCE = f"http://testserver{TOKEN_URL}"
CLIENTS_URL = "/api/v1/api-clients/"


def rsa_key(bits: int = 2048):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def public_jwk(private_key, kid: str = "k1", **extra) -> dict:
    if isinstance(private_key, rsa.RSAPrivateKey):
        jwk = json.loads(RSAAlgorithm.to_jwk(private_key.public_key()))
    else:
        jwk = json.loads(ECAlgorithm.to_jwk(private_key.public_key()))
    return {**jwk, "kid": kid, **extra}


def assertion(client: ApiClient, private_key, *, alg: str = "RS256", kid: str = "k1", **claims) -> str:
    now = int(time.time())
    body = {
        "iss": client.client_id,
        "sub": client.client_id,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 120,
        "jti": uuid.uuid4().hex,
        **claims,
    }
    body = {name: value for name, value in body.items() if value is not None}
    return jwt.encode(body, private_key, algorithm=alg, headers={"kid": kid})


def token_with(signed: str, **extra):
    return Client().post(
        TOKEN_URL,
        {
            "grant_type": "client_credentials",
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": signed,
            **extra,
        },
    )


@pytest.fixture(scope="module")
def key():
    return rsa_key()


@pytest.fixture
def keyed(key):
    client, secret = new_client(scopes=["patients:read"])
    client.jwks = {"keys": [public_jwk(key)]}
    client.save(update_fields=["jwks"])
    return client, secret


# --- the token endpoint ---------------------------------------------------------------------------


def test_a_signed_assertion_gets_a_token_with_the_clients_scopes(keyed, key):
    client, _ = keyed
    response = token_with(assertion(client, key))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert "patients:read" in body["scope"].split()
    api = Client(HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    assert api.get("/api/v1/patients/").status_code == 200


def test_an_ec_key_works_too():
    private = ec.generate_private_key(ec.SECP256R1())
    client, _ = new_client(scopes=["patients:read"])
    client.jwks = {"keys": [public_jwk(private, kid="ec")]}
    client.save(update_fields=["jwks"])
    assert token_with(assertion(client, private, alg="ES256", kid="ec")).status_code == 200


def test_an_assertion_works_once(keyed, key):
    client, _ = keyed
    signed = assertion(client, key)
    assert token_with(signed).status_code == 200
    replay = token_with(signed)
    assert replay.status_code == 401
    assert replay.json()["error"] == "invalid_client"


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param({"aud": "https://elsewhere.example/token"}, id="another audience"),
        pytest.param({"aud": None}, id="no audience"),
        pytest.param({"exp": int(time.time()) - 3600}, id="expired"),
        pytest.param({"exp": None}, id="no expiry"),
        pytest.param({"exp": int(time.time()) + 3600}, id="lives too long"),
        pytest.param({"jti": None}, id="no jti"),
        pytest.param({"sub": "someone-else"}, id="sub is not the client"),
    ],
)
def test_a_malformed_assertion_is_invalid_client(keyed, key, claims):
    client, _ = keyed
    response = token_with(assertion(client, key, **claims))
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_a_key_the_client_did_not_register_is_refused(keyed):
    client, _ = keyed
    assert token_with(assertion(client, rsa_key())).status_code == 401


def test_an_unknown_kid_is_refused(keyed, key):
    client, _ = keyed
    assert token_with(assertion(client, key, kid="other")).status_code == 401


def test_symmetric_and_unsigned_assertions_are_refused(keyed):
    client, _ = keyed
    claims = {"iss": client.client_id, "sub": client.client_id, "aud": AUDIENCE, "exp": int(time.time()) + 60}
    hmac = jwt.encode({**claims, "jti": "a"}, "shared-secret-of-32-bytes-or-more!!", algorithm="HS256")
    unsigned = jwt.encode({**claims, "jti": "b"}, None, algorithm="none")
    assert token_with(hmac).status_code == 401
    assert token_with(unsigned).status_code == 401


def test_an_assertion_of_a_client_without_keys_is_refused(key):
    client, _ = new_client(scopes=["patients:read"])
    assert token_with(assertion(client, key)).status_code == 401


def test_a_revoked_client_gets_no_token(keyed, key):
    from apps.clients.services import api_client_revoke

    client, _ = keyed
    api_client_revoke(client=client, actor=AdminFactory())
    assert token_with(assertion(client, key)).status_code == 401


def test_a_wrong_assertion_type_or_garbage_is_refused(keyed, key):
    client, _ = keyed
    assert token_with(assertion(client, key), client_assertion_type="urn:other").status_code == 401
    assert token_with("not.a.jwt").status_code == 401
    assert token_with("x" * 10_000).status_code == 401


def test_a_client_id_beside_the_assertion_must_match(keyed, key):
    client, _ = keyed
    assert token_with(assertion(client, key), client_id="someone-else").status_code == 401
    assert token_with(assertion(client, key), client_id=client.client_id).status_code == 200


def test_a_client_with_keys_no_longer_gets_a_token_with_its_secret(keyed):
    client, secret = keyed
    assert request_token(client, secret).status_code == 401
    client.jwks = None
    client.save(update_fields=["jwks"])
    assert request_token(client, secret).status_code == 200


def test_a_configured_public_audience_is_accepted(keyed, key, settings):
    settings.API_CLIENT_ASSERTION_AUDIENCES = ["https://clinic.example/api/v1/oauth/token/"]
    client, _ = keyed
    signed = assertion(client, key, aud="https://clinic.example/api/v1/oauth/token/")
    assert token_with(signed).status_code == 200


def test_the_token_is_audited_under_the_client(keyed, key):
    client, _ = keyed
    patient = PatientFactory()
    access = token_with(assertion(client, key)).json()["access_token"]
    assert Client(HTTP_AUTHORIZATION=f"Bearer {access}").get(f"/api/v1/patients/{patient.pk}/").status_code == 200
    assert AuditEvent.objects.filter(client=client, patient=patient).exists()


# --- registering keys (admins) ----------------------------------------------------------------------


def admin_api() -> Client:
    from apps.accounts.services.sessions import session_start_for

    return Client(HTTP_AUTHORIZATION=f"Bearer {session_start_for(user=AdminFactory()).access}")


def test_an_admin_registers_keys_at_creation_and_the_client_says_how_it_authenticates(key):
    jwks = {"keys": [public_jwk(key)]}
    response = admin_api().post(
        CLIENTS_URL, {"name": "Lab", "scopes": ["patients:read"], "jwks": jwks}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["auth_method"] == "private_key_jwt"
    assert response.json()["jwks"] == jwks
    client = ApiClient.objects.get(pk=response.json()["id"])
    assert token_with(assertion(client, key)).status_code == 200


def test_keys_are_changed_and_removed_with_patch(keyed, key):
    client, _ = keyed
    api = admin_api()
    url = f"{CLIENTS_URL}{client.pk}/"
    assert api.patch(url, {"name": "Lab 2"}, content_type="application/json").json()["auth_method"] == (
        "private_key_jwt"
    )
    removed = api.patch(url, {"jwks": None}, content_type="application/json")
    assert removed.status_code == 200
    assert removed.json()["auth_method"] == "client_secret_basic"
    assert removed.json()["jwks"] is None


@pytest.mark.parametrize(
    "jwks",
    [
        pytest.param("a string", id="not an object"),
        pytest.param({"keys": []}, id="no keys"),
        pytest.param({"keys": ["x"]}, id="a key that is not an object"),
        pytest.param({"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}, id="symmetric"),
        pytest.param({"keys": [{"kty": "RSA", "n": "AQAB", "e": "AQAB"}]}, id="too small"),
        pytest.param({"keys": [{"kty": "RSA", "n": "!!", "e": "AQAB"}]}, id="unreadable"),
        pytest.param({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "AA"}]}, id="another key type"),
    ],
)
def test_a_bad_jwk_set_answers_400_and_changes_nothing(jwks):
    before = ApiClient.objects.count()
    response = admin_api().post(
        CLIENTS_URL, {"name": "Lab", "scopes": [], "jwks": jwks}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_jwks"
    assert ApiClient.objects.count() == before


def test_a_private_key_is_refused(key):
    private = json.loads(RSAAlgorithm.to_jwk(key))
    response = admin_api().post(
        CLIENTS_URL, {"name": "Lab", "scopes": [], "jwks": {"keys": [private]}}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "public keys only" in json.dumps(response.json())


def test_several_keys_need_their_own_kids(key):
    other = rsa_key()
    same = {"keys": [public_jwk(key, kid="a"), public_jwk(other, kid="a")]}
    response = admin_api().post(
        CLIENTS_URL, {"name": "Lab", "scopes": [], "jwks": same}, content_type="application/json"
    )
    assert response.status_code == 400


def test_a_weak_rsa_key_is_refused():
    weak = rsa_key(1024)
    response = admin_api().post(
        CLIENTS_URL,
        {"name": "Lab", "scopes": [], "jwks": {"keys": [public_jwk(weak)]}},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_jwks"
