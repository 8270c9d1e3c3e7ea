"""Report files: checked by content and name, encrypted, stored under random names.

Files go through the `reports` storage (`apps.records.storage`: a private folder or a private
bucket). The stored name is random and says nothing; the content is a Fernet token under the
newest key of FIELD_ENCRYPTION_KEYS.
"""

import hashlib
import logging
import os
import re
import secrets
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.files.base import ContentFile

from apps.core.errors import ApplicationError, PayloadTooLargeError, UnsupportedMediaTypeError
from apps.core.fields import DecryptionError, crypter, decrypt_bytes, encrypt_bytes

from .. import errors
from ..models import MedicalReport
from ..storage import STORAGE_ERRORS, report_storage

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


def _checked(storage_name: str) -> str:
    # Names come from our own rows, but a storage is only ever asked for the exact random form.
    if not STORAGE_NAME.match(storage_name):
        raise ValueError("Not a report storage name.")
    return storage_name


def _save_new(token: bytes) -> str:
    """Store an encrypted token under a new random name; returns that name."""
    storage = report_storage()
    storage_name = secrets.token_hex(32)
    try:
        saved = storage.save(storage_name, ContentFile(token))
    except BaseException:
        stored_file_discard(storage_name)
        raise
    if saved != storage_name:
        # A storage that renamed the file would leave the row pointing at nothing.
        storage.delete(saved)
        raise RuntimeError("The reports storage did not keep the random name of a new file.")
    return storage_name


def stored_file_write(data: bytes) -> str:
    """Encrypt `data` and store it under a new random name; returns that name."""
    return _save_new(encrypt_bytes(data))


def stored_token_read(storage_name: str) -> bytes:
    """The stored (encrypted) bytes; `FileNotFoundError` when missing, one of `STORAGE_ERRORS` when unreadable."""
    with report_storage().open(_checked(storage_name), "rb") as file:
        return file.read()


def stored_file_read(storage_name: str) -> bytes:
    """The decrypted content; one of `STORAGE_ERRORS` or `DecryptionError` when missing or unreadable."""
    return decrypt_bytes(stored_token_read(storage_name))


def stored_file_remove(storage_name: str) -> None:
    report_storage().delete(_checked(storage_name))


def stored_file_discard(storage_name: str) -> None:
    """Remove a file nothing refers to, as a clean-up that must not hide the error that caused it."""
    try:
        stored_file_remove(storage_name)
    except STORAGE_ERRORS:
        # The random name says nothing about the patient; it lets the clinic find the stray file.
        logger.warning("Could not remove the unreferenced report file %s.", storage_name)


def report_files_rotate() -> int:
    """Re-encrypt every stored report file (deleted reports' too) under the newest key; returns the count.

    Each file is written anew under a fresh name, the row is moved to it, and only then is the old
    file removed: on any storage, a reader finds the old file or the new one, never half of either.
    """
    rotated = 0
    for report_id, storage_name in MedicalReport.objects.order_by("pk").values_list("pk", "storage_name"):
        try:
            token = stored_token_read(storage_name)
        except FileNotFoundError:
            logger.error("Report %s has no stored file; skipped by key rotation.", report_id)
            continue
        try:
            fresh = crypter().rotate(token)
        except InvalidToken as exc:
            # A file that no key opens must stop the rotation loudly, not pass silently.
            raise DecryptionError(f"The file of report {report_id} cannot be decrypted with any key.") from exc
        new_name = _save_new(fresh)
        # Only if the row still names the file just read; otherwise the new copy is the stray one.
        moved = MedicalReport.objects.filter(pk=report_id, storage_name=storage_name).update(storage_name=new_name)
        stored_file_discard(storage_name if moved else new_name)
        rotated += moved
    return rotated


def report_storage_names() -> Iterator[str]:
    """The storage name of every report's file, deleted reports' included (what a backup must hold)."""
    return MedicalReport.objects.order_by("pk").values_list("storage_name", flat=True).iterator()
