"""Settings for `./run.sh` and development: read the git-ignored `.env` at the repository root."""

from pathlib import Path

import environ

_REPO_DIR = Path(__file__).resolve().parent.parent.parent.parent
environ.Env.read_env(_REPO_DIR / ".env")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR, env  # noqa: E402

# `./run.sh` writes random secrets to `.env` on first start; these fallbacks only keep
# `manage.py` usable before that, and are refused by production settings.
SECRET_KEY = SECRET_KEY or "local-development-only-secret-key-not-for-production"  # noqa: F405
JWT_SIGNING_KEY = JWT_SIGNING_KEY or "local-development-only-jwt-signing-key"  # noqa: F405
SIMPLE_JWT["SIGNING_KEY"] = JWT_SIGNING_KEY  # noqa: F405
if not FIELD_ENCRYPTION_KEY:  # noqa: F405
    # A fixed development key: data written with it is only ever demo data.
    FIELD_ENCRYPTION_KEY = ["bG9jYWwtZGV2ZWxvcG1lbnQtb25seS1rZXktMzJieXQ="]

VAR_DIR.mkdir(parents=True, exist_ok=True)
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=["http://127.0.0.1:5173", "http://localhost:5173"])
