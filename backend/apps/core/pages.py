"""Plain Django views: JSON error pages outside DRF, and the SPA's index.html fallback."""

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, JsonResponse

from . import errors
from .errors import SERVER_ERROR_MESSAGE, error_body, suspicious_request_answer


def server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        error_body(errors.SERVER_ERROR, SERVER_ERROR_MESSAGE),
        status=500,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    """Django's 400 outside the API's views: a request it would not read, or a host it does not serve."""
    status, body = suspicious_request_answer(exception)
    return JsonResponse(body, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse(error_body(errors.NOT_FOUND, "Not found."), status=404)


def spa_index(request: HttpRequest, path: str = "") -> FileResponse:
    """Serve the SPA's index.html for client-side routes such as /appointments/12."""
    index = settings.FRONTEND_DIST / "index.html"
    if not index.is_file():
        raise Http404("The frontend has not been built.")
    response = FileResponse(index.open("rb"), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
