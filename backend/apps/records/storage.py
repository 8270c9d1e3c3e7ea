"""Where report files are kept: the `reports` storage of `settings.STORAGES`.

Two backends, chosen by `REPORTS_STORAGE`: this machine's disk under `REPORTS_DIR` (the default),
or a private S3-compatible bucket shared by every API replica (django-storages). Either way the
files are Fernet tokens under random names, and neither backend ever hands out a URL: a report
reaches a person only through the authorised, audited download endpoint.
"""

import os
from typing import Any

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as S3ConnectionError
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.utils.functional import cached_property
from storages.backends.s3 import S3Storage

REPORTS = "reports"

# What a storage raises when it cannot read or write: the disk's errors, and the S3 client's.
STORAGE_ERRORS: tuple[type[Exception], ...] = (OSError, BotoCoreError, ClientError)

# How long one S3 request may take before the storage counts as down: short enough that an
# outage answers 503 while the client still waits, not after a proxy's timeout.
S3_CONNECT_TIMEOUT = 3
S3_READ_TIMEOUT = 20
S3_ATTEMPTS = 2


def storage_unreachable(exc: BaseException) -> bool:
    """The storage could not be reached or failed on its side (an outage), as opposed to a missing file."""
    if isinstance(exc, S3ConnectionError | HTTPClientError):
        return True
    if isinstance(exc, ClientError):
        return int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0) >= 500
    return False


NO_URL = "Report files have no URL: the API streams them, audited, to those who may read them."


def report_storage() -> Storage:
    return storages[REPORTS]


class LocalReportStorage(FileSystemStorage):
    """Report files on this machine's disk: in REPORTS_DIR (unless given a location), owner-only, flushed."""

    def __init__(self, location: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(location=location, **kwargs)
        self._given_location = location
        setting_changed.connect(self._follow_reports_dir)

    @cached_property
    def base_location(self) -> str:
        # Read when first used, and again after REPORTS_DIR changes (tests, the system check).
        return str(self._given_location or settings.REPORTS_DIR)

    def _follow_reports_dir(self, *, setting: str, **kwargs: Any) -> None:
        if setting == "REPORTS_DIR":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        name = super().save(name, content, max_length=max_length)
        # The row that names this file commits right after: its bytes must be on the disk first.
        descriptor = os.open(self.path(name), os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        return name

    def url(self, name: str | None) -> str:
        raise NotImplementedError(NO_URL)


class S3ReportStorage(S3Storage):
    """Report files as private objects of an S3-compatible bucket; an existing object is never overwritten."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("default_acl", "private")
        options.setdefault("file_overwrite", False)
        options.setdefault(
            "client_config",
            Config(
                s3={"addressing_style": options.get("addressing_style")},
                connect_timeout=S3_CONNECT_TIMEOUT,
                read_timeout=S3_READ_TIMEOUT,
                retries={"mode": "standard", "max_attempts": S3_ATTEMPTS},
            ),
        )
        super().__init__(**options)

    def url(self, name: str, parameters: Any = None, expire: Any = None, http_method: Any = None) -> str:
        raise NotImplementedError(NO_URL)
