"""Report files on disk: checked by content and name, encrypted, stored under random names.

Files live in `settings.REPORTS_DIR` (outside every served path; a system check refuses a
configuration that puts them under one). The name on disk is random and says nothing; the
content is a Fernet token under the newest key of FIELD_ENCRYPTION_KEYS.
"""

import hashlib
import logging
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import InvalidToken
from django.conf import settings

from apps.core.errors import ApplicationError, PayloadTooLargeError, UnsupportedMediaTypeError
from apps.core.fields import DecryptionError, crypter, decrypt_bytes, encrypt_bytes

from .. import errors
from ..models import MedicalReport

logger = logging.getLogger(__name__)

# What each accepted kind of file starts with, and the names it may carry.
SIGNATURES = {
    "application/pdf": b"%PDF-",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
}
EXTENSIONS = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
STORAGE_NAME = re.compile(r"^[0-9a-f]{64}$")
MAX_FILENAME = 150


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    size: int
    sha256: str


def filename_sanitise(name: str) -> str:
    """A safe display name: no folders, no control or shell characters, no leading dot, bounded length."""
    # Accents fold to their letters (é -> e); anything else outside a small safe set becomes "_".
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    base = folded.replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[^A-Za-z0-9._ -]", "_", base)
    base = re.sub(r"\s+", " ", base).strip(" .")
    stem, extension = os.path.splitext(base)
    extension = extension.lower()[:10]
    stem = stem.strip(" .")[: MAX_FILENAME - len(extension)] or "report"
    return f"{stem}{extension}"


def file_check(*, name: str, data: bytes) -> CheckedFile:
    """Accept a PDF, PNG or JPEG whose content and extension agree, within the size cap."""
    if len(data) > settings.REPORT_MAX_BYTES:
        raise PayloadTooLargeError(
            code=errors.FILE_TOO_LARGE,
            message=f"The file is larger than the limit of {settings.REPORT_MAX_BYTES} bytes.",
        )
    if not data:
        raise ApplicationError(code=errors.EMPTY_FILE, message="The file is empty.", fields={"file": ["Empty file."]})
    filename = filename_sanitise(name)
    claimed = EXTENSIONS.get(os.path.splitext(filename)[1])
    if claimed is None or not data.startswith(SIGNATURES[claimed]):
        raise UnsupportedMediaTypeError(
            code=errors.UNSUPPORTED_FILE_TYPE,
            message="Upload a PDF, PNG or JPEG file whose name ends in .pdf, .png, .jpg or .jpeg.",
        )
    return CheckedFile(filename=filename, content_type=claimed, size=len(data), sha256=sha256_of(data))


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def reports_dir() -> Path:
    folder = Path(settings.REPORTS_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _path(storage_name: str) -> Path:
    # Names come from our own rows, but a path is only ever built from the exact random form.
    if not STORAGE_NAME.match(storage_name):
        raise ValueError("Not a report storage name.")
    return reports_dir() / storage_name


def _write_new(path: Path, token: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(token)
        file.flush()
        os.fsync(file.fileno())


def stored_file_write(data: bytes) -> str:
    """Encrypt `data` and write it under a new random name; returns that name."""
    storage_name = secrets.token_hex(32)
    path = _path(storage_name)
    try:
        _write_new(path, encrypt_bytes(data))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return storage_name


def stored_file_read(storage_name: str) -> bytes:
    """The decrypted content; `OSError` or `DecryptionError` when the file is missing or unreadable."""
    return decrypt_bytes(_path(storage_name).read_bytes())


def stored_file_remove(storage_name: str) -> None:
    _path(storage_name).unlink(missing_ok=True)


def report_files_rotate() -> int:
    """Re-encrypt every stored report file (deleted reports' too) under the newest key; returns the count."""
    rotated = 0
    for report_id, storage_name in MedicalReport.objects.order_by("pk").values_list("pk", "storage_name"):
        path = _path(storage_name)
        try:
            token = path.read_bytes()
        except FileNotFoundError:
            logger.error("Report %s has no stored file; skipped by key rotation.", report_id)
            continue
        try:
            fresh = crypter().rotate(token)
        except InvalidToken as exc:
            # A file that no key opens must stop the rotation loudly, not pass silently.
            raise DecryptionError(f"The file of report {report_id} cannot be decrypted with any key.") from exc
        temporary = path.with_name(f"{storage_name}.rotating")
        temporary.unlink(missing_ok=True)
        _write_new(temporary, fresh)
        # Atomic on POSIX: a reader sees the old token or the new one, never half a file.
        os.replace(temporary, path)
        rotated += 1
    return rotated
