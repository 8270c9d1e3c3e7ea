"""Backups: the database and every encrypted file, together in one tar archive with a manifest.

An archive holds, as they are stored:

- `database.dump`: `pg_dump --format=custom` of the whole database (encrypted fields stay Fernet tokens);
- `files/<storage>/<name>`: every file that an app keeps encrypted (report files), still encrypted;
- `manifest.json`, last: the SHA-256 and size of each of them, and the row count of every table.

The database is dumped from one exported snapshot, and the list of files and the row counts are
read in that same snapshot, so the archive holds exactly the files its rows refer to. Nothing
here decrypts anything on the way in, and the keys (FIELD_ENCRYPTION_KEYS) are never in an
archive: a restore needs them from the environment, and checks that they open every file and
every encrypted value before it reports success.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess  # nosec B404
import tarfile
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .fields import DecryptionError, decrypt_bytes, encrypted_fields

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


# --- Shared ---------------------------------------------------------------------------------------


def _file_sources() -> list[tuple[str, Any]]:
    """(storage alias, app config) of every app that keeps encrypted files (`encrypted_file_storage`)."""
    return [
        (alias, config)
        for config in apps.get_app_configs()
        if (alias := getattr(config, "encrypted_file_storage", None))
    ]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backups need PostgreSQL (pg_dump and pg_restore). With the embedded SQLite file, stop the "
            "app and copy VAR_DIR instead."
        )


def _client_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} was not found: install PostgreSQL's client tools (postgresql-client).")
    return path


def _connection_args() -> tuple[list[str], dict[str, str]]:
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


def _run(argv: list[str], env: dict[str, str]) -> None:
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


# --- Backup ---------------------------------------------------------------------------------------


def _tar_add(tar: tarfile.TarFile, name: str, data: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(time.time())
    tar.addfile(info, data)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def backup_create(*, output: IO[bytes]) -> BackupSummary:
    """Write an archive of the database and of every encrypted file to `output` (a file opened for writing)."""
    _require_postgresql()
    if connection.in_atomic_block:
        raise BackupError("A backup takes a snapshot of its own; it cannot run inside a transaction.")
    pg_dump = _client_tool("pg_dump")
    args, env = _connection_args()
    summary = BackupSummary()
    with tempfile.TemporaryDirectory(prefix="pt-backup-") as workdir:
        dump = Path(workdir) / DATABASE_MEMBER
        with transaction.atomic():
            with connection.cursor() as cursor:
                # No ORM for these: pg_dump reads the very snapshot this transaction sees, so the
                # rows it dumps, the counts and the file names below all describe one moment.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                (snapshot,) = cursor.fetchone()
            _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dump}", *args], env)
            rows = table_rows()
            wanted = [(alias, list(config.encrypted_files())) for alias, config in _file_sources()]

        manifest: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "database": {
                "member": DATABASE_MEMBER,
                "sha256": _file_sha256(dump),
                "size": dump.stat().st_size,
                "rows": rows,
            },
            "files": [],
            "missing": [],
        }
        with tarfile.open(fileobj=output, mode="w|") as tar:
            with dump.open("rb") as data:
                _tar_add(tar, DATABASE_MEMBER, data, dump.stat().st_size)
            for alias, names in wanted:
                storage = storages[alias]
                for name in names:
                    try:
                        with storage.open(name, "rb") as stored:
                            content = stored.read()
                    except FileNotFoundError:
                        manifest["missing"].append({"storage": alias, "name": name})
                        continue
                    member = f"files/{alias}/{name}"
                    _tar_add(tar, member, BytesIO(content), len(content))
                    entry = {"member": member, "storage": alias, "name": name}
                    manifest["files"].append(entry | {"sha256": _sha256(content), "size": len(content)})
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            _tar_add(tar, MANIFEST, BytesIO(body), len(body))
    summary.tables = len(rows)
    summary.rows = sum(rows.values())
    summary.files = len(manifest["files"])
    summary.missing = [f"{entry['storage']}/{entry['name']}" for entry in manifest["missing"]]
    return summary


# --- Restore --------------------------------------------------------------------------------------


def _read_member(tar: tarfile.TarFile, name: str) -> bytes:
    try:
        member = tar.getmember(name)
    except KeyError as exc:
        raise BackupError(f"The archive has no {name}.") from exc
    if not member.isfile():
        raise BackupError(f"{name} in the archive is not a file.")
    data = tar.extractfile(member)
    if data is None:
        raise BackupError(f"{name} in the archive cannot be read.")
    return data.read()


def _manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    not_ours = "The manifest of the archive is not one that `manage.py backup` writes."
    try:
        manifest = json.loads(_read_member(tar, MANIFEST))
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise BackupError(f"Not a {FORMAT} archive of version {VERSION}.")
        if not {"sha256", "rows"} <= manifest["database"].keys():
            raise BackupError(not_ours)
        aliases = {alias for alias, _ in _file_sources()}
        for entry in manifest["files"]:
            if not {"member", "storage", "name", "sha256", "size"} <= entry.keys():
                raise BackupError(not_ours)
            if entry["storage"] not in aliases or not SAFE_NAME.match(entry["name"]):
                raise BackupError("The manifest names a file outside the storages of encrypted files.")
            if entry["member"] != f"files/{entry['storage']}/{entry['name']}":
                raise BackupError("The manifest names a file under an unexpected path.")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BackupError(not_ours) from exc
    return manifest


def _member_sha256(tar: tarfile.TarFile, name: str) -> str:
    member = tar.extractfile(name) if name in tar.getnames() else None
    if member is None:
        raise BackupError(f"The archive has no {name}.")
    digest = hashlib.sha256()
    while chunk := member.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _checked_files(tar: tarfile.TarFile, manifest: dict[str, Any]) -> Iterator[tuple[dict[str, Any], bytes]]:
    for entry in manifest["files"]:
        content = _read_member(tar, entry["member"])
        if _sha256(content) != entry["sha256"] or len(content) != entry["size"]:
            raise BackupError(f"{entry['member']} does not match its SHA-256 in the manifest.")
        yield entry, content


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def backup_check(*, archive: Path) -> int:
    """Check an archive without restoring it: every member against the manifest, every file against the keys.

    Returns the number of files checked.
    """
    with tarfile.open(archive, mode="r:") as tar:
        manifest = _manifest(tar)
        if _member_sha256(tar, DATABASE_MEMBER) != manifest["database"]["sha256"]:
            raise BackupError("The database dump does not match its SHA-256 in the manifest.")
        checked = 0
        for entry, content in _checked_files(tar, manifest):
            try:
                decrypt_bytes(content)
            except DecryptionError as exc:
                raise BackupError(
                    f"{entry['member']} cannot be decrypted with FIELD_ENCRYPTION_KEYS: {KEYS_NEEDED}"
                ) from exc
            checked += 1
        return checked


def _write_files(tar: tarfile.TarFile, manifest: dict[str, Any], summary: RestoreSummary) -> None:
    for entry, content in _checked_files(tar, manifest):
        storage: Storage = storages[entry["storage"]]
        if storage.exists(entry["name"]):
            with storage.open(entry["name"], "rb") as present:
                if _sha256(present.read()) != entry["sha256"]:
                    raise BackupError(f"{entry['member']}: the storage already holds a different file of that name.")
            summary.files_present += 1
            continue
        if storage.save(entry["name"], ContentFile(content)) != entry["name"]:
            raise BackupError(f"{entry['member']}: the storage did not keep the name of the file.")
        summary.files_written += 1


def _restore_database(tar: tarfile.TarFile) -> None:
    pg_restore = _client_tool("pg_restore")
    args, env = _connection_args()
    with tempfile.TemporaryDirectory(prefix="pt-restore-") as workdir:
        dump = Path(workdir) / DATABASE_MEMBER
        member = tar.extractfile(DATABASE_MEMBER)
        if member is None:
            raise BackupError(f"{DATABASE_MEMBER} in the archive cannot be read.")
        with dump.open("wb") as out:
            shutil.copyfileobj(member, out, CHUNK)
        # No owner or grants of the source, and no comments (those on extensions need a superuser):
        # the restored objects belong to the role restoring them. All or nothing.
        _run(
            [pg_restore, "--no-owner", "--no-privileges", "--no-comments", "--single-transaction", *args, str(dump)],
            env,
        )


def _verify_restore(manifest: dict[str, Any], summary: RestoreSummary) -> None:
    expected = manifest["database"]["rows"]
    counted = table_rows()
    if counted != expected:
        differing = sorted(name for name in expected.keys() | counted.keys() if expected.get(name) != counted.get(name))
        raise BackupError(f"Row counts differ from the backup's in: {', '.join(differing)}.")
    summary.tables = len(counted)
    summary.rows = sum(counted.values())
    for model in apps.get_models():
        names = [f.name for f in encrypted_fields(model)]
        if not names:
            continue
        try:
            for values in model._base_manager.values_list(*names).iterator(chunk_size=500):
                summary.values_decrypted += sum(value not in (None, "") for value in values)
        except DecryptionError as exc:
            raise BackupError(
                f"{model._meta.label} holds values FIELD_ENCRYPTION_KEYS cannot decrypt: {KEYS_NEEDED}"
            ) from exc
    for entry in manifest["files"]:
        with storages[entry["storage"]].open(entry["name"], "rb") as stored:
            if _sha256(stored.read()) != entry["sha256"]:
                raise BackupError(f"{entry['member']} differs from the archive once stored.")


def backup_restore(*, archive: Path) -> RestoreSummary:
    """Restore an archive into the configured (new, empty) database and file storages, and verify the result."""
    _require_postgresql()
    backup_check(archive=archive)
    if not _database_is_empty():
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} already has tables: restore into a new, empty database."
        )
    summary = RestoreSummary()
    with tarfile.open(archive, mode="r:") as tar:
        manifest = _manifest(tar)
        _write_files(tar, manifest, summary)
        _restore_database(tar)
    _verify_restore(manifest, summary)
    return summary
