"""Production settings: every secret must come from the environment, or the process refuses to start."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, POSTGRESQL_ENGINE, env


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"Production settings need the environment variable {name}.")
    return value


SECRET_KEY = _required("SECRET_KEY")
JWT_SIGNING_KEY = _required("JWT_SIGNING_KEY")
if JWT_SIGNING_KEY == SECRET_KEY:
    raise ImproperlyConfigured("JWT_SIGNING_KEY must differ from SECRET_KEY.")
SIMPLE_JWT["SIGNING_KEY"] = JWT_SIGNING_KEY  # noqa: F405
FIELD_ENCRYPTION_KEY = [key for key in _required("FIELD_ENCRYPTION_KEYS").split(",") if key.strip()]
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Production settings need ALLOWED_HOSTS.")
_required("DATABASE_URL")
if DATABASES["default"]["ENGINE"] != POSTGRESQL_ENGINE:
    raise ImproperlyConfigured("Production runs on PostgreSQL: DATABASE_URL must be a postgres:// URL.")

DEBUG = False
DEMO_DATA_ALLOWED = False
if CLOCK_OFFSET_SECONDS:  # noqa: F405
    raise ImproperlyConfigured("CLOCK_OFFSET_SECONDS is for test clocks; production runs on the real clock.")

# TLS ends at the proxy in front of the app, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The health probe of the orchestrator speaks plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
