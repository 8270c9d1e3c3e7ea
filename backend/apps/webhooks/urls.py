from django.urls import path

from .api import (
    WebhookDeliveryListApi,
    WebhookDeliveryReplayApi,
    WebhookEndpointDetailApi,
    WebhookEndpointEnableApi,
    WebhookEndpointListCreateApi,
    WebhookEventTypesApi,
)

urlpatterns = [
    path("webhooks/event-types/", WebhookEventTypesApi.as_view(), name="webhook-event-types"),
    path("webhooks/endpoints/", WebhookEndpointListCreateApi.as_view(), name="webhook-endpoint-list"),
    path("webhooks/endpoints/<int:endpoint_id>/", WebhookEndpointDetailApi.as_view(), name="webhook-endpoint-detail"),
    path(
        "webhooks/endpoints/<int:endpoint_id>/enable/",
        WebhookEndpointEnableApi.as_view(),
        name="webhook-endpoint-enable",
    ),
    path(
        "webhooks/endpoints/<int:endpoint_id>/deliveries/",
        WebhookDeliveryListApi.as_view(),
        name="webhook-delivery-list",
    ),
    path(
        "webhooks/deliveries/<int:delivery_id>/replay/",
        WebhookDeliveryReplayApi.as_view(),
        name="webhook-delivery-replay",
    ),
]
