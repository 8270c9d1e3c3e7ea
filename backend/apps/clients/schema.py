from drf_spectacular.extensions import OpenApiAuthenticationExtension

from .scopes import SCOPES


class ApiClientScheme(OpenApiAuthenticationExtension):
    """Documents API clients' access tokens as OAuth 2.0 client credentials in the OpenAPI schema."""

    target_class = "apps.clients.authentication.ApiClientAuthentication"
    name = "apiClientAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "oauth2",
            "description": "API clients: OAuth 2.0 client credentials (docs/api-clients.md).",
            "flows": {"clientCredentials": {"tokenUrl": "/api/v1/oauth/token/", "scopes": dict(SCOPES)}},
        }
