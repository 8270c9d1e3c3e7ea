import re
import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from .errors import error_body
from .request_id import request_id_context

REQUEST_ID_HEADER = "X-Request-ID"
# A caller's own id is kept only when it looks like one, so nothing odd reaches the logs.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request an id, exposes it as `request.id`, the log context and `X-Request-ID`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.id = request_id  # type: ignore[attr-defined]
        token = request_id_context.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_context.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


# The SPA: its own scripts only, never inline (Vite emits none); styles may be inline attributes.
SPA_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# JSON and files from the API: nothing in them may load or run anything.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# The interactive API docs (Swagger UI, ReDoc) load only our own static files and call the API;
# ReDoc runs its search in a worker that it starts from a blob.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'"
)
# Public, the same for every caller and free of personal data: these may be cached.
CACHEABLE_API_PATHS = ("/api/schema/", "/api/docs/")
# The REST API and the FHIR API: JSON with patient data, never cached, never framed.
API_PATHS = ("/api/", "/fhir/")
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (Django's SecurityMiddleware and
    XFrameOptionsMiddleware add nosniff, Referrer-Policy, COOP, X-Frame-Options and, in production, HSTS),
    and `Cache-Control: no-store` on every API response, errors included: no browser or proxy keeps a
    copy of patient data.

    A policy a view set itself (e.g. the sandboxed report download) is kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/docs/"):
            policy = DOCS_CSP
        elif request.path.startswith(API_PATHS):
            policy = API_CSP
        else:
            policy = SPA_CSP
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        private = request.path.startswith(API_PATHS) and not request.path.startswith(CACHEABLE_API_PATHS)
        if private and "no-store" not in response.headers.get("Cache-Control", ""):
            response.headers["Cache-Control"] = "no-store"
        return response


def _refusal(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse(error_body(code, detail), status=status)


# A refused body is read and dropped up to this size (nginx in front passes at most 20 MB).
DISCARD_MAX_BYTES = 32 * 1024 * 1024


def _discard_body(request: HttpRequest) -> None:
    """Read what is left of a refused body. gunicorn closes the connection after the answer; with
    bytes still unread the close is a reset, and nginx in front, still sending them, answers 502 in
    place of our 413."""
    try:
        remaining = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return
    stream = request.META.get("wsgi.input")
    if stream is None or remaining > DISCARD_MAX_BYTES:
        return
    while remaining > 0:
        try:
            chunk = stream.read(min(64 * 1024, remaining))
        except Exception:  # a stream that ends early or fails: the refusal stands
            return
        if not chunk:
            return
        remaining -= len(chunk)


class RequestLimitsMiddleware:
    """Refuses what no view should have to read: a path and query string longer than
    `REQUEST_URL_MAX_LENGTH` (414), a body larger than `REQUEST_MAX_BYTES` (413), going by its
    Content-Length before a byte of it is read, and a Content-Length that is not a number (400).

    A view that takes larger bodies and refuses them itself, with its own 413, names the methods it
    does that for in `bounds_own_body` (report uploads: `("POST",)`, `REPORT_MAX_BYTES`). A body
    without a Content-Length is never read by Django under WSGI, so the header is all there is to check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.REQUEST_URL_MAX_LENGTH
        if len(request.path) + len(request.META.get("QUERY_STRING", "")) > limit:
            return _refusal(414, "uri_too_long", f"The address is longer than {limit} characters.")
        response = self.get_response(request)
        if response.status_code == 413:
            _discard_body(request)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            length = -1
        if length < 0:
            return _refusal(400, "bad_request", "The Content-Length header is not a number of bytes.")
        limit = settings.REQUEST_MAX_BYTES
        if length > limit and request.method not in getattr(getattr(view_func, "cls", None), "bounds_own_body", ()):
            return _refusal(413, "payload_too_large", f"The request body is larger than {limit} bytes.")
        return None
