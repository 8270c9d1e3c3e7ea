"""Taking a backup: one snapshot of the database, the encrypted files its rows name, and the manifest."""

import hashlib
import json
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from django.core.files.storage import storages
from django.db import connection, transaction
from django.utils import timezone

from .archive import (
    CHUNK,
    DATABASE_MEMBER,
    FORMAT,
    MANIFEST,
    VERSION,
    BackupError,
    BackupSummary,
    client_tool,
    connection_args,
    file_sources,
    require_postgresql,
    run_tool,
    sha256_of,
    table_rows,
)


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
    require_postgresql()
    if connection.in_atomic_block:
        raise BackupError("A backup takes a snapshot of its own; it cannot run inside a transaction.")
    pg_dump = client_tool("pg_dump")
    args, env = connection_args()
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
            run_tool([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dump}", *args], env)
            rows = table_rows()
            wanted = [(alias, list(config.encrypted_files())) for alias, config in file_sources()]

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
                    manifest["files"].append(entry | {"sha256": sha256_of(content), "size": len(content)})
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            _tar_add(tar, MANIFEST, BytesIO(body), len(body))
    summary.tables = len(rows)
    summary.rows = sum(rows.values())
    summary.files = len(manifest["files"])
    summary.missing = [f"{entry['storage']}/{entry['name']}" for entry in manifest["missing"]]
    return summary
