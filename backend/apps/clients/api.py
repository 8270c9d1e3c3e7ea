"""Admin endpoints for API clients: list, create (the secret shown once), change, rotate, revoke."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api_base import ListApiMixin
from apps.core.idempotency import idempotent
from apps.core.permissions import IsAdmin
from apps.core.schema import error_codes
from apps.core.serializers import StrictCharField

from . import errors
from .models import ApiClient
from .scopes import SCOPES
from .selectors import api_client_get, api_client_list
from .services import api_client_create, api_client_revoke, api_client_rotate_secret, api_client_update

FORBIDDEN = OpenApiResponse(description="Admins only")
NOT_FOUND = OpenApiResponse(description="No API client with this id")
INVALID = OpenApiResponse(description="Validation error, keyed by field")
REVOKED = OpenApiResponse(description="The client is revoked")


class PersonRefOutput(serializers.Serializer):
    """A doctor or patient a client is limited to: id and name."""

    id = serializers.IntegerField(read_only=True)
    name = StrictCharField(source="full_name", read_only=True)


class ApiClientOutput(serializers.ModelSerializer):
    class Meta:
        model = ApiClient
        fields = [
            "id",
            "name",
            "client_id",
            "scopes",
            "doctors",
            "patients",
            "auth_method",
            "jwks",
            "created_at",
            "secret_rotated_at",
            "last_used_at",
            "revoked_at",
        ]
        read_only_fields = fields

    doctors = PersonRefOutput(many=True, read_only=True)
    patients = PersonRefOutput(many=True, read_only=True)
    scopes = serializers.ListField(child=serializers.ChoiceField(choices=list(SCOPES)), read_only=True)
    auth_method = serializers.ChoiceField(
        choices=["client_secret_basic", "private_key_jwt"],
        read_only=True,
        help_text="How the client authenticates at the token endpoint: its secret, or assertions signed "
        "with a key of `jwks`.",
    )
    jwks = serializers.JSONField(read_only=True, allow_null=True, help_text="The client's public keys (JWK Set).")


class ApiClientWithSecretOutput(ApiClientOutput):
    """A client with its secret in plain text: the only time the API ever shows it."""

    class Meta(ApiClientOutput.Meta):
        fields = [*ApiClientOutput.Meta.fields, "client_secret"]
        read_only_fields = fields

    client_secret = serializers.SerializerMethodField()

    def get_client_secret(self, client: ApiClient) -> str:
        return self.context["secret"]


class ApiClientInput(serializers.Serializer):
    name = StrictCharField(max_length=100)
    scopes = serializers.ListField(child=serializers.ChoiceField(choices=list(SCOPES)), allow_empty=True, max_length=50)
    doctors = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=500)
    patients = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=500)
    jwks = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="A JWK Set of public keys: the client then authenticates with signed assertions "
        "(private_key_jwt) instead of its secret; null goes back to the secret.",
    )


def _service_arguments(data: dict) -> dict:
    renamed = {"doctors": "doctor_ids", "patients": "patient_ids"}
    return {renamed.get(name, name): value for name, value in data.items()}


class ApiClientListCreateApi(ListApiMixin):
    """API clients (admins only), revoked ones included."""

    permission_classes = [IsAdmin]
    output_serializer = ApiClientOutput
    filter_backends: list = []

    def scoped_queryset(self):
        return api_client_list()

    @extend_schema(
        operation_id="api_clients_list",
        responses={200: ApiClientOutput(many=True), 403: FORBIDDEN},
        tags=["api-clients"],
    )
    def get(self, request: Request) -> Response:
        return self.list_response(request)

    @extend_schema(
        operation_id="api_clients_create",
        request=ApiClientInput,
        responses={201: ApiClientWithSecretOutput, 400: INVALID, 403: FORBIDDEN},
        tags=["api-clients"],
    )
    @idempotent
    @error_codes({400: [errors.UNKNOWN_SCOPE, errors.UNKNOWN_PERSON, errors.INVALID_JWKS]})
    def post(self, request: Request) -> Response:
        data = ApiClientInput(data=request.data)
        data.is_valid(raise_exception=True)
        client, secret = api_client_create(
            **_service_arguments(data.validated_data), created_by=request.user, request=request
        )
        body = ApiClientWithSecretOutput(api_client_get(client_id=client.pk), context={"secret": secret}).data
        return Response(body, status=status.HTTP_201_CREATED)


class ApiClientDetailApi(APIView):
    """One API client (admins only): read, or change its name, scopes and limits."""

    permission_classes = [IsAdmin]

    @extend_schema(
        operation_id="api_clients_retrieve",
        responses={200: ApiClientOutput, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["api-clients"],
    )
    def get(self, request: Request, api_client_id: int) -> Response:
        return Response(ApiClientOutput(api_client_get(client_id=api_client_id)).data)

    @extend_schema(
        operation_id="api_clients_update",
        request=ApiClientInput(partial=True),
        responses={200: ApiClientOutput, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND, 409: REVOKED},
        tags=["api-clients"],
    )
    @error_codes(
        {400: [errors.UNKNOWN_SCOPE, errors.UNKNOWN_PERSON, errors.INVALID_JWKS], 409: [errors.CLIENT_REVOKED]}
    )
    def patch(self, request: Request, api_client_id: int) -> Response:
        client = api_client_get(client_id=api_client_id)
        data = ApiClientInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        api_client_update(client=client, actor=request.user, **_service_arguments(data.validated_data), request=request)
        return Response(ApiClientOutput(api_client_get(client_id=client.pk)).data)


class ApiClientRotateSecretApi(APIView):
    """A new secret for the client, shown once; the old secret and every token stop working at once."""

    permission_classes = [IsAdmin]

    @extend_schema(
        operation_id="api_clients_rotate_secret",
        request=None,
        responses={200: ApiClientWithSecretOutput, 403: FORBIDDEN, 404: NOT_FOUND, 409: REVOKED},
        tags=["api-clients"],
    )
    @error_codes({409: [errors.CLIENT_REVOKED]})
    def post(self, request: Request, api_client_id: int) -> Response:
        client = api_client_get(client_id=api_client_id)
        secret = api_client_rotate_secret(client=client, actor=request.user, request=request)
        return Response(ApiClientWithSecretOutput(api_client_get(client_id=client.pk), context={"secret": secret}).data)


class ApiClientRevokeApi(APIView):
    """Revoke the client: its credentials and tokens end at once. It cannot be undone."""

    permission_classes = [IsAdmin]

    @extend_schema(
        operation_id="api_clients_revoke",
        request=None,
        responses={200: ApiClientOutput, 403: FORBIDDEN, 404: NOT_FOUND, 409: REVOKED},
        tags=["api-clients"],
    )
    @error_codes({409: [errors.CLIENT_REVOKED]})
    def post(self, request: Request, api_client_id: int) -> Response:
        client = api_client_revoke(client=api_client_get(client_id=api_client_id), actor=request.user, request=request)
        return Response(ApiClientOutput(api_client_get(client_id=client.pk)).data)
