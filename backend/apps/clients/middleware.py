from django.http import HttpRequest, HttpResponse

from .throttles import RATE_LIMIT_ATTRIBUTE


class RateLimitHeadersMiddleware:
    """`RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (IETF draft) on every counted
    API client response, 429 included. DRF throttles see the request, never the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        figures = getattr(request, RATE_LIMIT_ATTRIBUTE, None)
        if figures is not None:
            limit, remaining, reset = figures
            response["RateLimit-Limit"] = str(limit)
            response["RateLimit-Remaining"] = str(remaining)
            response["RateLimit-Reset"] = str(reset)
        return response
