from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class BearerJWTScheme(SimpleJWTScheme):
    """Documents our JWT authentication as the Bearer scheme in the OpenAPI schema."""

    target_class = "apps.accounts.authentication.JWTAuthentication"
    name = "jwtAuth"
