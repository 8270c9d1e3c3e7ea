"""Where the bench runs: its own database, its own Redis database, secrets made for the run."""

import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from cryptography.fernet import Fernet

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
BACKEND_DIR = REPO_DIR / "backend"
VAR_DIR = REPO_DIR / "var" / "bench"
RESULTS_DIR = BENCH_DIR / "results"
# The bench-only settings and URLs (the ceiling), importable beside the backend's `config`.
DJANGO_DIR = BENCH_DIR / "django"


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def maintenance_url(url: str) -> str:
    """The same server, database `postgres`: where a database is created and dropped."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, parts.fragment))


def conninfo(url: str) -> str:
    # psycopg takes postgresql:// URIs; Django's URLs often say postgres://.
    return url.replace("postgres://", "postgresql://", 1) if url.startswith("postgres://") else url


def recreate_database(url: str) -> None:
    name = database_name(url)
    if not name.replace("_", "").isalnum() or not name.startswith("pt_bench"):
        raise SystemExit(f"Refusing to drop {name!r}: bench databases are named pt_bench*.")
    with psycopg.connect(conninfo(maintenance_url(url)), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]


def drop_database(url: str) -> None:
    name = database_name(url)
    if name.startswith("pt_bench"):
        with psycopg.connect(conninfo(maintenance_url(url)), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def stored_meta(url: str) -> dict[str, Any] | None:
    """What the existing bench database holds (sizes, when), or None if there is none to reuse."""
    try:
        with psycopg.connect(conninfo(url)) as conn:
            row = conn.execute("SELECT value FROM bench_meta WHERE key = 'dataset'").fetchone()
    except psycopg.Error:
        return None
    return json.loads(row[0]) if row else None


def store_meta(url: str, meta: dict[str, Any]) -> None:
    with psycopg.connect(conninfo(url)) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL)")
        conn.execute(
            "INSERT INTO bench_meta VALUES ('dataset', %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [json.dumps(meta)],
        )


def _key_file(url: str) -> Path:
    return VAR_DIR / f"{database_name(url)}.fernet"


def field_key(url: str, fresh: bool) -> str:
    """The data set's Fernet key: new when the data is generated, else the one it was encrypted with."""
    path = _key_file(url)
    if not fresh and path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key().decode()
    path.touch(mode=0o600)
    path.write_text(key)
    return key


def has_field_key(url: str) -> bool:
    return _key_file(url).exists()


def run_env(*, database_url: str, redis_url: str, key: str) -> dict[str, str]:
    """Production settings (bench_settings adds only the ceiling URL) with secrets made for this run."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": str(DJANGO_DIR),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "JWT_SIGNING_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": key,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": "pt-bench",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        # A bench client sends far more than an integration's quota: measure the work, not the 429s.
        "API_CLIENT_RATE": "10000000/min",
    }


def use_backend(path: Path) -> None:
    """Benchmark another copy of the backend (e.g. a `git worktree` of an earlier commit)."""
    global BACKEND_DIR
    BACKEND_DIR = path.resolve()
    if not (BACKEND_DIR / "manage.py").exists():
        raise SystemExit(f"{BACKEND_DIR} is not a backend directory (no manage.py).")


def configure_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    for folder in (DJANGO_DIR, BACKEND_DIR):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    import django

    django.setup()
