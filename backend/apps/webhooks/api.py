"""Webhook endpoints and their delivery logs: an API client (`webhooks:manage`) manages its own, admins all."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core import errors as core_errors
from apps.core.api_base import ListApiMixin
from apps.core.idempotency import idempotent
from apps.core.schema import error_codes
from apps.core.serializers import StrictCharField, StrictURLField

from . import errors
from .events import EVENT_TYPES
from .models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from .permissions import IsAdminOrApiClient
from .selectors import webhook_delivery_get, webhook_delivery_list, webhook_endpoint_get, webhook_endpoint_list
from .services import (
    webhook_delivery_replay,
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_enable,
    webhook_endpoint_update,
)

TAGS = ["webhooks"]
FORBIDDEN = OpenApiResponse(description="Admins and API clients with the scope webhooks:manage only")
NOT_FOUND = OpenApiResponse(description="No endpoint (or delivery) of the caller's with this id")
INVALID = OpenApiResponse(description="Validation error, keyed by field")
DISABLED = OpenApiResponse(description="The endpoint is disabled: enable it first")
INPUT_CODES = [errors.UNKNOWN_EVENT_TYPE, errors.EVENT_TYPE_NOT_ALLOWED, errors.INSECURE_URL]


def event_type_field() -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=list(EVENT_TYPES))


class EventTypeOutput(serializers.Serializer):
    type = StrictCharField(read_only=True)
    description = StrictCharField(read_only=True)
    scope = StrictCharField(read_only=True, help_text="The read scope an API client needs to receive it")


class WebhookEndpointOutput(serializers.ModelSerializer):
    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "url",
            "description",
            "event_types",
            "client",
            "client_name",
            "enabled",
            "consecutive_failures",
            "disabled_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    event_types = serializers.ListField(child=event_type_field(), read_only=True)
    client = serializers.IntegerField(
        source="client_id", allow_null=True, read_only=True, help_text="The owner client; empty: the admins'"
    )
    client_name = serializers.SerializerMethodField()

    def get_client_name(self, endpoint: WebhookEndpoint) -> str | None:
        return endpoint.client.name if endpoint.client_id else None


class WebhookEndpointWithSecretOutput(WebhookEndpointOutput):
    """An endpoint with its signing secret: the only time the API shows it."""

    class Meta(WebhookEndpointOutput.Meta):
        fields = [*WebhookEndpointOutput.Meta.fields, "secret"]
        read_only_fields = fields

    secret = serializers.SerializerMethodField(help_text="Standard Webhooks secret (whsec_...), shown once")

    def get_secret(self, endpoint: WebhookEndpoint) -> str:
        return self.context["secret"]


class WebhookEndpointInput(serializers.Serializer):
    url = StrictURLField(max_length=500)
    event_types = serializers.ListField(child=event_type_field(), allow_empty=False, max_length=len(EVENT_TYPES))
    description = StrictCharField(max_length=200, required=False, allow_blank=True)


class WebhookDeliveryOutput(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "endpoint",
            "event_id",
            "event_type",
            "payload",
            "status",
            "attempts",
            "last_attempt_at",
            "last_status_code",
            "last_error",
            "next_attempt_at",
            "delivered_at",
            "created_at",
            "replay_of",
        ]
        read_only_fields = fields

    endpoint = serializers.IntegerField(source="endpoint_id", read_only=True)
    event_id = StrictCharField(source="event.message_id", read_only=True, help_text="The webhook-id header")
    event_type = serializers.ChoiceField(source="event.type", choices=list(EVENT_TYPES), read_only=True)
    payload = serializers.SerializerMethodField()
    next_attempt_at = serializers.SerializerMethodField()
    replay_of = serializers.IntegerField(source="replay_of_id", allow_null=True, read_only=True)

    def get_payload(self, delivery: WebhookDelivery) -> dict:
        """The JSON body sent: type, timestamp and the ids of the object."""
        return delivery.event.payload

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_next_attempt_at(self, delivery: WebhookDelivery) -> str | None:
        if delivery.status != DeliveryStatus.PENDING:
            return None
        return serializers.DateTimeField().to_representation(delivery.next_attempt_at)


class WebhookEventTypesApi(APIView):
    """The event types an endpoint may subscribe to, and the scope a client needs for each."""

    permission_classes = [IsAdminOrApiClient]

    @extend_schema(
        operation_id="webhooks_event_types",
        responses={200: EventTypeOutput(many=True), 403: FORBIDDEN},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        rows = [
            {"type": name, "description": description, "scope": scope}
            for name, (description, scope) in EVENT_TYPES.items()
        ]
        return Response(EventTypeOutput(rows, many=True).data)


class WebhookEndpointListCreateApi(ListApiMixin):
    """The caller's webhook endpoints (every one, for admins)."""

    permission_classes = [IsAdminOrApiClient]
    output_serializer = WebhookEndpointOutput
    filter_backends: list = []

    def scoped_queryset(self):
        return webhook_endpoint_list(actor=self.request.user)

    @extend_schema(
        operation_id="webhook_endpoints_list",
        responses={200: WebhookEndpointOutput(many=True), 403: FORBIDDEN},
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        return self.list_response(request)

    @extend_schema(
        operation_id="webhook_endpoints_create",
        request=WebhookEndpointInput,
        responses={201: WebhookEndpointWithSecretOutput, 400: INVALID, 403: FORBIDDEN},
        tags=TAGS,
    )
    @idempotent
    @error_codes({400: INPUT_CODES})
    def post(self, request: Request) -> Response:
        data = WebhookEndpointInput(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint, secret = webhook_endpoint_create(actor=request.user, **data.validated_data, request=request)
        body = WebhookEndpointWithSecretOutput(endpoint, context={"secret": secret}).data
        return Response(body, status=status.HTTP_201_CREATED)


class WebhookEndpointDetailApi(APIView):
    """One webhook endpoint of the caller's: read, change or remove."""

    permission_classes = [IsAdminOrApiClient]

    @extend_schema(
        operation_id="webhook_endpoints_retrieve",
        responses={200: WebhookEndpointOutput, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=TAGS,
    )
    def get(self, request: Request, endpoint_id: int) -> Response:
        return Response(WebhookEndpointOutput(webhook_endpoint_get(actor=request.user, endpoint_id=endpoint_id)).data)

    @extend_schema(
        operation_id="webhook_endpoints_update",
        request=WebhookEndpointInput(partial=True),
        responses={200: WebhookEndpointOutput, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=TAGS,
    )
    @error_codes({400: INPUT_CODES})
    def patch(self, request: Request, endpoint_id: int) -> Response:
        endpoint = webhook_endpoint_get(actor=request.user, endpoint_id=endpoint_id)
        data = WebhookEndpointInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changed = webhook_endpoint_update(actor=request.user, endpoint=endpoint, **data.validated_data, request=request)
        return Response(WebhookEndpointOutput(changed).data)

    @extend_schema(
        operation_id="webhook_endpoints_destroy",
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=TAGS,
    )
    def delete(self, request: Request, endpoint_id: int) -> Response:
        endpoint = webhook_endpoint_get(actor=request.user, endpoint_id=endpoint_id)
        webhook_endpoint_delete(actor=request.user, endpoint=endpoint, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookEndpointEnableApi(APIView):
    """Enable a disabled endpoint again, its failure count back at 0 (nothing is resent by itself)."""

    permission_classes = [IsAdminOrApiClient]

    @extend_schema(
        operation_id="webhook_endpoints_enable",
        request=None,
        responses={200: WebhookEndpointOutput, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=TAGS,
    )
    def post(self, request: Request, endpoint_id: int) -> Response:
        endpoint = webhook_endpoint_get(actor=request.user, endpoint_id=endpoint_id)
        endpoint = webhook_endpoint_enable(actor=request.user, endpoint=endpoint, request=request)
        return Response(WebhookEndpointOutput(endpoint).data)


class WebhookDeliveryListApi(ListApiMixin):
    """The delivery log of one endpoint of the caller's, newest first."""

    permission_classes = [IsAdminOrApiClient]
    output_serializer = WebhookDeliveryOutput
    filter_backends: list = []

    def scoped_queryset(self):
        return webhook_delivery_list(actor=self.request.user, endpoint_id=self.kwargs["endpoint_id"])

    @extend_schema(
        operation_id="webhook_deliveries_list",
        responses={200: WebhookDeliveryOutput(many=True), 403: FORBIDDEN, 404: NOT_FOUND},
        tags=TAGS,
    )
    def get(self, request: Request, endpoint_id: int) -> Response:
        return self.list_response(request)


class WebhookDeliveryReplayApi(APIView):
    """Send a delivery's event again to its endpoint: a new delivery, with the same `webhook-id`."""

    permission_classes = [IsAdminOrApiClient]

    @extend_schema(
        operation_id="webhook_deliveries_replay",
        request=None,
        responses={201: WebhookDeliveryOutput, 403: FORBIDDEN, 404: NOT_FOUND, 409: DISABLED},
        tags=TAGS,
    )
    @idempotent
    # No body, but a retry's Idempotency-Key makes the body be read: one of another type is refused.
    @error_codes({409: [errors.ENDPOINT_DISABLED], 415: [core_errors.UNSUPPORTED_MEDIA_TYPE]})
    def post(self, request: Request, delivery_id: int) -> Response:
        delivery = webhook_delivery_get(actor=request.user, delivery_id=delivery_id)
        replay = webhook_delivery_replay(actor=request.user, delivery=delivery, request=request)
        replay = webhook_delivery_get(actor=request.user, delivery_id=replay.pk)
        return Response(WebhookDeliveryOutput(replay).data, status=status.HTTP_201_CREATED)
