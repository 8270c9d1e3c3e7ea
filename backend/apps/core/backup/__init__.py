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

from .archive import BackupError, BackupSummary, RestoreSummary
from .create import backup_create
from .restore import backup_check, backup_restore

__all__ = ["BackupError", "BackupSummary", "RestoreSummary", "backup_check", "backup_create", "backup_restore"]
