"""Reading one report upload from a multipart body, within the size cap, without touching the disk."""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from rest_framework.request import Request

from apps.core.errors import ApplicationError, PayloadTooLargeError

from .. import errors

# Room for the multipart boundaries, headers and the title and description next to the file.
FORM_OVERHEAD = 256 * 1024


def _too_large() -> PayloadTooLargeError:
    return PayloadTooLargeError(
        code=errors.FILE_TOO_LARGE,
        message=f"The file is larger than the limit of {settings.REPORT_MAX_BYTES} bytes.",
    )


class CappedMemoryUploadHandler(FileUploadHandler):
    """Keeps each uploaded file in memory (no plaintext temporary file) and stops reading past the cap."""

    def __init__(self, request=None, cap: int = 0) -> None:
        super().__init__(request)
        self.cap = cap
        self.too_large = False
        self.buffer = BytesIO()
        self.received = 0

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = BytesIO()
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received > self.cap:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        self.buffer.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def upload_data(request: Request):
    """The parsed multipart body; 413 for a file over `REPORT_MAX_BYTES`, 400 for a malformed body.

    Safe to call again (the Idempotency-Key fingerprint reads it before the view does).
    """
    parsed = getattr(request._request, "capped_upload", None)
    if parsed is not None:
        return parsed
    cap = settings.REPORT_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > cap + FORM_OVERHEAD:
        # Refused before a byte of the body is read.
        raise _too_large()
    handler = CappedMemoryUploadHandler(request._request, cap=cap)
    request._request.upload_handlers = [handler]
    try:
        data = request.data
    except RequestDataTooBig as exc:
        raise _too_large() from exc
    except SuspiciousOperation as exc:
        raise ApplicationError(code=errors.MALFORMED_UPLOAD, message="The upload could not be read.") from exc
    if handler.too_large:
        raise _too_large()
    request._request.capped_upload = data  # type: ignore[attr-defined]
    return data
