"""Every accounts endpoint for every party of SPEC section 2, refusals included."""

import pytest

from conftest import ROLES

pytestmark = pytest.mark.django_db

ALL_OK = dict.fromkeys(ROLES, 200) | {"anonymous": 401}
ADMIN_ONLY = dict.fromkeys(ROLES, 403) | {"anonymous": 401}


def admin(status: int) -> dict[str, int]:
    return ADMIN_ONLY | {"admin": status}


def owner_scope(visible: int, admin_status: int) -> dict[str, int]:
    """Visible-but-not-allowed is 403; outside the caller's scope is 404."""
    return {
        "anonymous": 401,
        "owner": visible,
        "other_patient": 404,
        "doctor": visible,
        "other_doctor": 404,
        "nurse": visible,
        "admin": admin_status,
    }


def new_account(p, prefix: str) -> dict:
    return {
        "username": f"{prefix}-new",
        "email": f"{prefix}-new@example.org",
        "password": "a-long-enough-passphrase",
        "first_name": "New",
        "last_name": "Person",
    }


def _owner_reset_link(p) -> dict:
    from apps.accounts.tokens import password_reset_tokens, password_reset_uid

    token = password_reset_tokens.make_token(p.owner)
    return {"uid": password_reset_uid(p.owner), "token": token, "new_password": "a-brand-new-passphrase-42"}


CASES = [
    ("get", "/api/v1/me/", None, ALL_OK),
    ("patch", "/api/v1/me/", lambda p: {"first_name": "Changed"}, ALL_OK),
    ("get", "/api/v1/doctors/", None, ALL_OK),
    (
        "post",
        "/api/v1/doctors/",
        lambda p: new_account(p, "doc") | {"specialty": "Cardiology", "licence_number": "LIC-NEW"},
        admin(201),
    ),
    ("get", "/api/v1/doctors/{doctor}/", None, ALL_OK),
    ("patch", "/api/v1/doctors/{doctor}/", lambda p: {"bio": "Updated"}, admin(200)),
    ("delete", "/api/v1/doctors/{other_doctor}/", None, admin(204)),
    ("get", "/api/v1/nurses/", None, admin(200)),
    ("post", "/api/v1/nurses/", lambda p: new_account(p, "nurse"), admin(201)),
    ("get", "/api/v1/nurses/{nurse}/", None, admin(200)),
    ("patch", "/api/v1/nurses/{nurse}/", lambda p: {"last_name": "Renamed"}, admin(200)),
    ("delete", "/api/v1/nurses/{nurse}/", None, admin(204) | {"nurse": 403}),
    ("get", "/api/v1/patients/", None, ALL_OK),
    ("post", "/api/v1/patients/", lambda p: new_account(p, "pat"), admin(201)),
    ("get", "/api/v1/patients/{owner}/", None, owner_scope(200, 200) | {"owner": 200}),
    ("patch", "/api/v1/patients/{owner}/", lambda p: {"first_name": "X"}, owner_scope(403, 200)),
    ("delete", "/api/v1/patients/{owner}/", None, owner_scope(403, 204)),
    (
        "post",
        "/api/v1/patients/{owner}/assign-doctor/",
        lambda p: {"doctor": p.other_doctor.pk},
        owner_scope(403, 200),
    ),
    ("get", "/api/v1/audit-events/", None, admin(200)),
    ("post", "/api/v1/auth/logout/", lambda p: {"refresh": "x"}, {"anonymous": 401}),
    # Anyone may ask for a reset link and use one; a signed-in caller's credentials are ignored.
    ("post", "/api/v1/auth/password-reset/", lambda p: {"email": p.owner.email}, dict.fromkeys(ROLES, 202)),
    ("post", "/api/v1/auth/password-reset/confirm/", _owner_reset_link, dict.fromkeys(ROLES, 204)),
    (
        "post",
        "/api/v1/me/password/",
        lambda p: {"old_password": "x", "new_password": "y"},
        {"anonymous": 401},
    ),
]


MATRIX = [
    (method, path, body, role, status) for method, path, body, expected in CASES for role, status in expected.items()
]


@pytest.mark.parametrize(
    ("method", "path", "body", "role", "status"), MATRIX, ids=[f"{m[0]} {m[1]} as {m[3]}" for m in MATRIX]
)
def test_access_matrix(people, client_for, method, path, body, role, status):
    client = client_for(people.get(role))
    url = path.format(**{name: getattr(people, name).pk for name in ("owner", "doctor", "other_doctor", "nurse")})
    payload = body(people) if body else None
    response = getattr(client, method)(url, payload, format="json") if payload else getattr(client, method)(url)
    assert response.status_code == status, response.content
