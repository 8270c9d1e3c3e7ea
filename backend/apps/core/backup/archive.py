"""What backing up and restoring share: the archive's format, its errors and summaries, PostgreSQL's client tools."""

import hashlib
import os
import re
import shutil
import subprocess  # nosec B404
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "patient-tracker-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = "database.dump"
# Stored names are the apps' own random names; anything else in a manifest is refused.
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$")
CHUNK = 1024 * 1024
KEYS_NEEDED = "a restore needs the keys that were in force when the backup was taken."


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why, with no health data in it."""


@dataclass
class BackupSummary:
    tables: int = 0
    rows: int = 0
    files: int = 0
    missing: list[str] = field(default_factory=list)


@dataclass
class RestoreSummary:
    tables: int = 0
    rows: int = 0
    files_written: int = 0
    files_present: int = 0
    values_decrypted: int = 0


def file_sources() -> list[tuple[str, Any]]:
    """(storage alias, app config) of every app that keeps encrypted files (`encrypted_file_storage`)."""
    return [
        (alias, config)
        for config in apps.get_app_configs()
        if (alias := getattr(config, "encrypted_file_storage", None))
    ]


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backups need PostgreSQL (pg_dump and pg_restore). With the embedded SQLite file, stop the "
            "app and copy VAR_DIR instead."
        )


def client_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} was not found: install PostgreSQL's client tools (postgresql-client).")
    return path


def connection_args() -> tuple[list[str], dict[str, str]]:
    """libpq options for the default database; the password travels in the environment, never in argv."""
    db = connection.settings_dict
    args = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        args.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        args.append(f"--port={db['PORT']}")
    if db.get("USER"):
        args.append(f"--username={db['USER']}")
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def run_tool(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603 # nosec B603
    if result.returncode != 0:
        # The tools' messages name tables and settings, never row contents.
        raise BackupError(f"{Path(argv[0]).name} failed: {result.stderr.strip()[-2000:]}")


def table_rows() -> dict[str, int]:
    """Rows of every table of the project's models (their many-to-many tables too) and of django_migrations."""
    counts = {
        model._meta.db_table: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    counts[MigrationRecorder.Migration._meta.db_table] = MigrationRecorder(connection).migration_qs.count()
    return dict(sorted(counts.items()))
