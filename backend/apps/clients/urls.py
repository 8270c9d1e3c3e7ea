from django.urls import path
from oauth2_provider.views import TokenView

from .api import ApiClientDetailApi, ApiClientListCreateApi, ApiClientRevokeApi, ApiClientRotateSecretApi

urlpatterns = [
    # django-oauth-toolkit's token endpoint (RFC 6749): only the client credentials grant is allowed.
    path("oauth/token/", TokenView.as_view(), name="oauth-token"),
    path("api-clients/", ApiClientListCreateApi.as_view(), name="api-client-list"),
    path("api-clients/<int:api_client_id>/", ApiClientDetailApi.as_view(), name="api-client-detail"),
    path(
        "api-clients/<int:api_client_id>/rotate-secret/",
        ApiClientRotateSecretApi.as_view(),
        name="api-client-rotate-secret",
    ),
    path("api-clients/<int:api_client_id>/revoke/", ApiClientRevokeApi.as_view(), name="api-client-revoke"),
]
