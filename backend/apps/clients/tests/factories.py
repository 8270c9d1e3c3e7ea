"""API clients and their tokens, made the way an admin and a client would: the service and the token endpoint."""

from collections.abc import Iterable

from django.test import Client

from apps.accounts.tests.factories import AdminFactory
from apps.clients.models import ApiClient
from apps.clients.services import api_client_create

TOKEN_URL = "/api/v1/oauth/token/"


def new_client(
    *, scopes: Iterable[str], doctors: Iterable = (), patients: Iterable = (), name: str = "Lab", admin=None
) -> tuple[ApiClient, str]:
    """A client with `scopes` and limits, and its secret."""
    return api_client_create(
        name=name,
        scopes=list(scopes),
        doctor_ids=[doctor.pk for doctor in doctors],
        patient_ids=[patient.pk for patient in patients],
        created_by=admin or AdminFactory(),
    )


def request_token(client: ApiClient, secret: str, **extra: str):
    """The token endpoint's response to a client credentials request (HTTP Basic client authentication)."""
    import base64

    basic = base64.b64encode(f"{client.client_id}:{secret}".encode()).decode()
    return Client().post(TOKEN_URL, {"grant_type": "client_credentials", **extra}, HTTP_AUTHORIZATION=f"Basic {basic}")


def client_token(**kwargs) -> tuple[ApiClient, str]:
    """A new client (see `new_client`) and an access token for every scope it holds."""
    client, secret = new_client(**kwargs)
    response = request_token(client, secret)
    assert response.status_code == 200, response.content
    return client, response.json()["access_token"]
