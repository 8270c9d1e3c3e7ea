"""`manage.py restore ARCHIVE`: an archive of `manage.py backup` into the configured database and storages."""

import shutil
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.backup import BackupError, backup_check, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into the database of DATABASE_URL (new and empty) and the configured report "
        "storage, then verify it: row counts, every encrypted value and every file. FIELD_ENCRYPTION_KEYS must "
        "hold the keys of the backup. ARCHIVE '-' reads standard input (from a decrypting tool). --check only "
        "verifies the archive against its manifest and the keys."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of an archive written by `manage.py backup`, or '-'")
        parser.add_argument("--check", action="store_true", help="verify the archive and the keys; restore nothing")

    def handle(self, *args, archive: str, check: bool, **options):
        if archive != "-":
            self._from_file(Path(archive), check=check)
            return
        # The archive is read more than once: keep standard input in a private temporary file.
        with tempfile.TemporaryDirectory(prefix="pt-restore-") as workdir:
            spooled = Path(workdir) / "archive.tar"
            with spooled.open("wb") as out:
                shutil.copyfileobj(sys.stdin.buffer, out, 1024 * 1024)
            self._from_file(spooled, check=check)

    def _from_file(self, path: Path, *, check: bool) -> None:
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            if check:
                files = backup_check(archive=path)
                self.stdout.write(self.style.SUCCESS(f"The archive is intact; its {files} file(s) open with the keys."))
                return
            summary = backup_restore(archive=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Database: {summary.tables} tables, {summary.rows} rows, as counted at the backup; "
            f"{summary.values_decrypted} encrypted values decrypted."
        )
        self.stdout.write(
            f"Files: {summary.files_written} written, {summary.files_present} already there; each matches its SHA-256."
        )
        self.stdout.write(self.style.SUCCESS("Restore complete."))
