"""Checking an archive and restoring it into a new, empty database, then verifying the result."""

import hashlib
import json
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import connection

from ..fields import DecryptionError, decrypt_bytes, encrypted_fields
from .archive import (
    CHUNK,
    DATABASE_MEMBER,
    FORMAT,
    KEYS_NEEDED,
    MANIFEST,
    SAFE_NAME,
    VERSION,
    BackupError,
    RestoreSummary,
    client_tool,
    connection_args,
    file_sources,
    require_postgresql,
    run_tool,
    sha256_of,
    table_rows,
)


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
        aliases = {alias for alias, _ in file_sources()}
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
        if sha256_of(content) != entry["sha256"] or len(content) != entry["size"]:
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
                if sha256_of(present.read()) != entry["sha256"]:
                    raise BackupError(f"{entry['member']}: the storage already holds a different file of that name.")
            summary.files_present += 1
            continue
        if storage.save(entry["name"], ContentFile(content)) != entry["name"]:
            raise BackupError(f"{entry['member']}: the storage did not keep the name of the file.")
        summary.files_written += 1


def _restore_database(tar: tarfile.TarFile) -> None:
    pg_restore = client_tool("pg_restore")
    args, env = connection_args()
    with tempfile.TemporaryDirectory(prefix="pt-restore-") as workdir:
        dump = Path(workdir) / DATABASE_MEMBER
        member = tar.extractfile(DATABASE_MEMBER)
        if member is None:
            raise BackupError(f"{DATABASE_MEMBER} in the archive cannot be read.")
        with dump.open("wb") as out:
            shutil.copyfileobj(member, out, CHUNK)
        # No owner or grants of the source, and no comments (those on extensions need a superuser):
        # the restored objects belong to the role restoring them. All or nothing.
        run_tool(
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
            if sha256_of(stored.read()) != entry["sha256"]:
                raise BackupError(f"{entry['member']} differs from the archive once stored.")


def backup_restore(*, archive: Path) -> RestoreSummary:
    """Restore an archive into the configured (new, empty) database and file storages, and verify the result."""
    require_postgresql()
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
