"""scripts/ensure_env.py (run by ./run.sh and `make dev`) never writes a new key over existing data."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.db import connection

REPO_DIR = Path(__file__).resolve().parents[2]
SCRIPT = REPO_DIR / "scripts" / "ensure_env.py"
SECRETS = ("SECRET_KEY", "JWT_SIGNING_KEY", "FIELD_ENCRYPTION_KEYS")
KEY = Fernet.generate_key().decode()


def ensure_env(env_file: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The script as run.sh runs it, with only `env` (and nothing of this test run) configuring it."""
    base_env = {k: v for k, v in os.environ.items() if k not in (*SECRETS, "DATABASE_URL", "VAR_DIR")}
    return subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, str(SCRIPT), str(env_file)],
        env={**base_env, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def values(env_file: Path) -> dict[str, str]:
    lines = env_file.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def migrated_sqlite(var_dir: Path) -> Path:
    """A data set as `manage.py migrate` leaves it (the script looks for Django's migration table)."""
    var_dir.mkdir(exist_ok=True)
    path = var_dir / "db.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE django_migrations (id integer primary key, app text, name text)")
    return path


def test_a_fresh_machine_gets_every_secret_and_a_working_key(tmp_path):
    env_file = tmp_path / ".env"
    result = ensure_env(env_file, VAR_DIR=str(tmp_path / "var"))
    assert result.returncode == 0, result.stderr
    written = values(env_file)
    assert set(written) == set(SECRETS)
    Fernet(written["FIELD_ENCRYPTION_KEYS"])
    assert oct(env_file.stat().st_mode & 0o777) == "0o600"


def test_a_missing_key_over_an_existing_sqlite_data_set_is_refused_with_what_to_do(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("SECRET_KEY=kept\nJWT_SIGNING_KEY=kept-too\nFIELD_ENCRYPTION_KEYS=\n")
    database = migrated_sqlite(tmp_path / "var")
    before = env_file.read_text()
    result = ensure_env(env_file, VAR_DIR=str(tmp_path / "var"))
    assert result.returncode != 0
    assert str(database) in result.stderr
    assert "put that key back" in result.stderr
    assert f"move the folder {database.parent} aside" in result.stderr
    assert env_file.read_text() == before


def test_other_secrets_are_still_added_beside_the_existing_key(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(f"FIELD_ENCRYPTION_KEYS={KEY}\n")
    migrated_sqlite(tmp_path / "var")
    result = ensure_env(env_file, VAR_DIR=str(tmp_path / "var"))
    assert result.returncode == 0, result.stderr
    written = values(env_file)
    assert written["FIELD_ENCRYPTION_KEYS"] == KEY
    assert len(written["SECRET_KEY"]) > 40
    assert len(written["JWT_SIGNING_KEY"]) > 40


def test_a_key_set_in_the_environment_counts_as_present(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("SECRET_KEY=a\nJWT_SIGNING_KEY=b\n")
    migrated_sqlite(tmp_path / "var")
    result = ensure_env(env_file, VAR_DIR=str(tmp_path / "var"), FIELD_ENCRYPTION_KEYS=KEY)
    assert result.returncode == 0, result.stderr
    assert "FIELD_ENCRYPTION_KEYS" not in values(env_file)


def _url(name: str, port: int | None = None) -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{port or db['PORT'] or 5432}/{name}"


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_missing_key_over_a_migrated_postgresql_database_is_refused(tmp_path):
    env_file = tmp_path / ".env"
    result = ensure_env(env_file, DATABASE_URL=_url(connection.settings_dict["NAME"]))
    assert result.returncode != 0
    assert "put that key back" in result.stderr
    assert not env_file.exists()


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_postgresql_database_that_does_not_exist_yet_gets_a_new_key(tmp_path):
    env_file = tmp_path / ".env"
    result = ensure_env(env_file, DATABASE_URL=_url("pt_ensure_env_never_created"))
    assert result.returncode == 0, result.stderr
    Fernet(values(env_file)["FIELD_ENCRYPTION_KEYS"])


def test_a_database_that_does_not_answer_gets_no_new_key(tmp_path):
    env_file = tmp_path / ".env"
    # Port 9 (discard) on loopback: nothing listens there.
    result = ensure_env(env_file, DATABASE_URL="postgres://postgres@127.0.0.1:9/clinic")
    assert result.returncode != 0
    assert "did not answer" in result.stderr
    assert not env_file.exists()
