"""Settings shared by every environment. Values come from the environment (django-environ)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BACKEND_DIR = Path(__file__).resolve().parent.parent.parent
REPO_DIR = BACKEND_DIR.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(REPO_DIR / "var")))

env = environ.Env()

# --- Secrets and hosts -------------------------------------------------------------------------
# Each environment module decides whether a secret may fall back to a development default.
SECRET_KEY = env.str("SECRET_KEY", default="")
JWT_SIGNING_KEY = env.str("JWT_SIGNING_KEY", default="")
# Fernet keys, newest first: the first encrypts, all of them decrypt (so keys can rotate).
FIELD_ENCRYPTION_KEY = env.list("FIELD_ENCRYPTION_KEYS", default=[])

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# --- Applications ------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "corsheaders",
    "drf_spectacular",
    # Swagger UI and ReDoc served from our own static files: the API docs need no CDN.
    "drf_spectacular_sidecar",
    "encrypted_model_fields",
    "oauth2_provider",
    "apps.core",
    "apps.accounts",
    "apps.audit",
    "apps.scheduling",
    "apps.notifications",
    "apps.records",
    "apps.fhir",
    "apps.clients",
    "apps.webhooks",
]

AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "apps.core.middleware.RequestIdMiddleware",
    # Inside the request id, so a 503 for a lost database connection carries it.
    "apps.core.outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside WhiteNoise, so the SPA's files it serves carry the policy too.
    "apps.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Inside CORS, so a browser on an allowed origin can read the 413 or 414 it answers.
    "apps.core.middleware.RequestLimitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The API signs in by bearer token and sets no cookie: no session, no session user and no
    # messages, whose middleware would only add work to every request.
    # CSRF protection stays, for anything that would ever rely on a cookie.
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The RateLimit headers of API clients' responses (apps.clients.throttles).
    "apps.clients.middleware.RateLimitHeadersMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------------------
# No DATABASE_URL: an embedded SQLite file, writes serialised (IMMEDIATE) so that the booking
# rules that PostgreSQL enforces with constraints still hold under concurrent workers.
SQLITE_PATH = VAR_DIR / "db.sqlite3"
POSTGRESQL_ENGINE = "django.db.backends.postgresql"


def database_config(url: str | None) -> dict:
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    config = environ.Env.db_url_config(url)
    if config["ENGINE"] in ("django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"):
        config["ENGINE"] = POSTGRESQL_ENGINE
        # Persistent connections, each checked before its first query of a request, so that one
        # the server ended while it sat idle (a restart, an idle timeout) is replaced, not failed.
        config["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
        config["CONN_HEALTH_CHECKS"] = True
        # The hand-written statements (apps.core.sql.cursor.statement_cursor) bind on the server, so psycopg
        # prepares each after 5 uses on a connection and PostgreSQL stops planning it again. The ORM
        # binds client-side and is never prepared. Off behind a pooler that cannot keep prepared statements.
        prepared = env.bool("DB_PREPARED_STATEMENTS", default=True)
        config.setdefault("OPTIONS", {})["prepare_threshold"] = 5 if prepared else None
    return config


DATABASES = {"default": database_config(env.str("DATABASE_URL", default=""))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache -------------------------------------------------------------------------------------
# Throttles and lock-outs live in the cache, so it must be shared by every worker process:
# Redis when configured, else the database cache (never the per-process local memory cache).
REDIS_URL = env.str("REDIS_URL", default="")
DATABASE_CACHE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "core_cache"}


def redis_caches(url: str, key_prefix: str) -> dict:
    """Redis, which hands over to the database cache while it does not answer (apps.core.cache)."""
    return {
        "default": {
            "BACKEND": "apps.core.cache.FailoverRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            # A Redis that hangs costs a request at most this, once per FALLBACK_SECONDS.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "FALLBACK": "database",
            "FALLBACK_SECONDS": 5,
        },
        "database": {**DATABASE_CACHE, "KEY_PREFIX": key_prefix},
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL, env.str("CACHE_KEY_PREFIX", default="pt"))
else:
    CACHES = {"default": DATABASE_CACHE}

# --- Passwords ---------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# A password reset link works once, for this many seconds (Django's default is three days).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3600)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation and time -------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
# The clinic's time zone: slot times are computed in it; everything is stored in UTC.
TIME_ZONE = env.str("CLINIC_TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True
# Test clocks only: every process of the app runs this many seconds ahead of (or behind) the real
# clock, so the end-to-end suite can run at fixed clinic times (apps.core.test_clock). Needs the
# dev requirements; production settings refuse it.
CLOCK_OFFSET_SECONDS = env.float("CLOCK_OFFSET_SECONDS", default=0.0)

# --- Static files and the SPA ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BACKEND_DIR / "staticfiles"
FRONTEND_DIST = Path(env.str("FRONTEND_DIST", default=str(REPO_DIR / "frontend" / "dist")))
# WhiteNoise serves the built SPA's files from the site root; client routes fall back to
# index.html through config.urls.
WHITENOISE_ROOT = FRONTEND_DIST if FRONTEND_DIST.is_dir() else None
WHITENOISE_INDEX_FILE = True
STORAGES: dict[str, dict] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def immutable_file_test(path: str, url: str) -> bool:
    # Vite fingerprints everything under /assets/, so those files never change.
    return url.startswith("/assets/")


WHITENOISE_IMMUTABLE_FILE_TEST = immutable_file_test

# --- Medical report files ---------------------------------------------------------------------
# Encrypted report files, under random names, served only by the API, kept by the "reports" storage.
# REPORTS_STORAGE=local (the default): on this machine's disk in REPORTS_DIR, outside every served
# folder (a system check refuses a REPORTS_DIR inside STATIC_ROOT or FRONTEND_DIST).
# REPORTS_STORAGE=s3: private objects in an S3-compatible bucket (MinIO in docker-compose) that
# every API replica shares. boto3 reads the credentials itself (AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, or an instance role), so they never sit in the settings.
REPORTS_DIR = Path(env.str("REPORTS_DIR", default=str(VAR_DIR / "reports")))
REPORTS_STORAGE = env.str("REPORTS_STORAGE", default="") or "local"
if REPORTS_STORAGE == "s3":
    _reports_bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    if not _reports_bucket:
        raise ImproperlyConfigured("REPORTS_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _reports_endpoint = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    STORAGES["reports"] = {
        "BACKEND": "apps.records.storage.S3ReportStorage",
        "OPTIONS": {
            "bucket_name": _reports_bucket,
            "endpoint_url": _reports_endpoint,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # MinIO and most S3-compatible servers name the bucket in the path, not in the host name.
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="")
            or ("path" if _reports_endpoint else "auto"),
            # Empty for a bucket whose ACLs are switched off (its objects are private to the owner).
            "default_acl": env.str("AWS_DEFAULT_ACL", default="private") or None,
        },
    }
elif REPORTS_STORAGE == "local":
    STORAGES["reports"] = {"BACKEND": "apps.records.storage.LocalReportStorage"}
else:
    raise ImproperlyConfigured("REPORTS_STORAGE must be local or s3.")
REPORT_MAX_BYTES = env.int("REPORT_MAX_BYTES", default=10 * 1024 * 1024)
# Uploads up to the cap stay in memory, so no plaintext copy of a report is written to a temporary
# file; the report upload view also reads files through its own capped in-memory handler.
FILE_UPLOAD_MAX_MEMORY_SIZE = REPORT_MAX_BYTES
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# --- REST framework ----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First: it takes only OAuth tokens (no dots) and leaves every JWT to the next class.
        "apps.clients.authentication.ApiClientAuthentication",
        "apps.accounts.authentication.JWTAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["apps.clients.throttles.ApiClientRateThrottle"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["apps.core.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "apps.core.parsers.JSONParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "apps.core.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "apps.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "apps.core.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "login_client": env.str("THROTTLE_LOGIN_CLIENT", default="30/min"),
        "login_username": env.str("THROTTLE_LOGIN_USERNAME", default="10/min"),
        "register": env.str("THROTTLE_REGISTER", default="20/hour"),
        "password_reset_client": env.str("THROTTLE_PASSWORD_RESET_CLIENT", default="10/hour"),
        "password_reset_email": env.str("THROTTLE_PASSWORD_RESET_EMAIL", default="3/hour"),
        "password_reset_confirm": env.str("THROTTLE_PASSWORD_RESET_CONFIRM", default="30/hour"),
        # Wrong calendar feed tokens per client address (good tokens are never counted).
        "calendar_feed_miss": env.str("THROTTLE_CALENDAR_FEED_MISS", default="30/hour"),
        # Admins' people look-ups (the audit log's name typeahead), per account.
        "people_lookup": env.str("THROTTLE_PEOPLE_LOOKUP", default="60/min"),
    },
    # Trusted reverse proxies in front of the app; 0 trusts no X-Forwarded-For (apps.core.addresses).
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# --- Hostile input: every refusal is a JSON 4xx in the shared error body ----------------------
# The largest request body (413 beyond it), for JSON and multipart alike; report uploads have their
# own, larger cap (REPORT_MAX_BYTES, 413 `file_too_large`). Django's own reads stop at the same size.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BYTES
# The longest path plus query string (414 beyond it): under the request-line limits of the usual
# servers and proxies, so the client gets this JSON answer rather than theirs.
REQUEST_URL_MAX_LENGTH = env.int("REQUEST_URL_MAX_LENGTH", default=2048)
# The deepest nesting of a JSON body (400 `json_too_deep` beyond it); the API's bodies need 3.
JSON_MAX_DEPTH = env.int("JSON_MAX_DEPTH", default=32)

# --- API clients (OAuth 2.0 client credentials, docs/api-clients.md) -------------------------
# Requests per API client (DRF rate: N/s, N/min, N/hour, N/day), counted on the shared cache.
API_CLIENT_RATE = env.str("API_CLIENT_RATE", default="600/min")
OAUTH2_PROVIDER = {
    # The client credentials grant alone (RFC 6749 section 4.4): any other grant is unsupported_grant_type.
    "OAUTH2_SERVER_CLASS": "oauthlib.oauth2.BackendApplicationServer",
    # A client secret, or a signed client assertion for clients that registered keys (RFC 7523).
    "OAUTH2_VALIDATOR_CLASS": "apps.clients.assertions.ClientAssertionValidator",
    "SCOPES_BACKEND_CLASS": "apps.clients.oauth.ClientScopes",
    # Lifetime of a client's access token; clients ask for a new one (no refresh tokens in this grant).
    "ACCESS_TOKEN_EXPIRE_SECONDS": env.int("API_CLIENT_TOKEN_SECONDS", default=600),
    # Client secrets are stored as hashes (the first of PASSWORD_HASHERS), shown once at creation.
    "CLIENT_SECRET_HASHER": "default",
    # The OAuth 2.0 Security BCP (RFC 9700) throughout: tokens stored only as their SHA-256, never
    # read from a query string, and none of the grants or redirects it retires.
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}
# What a client assertion's `aud` may name besides the token endpoint's URL as this server sees it:
# the public URL when a proxy rewrites the host or scheme (comma-separated).
API_CLIENT_ASSERTION_AUDIENCES = env.list("API_CLIENT_ASSERTION_AUDIENCES", default=[])
# Named, not swapped: apps.clients.ApiClient points at it, and migrations resolve the name from here.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"

SPECTACULAR_SETTINGS = {
    "TITLE": "Patient Tracker API",
    "DESCRIPTION": (
        "Patient tracking and management for clinics. Authenticate with "
        "`Authorization: Bearer <access JWT>` from `POST /api/v1/auth/token/`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name for the webhook event types, which several serializers list.
    "ENUM_NAME_OVERRIDES": {"WebhookEventTypeEnum": "apps.webhooks.events.EVENT_TYPE_NAMES"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.core.schema.document_errors",
    ],
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=10)),
    "REFRESH_TOKEN_LIFETIME": timedelta(hours=env.int("JWT_REFRESH_HOURS", default=8)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": JWT_SIGNING_KEY,
    "AUTH_HEADER_TYPES": ("Bearer",),
}

# No session outlives this, however often its refresh token is rotated.
JWT_MAX_SESSION = timedelta(hours=env.int("JWT_MAX_SESSION_HOURS", default=24))
# A session whose refresh token has not been used for this long has ended (0: no idle limit).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
# Staff (doctors, nurses, admins) must sign in with a second factor; unenrolled staff enrol at sign-in.
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=False)
# How long the challenge between the password and the code of the authenticator stays valid.
MFA_CHALLENGE_SECONDS = env.int("MFA_CHALLENGE_SECONDS", default=300)
# The issuer shown in authenticator apps.
MFA_ISSUER = env.str("MFA_ISSUER", default="Patient Tracker")
# After this many failed sign-ins for one username, sign-in is refused for LOGIN_LOCKOUT_SECONDS.
LOGIN_LOCKOUT_THRESHOLD = env.int("LOGIN_LOCKOUT_THRESHOLD", default=5)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=900)
# `manage.py seed_demo` refuses to run where this is False (production).
DEMO_DATA_ALLOWED = True

# --- Scheduling ---------------------------------------------------------------------------------
# How patients reach the clinic, shown wherever they are told to call (GET /api/v1/clinic/).
CLINIC_NAME = env.str("CLINIC_NAME", default="Patient Tracker Clinic")
CLINIC_PHONE = env.str("CLINIC_PHONE", default="+44 20 7946 0000")
CLINIC_ADDRESS = env.str("CLINIC_ADDRESS", default="1 Example Street, London")
# A booking starts at least this many minutes from now, and at most this many days ahead.
BOOKING_MIN_NOTICE_MINUTES = env.int("BOOKING_MIN_NOTICE_MINUTES", default=60)
BOOKING_HORIZON_DAYS = env.int("BOOKING_HORIZON_DAYS", default=90)
# A patient holds at most this many upcoming booked appointments.
BOOKING_MAX_UPCOMING_PER_PATIENT = env.int("BOOKING_MAX_UPCOMING_PER_PATIENT", default=5)
# Patients cancel or reschedule up to this many hours before the start; staff at any time.
CANCELLATION_CUTOFF_HOURS = env.int("CANCELLATION_CUTOFF_HOURS", default=24)
# The doctor who completed a visit or recorded a no-show may undo it for this many minutes.
VISIT_UNDO_MINUTES = env.int("VISIT_UNDO_MINUTES", default=5)
# The longest date range one free-slots request may ask for.
SLOTS_MAX_RANGE_DAYS = env.int("SLOTS_MAX_RANGE_DAYS", default=31)

# --- FHIR R4 read API (/fhir/R4/, docs/fhir.md) ------------------------------------------------
# The base of our identifier systems: a URN (urn:patient-tracker:patient-id) or an https URI the
# clinic controls (https://clinic.example/fhir/id/patient-id).
FHIR_IDENTIFIER_BASE = env.str("FHIR_IDENTIFIER_BASE", default="urn:patient-tracker")
# Search pages: entries when `_count` is not given, and the most `_count` may ask for.
FHIR_PAGE_SIZE = env.int("FHIR_PAGE_SIZE", default=20)
FHIR_MAX_PAGE_SIZE = env.int("FHIR_MAX_PAGE_SIZE", default=100)
# The CapabilityStatement's date: when what the API supports last changed.
FHIR_CAPABILITY_DATE = "2026-12-04"
# An Idempotency-Key (on every create) is remembered this many hours; then it is forgotten (and purged daily).
IDEMPOTENCY_KEY_HOURS = env.int("IDEMPOTENCY_KEY_HOURS", default=24)

# --- Webhooks (docs/webhooks.md) ---------------------------------------------------------------
# One attempt gives up after this many seconds without a full answer.
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=5)
# Attempts per delivery, the delay after the first failure (doubled after each), and the longest delay:
# with the defaults, 12 attempts over about 24.5 hours.
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=12)
WEBHOOK_RETRY_FIRST_SECONDS = env.int("WEBHOOK_RETRY_FIRST_SECONDS", default=60)
WEBHOOK_RETRY_LONGEST_SECONDS = env.int("WEBHOOK_RETRY_LONGEST_SECONDS", default=8 * 3600)
# An endpoint is disabled after this many failed attempts in a row, and its owner told.
WEBHOOK_DISABLE_AFTER_FAILURES = env.int("WEBHOOK_DISABLE_AFTER_FAILURES", default=20)
# How often the sweep sends due retries (beat; with no broker, a thread of each serving process).
WEBHOOK_SWEEP_SECONDS = env.int("WEBHOOK_SWEEP_SECONDS", default=30)
# Endpoints must use https; plain http to a loopback address only under DEBUG or this (the test suite).
WEBHOOK_ALLOW_HTTP_LOOPBACK = False

# --- CORS: exactly the configured SPA origins, only under /api/ ---------------------------------
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"

# --- Outages: the outbox, the broker and lost connections ---------------------------------------
# Committed e-mails are handed to Celery (with no broker: sent) by a thread of each process, so no
# request waits on the broker or the SMTP server (apps.notifications.handoff).
OUTBOX_HANDOFF_THREAD = True
# How often that thread of each serving process sweeps the e-mail outbox and sends what is due.
OUTBOX_DRAIN_SECONDS = env.int("OUTBOX_DRAIN_SECONDS", default=30)
# Each SMTP step gives up after this many seconds, so a claimed e-mail never outlives its claim.
EMAIL_TIMEOUT = 30

# --- Celery ------------------------------------------------------------------------------------
# Without a broker, tasks run in-process so the embedded setup needs nothing more.
_celery_broker = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not _celery_broker
# Even eager calls take a producer from the pool: an in-memory transport keeps them off the network.
CELERY_BROKER_URL = _celery_broker or "memory://"
# A failing in-process task must not turn a request that already committed into an error.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE = {
    "send-reminders": {
        "task": "apps.scheduling.tasks.send_reminders",
        "schedule": env.int("REMINDER_INTERVAL_SECONDS", default=300),
    },
    "flush-expired-tokens": {"task": "apps.notifications.tasks.flush_expired_tokens", "schedule": 24 * 3600},
    "purge-idempotency-keys": {"task": "apps.core.tasks.purge_idempotency_keys", "schedule": 24 * 3600},
    # Webhook retries and lost hand-overs (apps.webhooks.services.delivery).
    "sweep-webhooks": {"task": "apps.webhooks.tasks.sweep_webhooks", "schedule": WEBHOOK_SWEEP_SECONDS},
}
# Links in e-mails and calendar feed URLs point here; its host names the events of the feeds (UIDs).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
EMAIL_MAX_ATTEMPTS = 7

# --- E-mail ------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# Where Django's file-based backend (django.core.mail.backends.filebased.EmailBackend) writes each
# message; the end-to-end run reads the password reset link from there.
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="") or str(VAR_DIR / "mail")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Patient Tracker <no-reply@clinic.example>")

# --- Security defaults (production tightens further) -------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Logging: one line per event, with the request id; never health data or secrets -----------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "apps.core.request_id.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's request logger would print the request path of every 4xx/5xx; our own
        # handler logs 500s with the request id instead.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
