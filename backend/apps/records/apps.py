from collections.abc import Iterator

from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "apps.records"
    label = "records"
    verbose_name = "Clinical records"

    def ready(self) -> None:
        from apps.scheduling.services import appointment_reopen_check_register

        from . import checks  # noqa: F401  (registers the system checks)
        from .services.records import visit_documented_since

        # A visit documented after it closed can no longer be reopened; scheduling imports no records.
        appointment_reopen_check_register(visit_documented_since)

    # Backups (`manage.py backup`) take the encrypted files named here from this storage.
    encrypted_file_storage = "reports"

    def encrypted_files(self) -> Iterator[str]:
        """The stored name of every report file, deleted reports' included."""
        from .services.files import report_storage_names

        return report_storage_names()

    def rotate_encrypted_files(self) -> int:
        """Re-encrypt every stored report file under the newest key (called by `rotate_encryption_keys`)."""
        from .services.files import report_files_rotate

        return report_files_rotate()
