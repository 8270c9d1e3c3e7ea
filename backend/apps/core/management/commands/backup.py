"""`manage.py backup ARCHIVE`: the database and every encrypted file in one tar archive (see apps.core.backup)."""

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump, custom format) and every encrypted report file, with a manifest of "
        "their SHA-256, to one tar archive. ARCHIVE '-' writes to standard output (to pipe into an encrypting tool)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the archive to write (it must not exist yet), or '-'")

    def handle(self, *args, archive: str, **options):
        try:
            if archive == "-":
                summary = backup_create(output=sys.stdout.buffer)
                report = self.stderr
            else:
                summary = self._to_file(Path(archive))
                report = self.stdout
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        report.write(f"Database: {summary.tables} tables, {summary.rows} rows. Files: {summary.files}.")
        if summary.missing:
            # The archive is written, but it cannot bring back what was already lost: say so loudly.
            raise CommandError(
                f"{len(summary.missing)} file(s) named by the database were missing from storage and are not "
                f"in the archive: {', '.join(summary.missing)}"
            )
        if archive != "-":
            self.stdout.write(self.style.SUCCESS(f"Backup written to {archive}."))

    def _to_file(self, path: Path):
        if path.exists():
            raise CommandError(f"{path} exists already; choose a new name.")
        partial = path.with_name(f".{path.name}.partial")
        # Owner-only from the first byte; put in place only once complete, never over another file.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as output:
                summary = backup_create(output=output)
                output.flush()
                os.fsync(output.fileno())
            try:
                os.link(partial, path)
            except FileExistsError as exc:
                raise CommandError(f"{path} exists already; choose a new name.") from exc
        finally:
            partial.unlink(missing_ok=True)
        return summary
