"""Test settings: PostgreSQL from DATABASE_URL, else the local server if it answers, else SQLite.

Under CI=true PostgreSQL is required. Tests that need PostgreSQL are marked `postgres` and are
skipped, with the reason printed, when the run falls back to SQLite.
"""

import os
import socket
import sys

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MIDDLEWARE, REDIS_URL, STORAGES, VAR_DIR, database_config, env, redis_caches

LOCAL_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/patient_tracker"


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


_url = env.str("DATABASE_URL", default="")
if not _url and _answers(5432):
    _url = LOCAL_POSTGRES_URL
DATABASES = {"default": database_config(_url)}
USING_POSTGRES = DATABASES["default"]["ENGINE"] == POSTGRESQL_ENGINE  # noqa: F405
if not USING_POSTGRES:
    if env.bool("CI", default=False):
        raise ImproperlyConfigured("CI=true requires PostgreSQL: set DATABASE_URL or start the local server.")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if os.environ.get("PT_TEST_DB_NOTICE") != "shown":
        os.environ["PT_TEST_DB_NOTICE"] = "shown"
        print(
            "NOTICE: no PostgreSQL answered; running on SQLite, PostgreSQL-only tests are skipped.",
            file=sys.stderr,
        )

# The shared cache: Redis when one answers (as in production), else the database cache.
if not REDIS_URL and _answers(6379):
    CACHES = redis_caches("redis://127.0.0.1:6379/15", "pt-test")

SECRET_KEY = "test-secret-key-only-for-the-test-suite-0123456789"
JWT_SIGNING_KEY = "test-jwt-signing-key-only-for-the-test-suite"
SIMPLE_JWT["SIGNING_KEY"] = JWT_SIGNING_KEY  # noqa: F405
FIELD_ENCRYPTION_KEY = [
    "dGVzdC1lbmNyeXB0aW9uLWtleS1udW1iZXItb25lLTE=",
    "dGVzdC1lbmNyeXB0aW9uLWtleS1udW1iZXItdHdvLTI=",
]
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
CORS_ALLOWED_ORIGINS = ["http://spa.example"]
# Fast hashing keeps the suite quick; one test checks that the real settings use Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Committed e-mails are handed over on the caller's thread, which holds the test's transaction
# (the fault tests' servers use the thread, tests/faults/server_settings.py).
OUTBOX_HANDOFF_THREAD = False
# Tasks run in-process unless a broker is configured (the real-worker test starts a worker
# subprocess with CELERY_BROKER_URL and a real SMTP server in its environment).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
STATIC_ROOT = VAR_DIR / "test-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# No collectstatic before the suite: WhiteNoise serves the apps' static files (the API docs' Swagger
# UI and ReDoc) straight from their packages, under unhashed names. One test runs collectstatic
# with the production storage (apps/core/tests/test_api_docs.py).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True

# Every error answer a test provokes is checked against the OpenAPI schema (tests/observed_errors.py).
MIDDLEWARE = ["tests.observed_errors.ObservedErrorsMiddleware", *MIDDLEWARE]
# Webhook tests run their receiver on plain http://127.0.0.1.
WEBHOOK_ALLOW_HTTP_LOOPBACK = True
