"""Error codes of the clinical records API."""

from apps.core.errors import ConflictError, UnavailableError

NOT_FOUND = "not_found"
PERMISSION_DENIED = "permission_denied"
FILE_TOO_LARGE = "file_too_large"
UNSUPPORTED_FILE_TYPE = "unsupported_file_type"
EMPTY_FILE = "empty_file"
MALFORMED_UPLOAD = "malformed_upload"
REPORT_FILE_UNAVAILABLE = "report_file_unavailable"
STORAGE_UNAVAILABLE = "storage_unavailable"
STALE_VERSION = "stale_version"
MEDICATION_ENDED = "medication_ended"


class StoredFileError(ConflictError):
    """A stored report file is missing, unreadable or fails its SHA-256 check.

    Answered as 409 with a generic message and the request id: the client cannot fix it, the
    clinic must, and the log line (report id only, no health data) tells them which file.
    """


class StorageUnavailable(UnavailableError):
    """The report storage cannot be reached or failed on its side: 503 with `Retry-After`, nothing kept."""

    def __init__(self) -> None:
        super().__init__(
            code=STORAGE_UNAVAILABLE,
            message="Report files cannot be stored or read for a moment. Try again shortly.",
        )
