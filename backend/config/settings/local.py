"""Settings for `./run.sh` and development: read the git-ignored `.env` at the repository root."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

_REPO_DIR = Path(__file__).resolve().parent.parent.parent.parent
environ.Env.read_env(_REPO_DIR / ".env")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR, env  # noqa: E402

# No fallback keys: data written under a made-up key would be unreadable once the real one is set.
# `./run.sh` and `make dev` write random secrets to `.env` on first start (scripts/ensure_env.py).
_missing = [
    name
    for name, value in (
        ("SECRET_KEY", SECRET_KEY),  # noqa: F405
        ("JWT_SIGNING_KEY", JWT_SIGNING_KEY),  # noqa: F405
        ("FIELD_ENCRYPTION_KEYS", FIELD_ENCRYPTION_KEY),  # noqa: F405
    )
    if not value
]
if _missing:
    raise ImproperlyConfigured(
        f"Set {', '.join(_missing)} in .env or the environment. ./run.sh and `make dev` write fresh ones "
        "on first start (or run `.venv/bin/python scripts/ensure_env.py .env`); README.md, 'Configuration'."
    )

VAR_DIR.mkdir(parents=True, exist_ok=True)
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=["http://127.0.0.1:5173", "http://localhost:5173"])
