"""Every URL of `config.urls` plus the ceiling. Mounted only by `bench_settings`, never in production.

The ceiling is the cheapest authenticated read of the appointments table: the same middleware,
JWT authentication and JSON renderer as the real endpoints, then 20 rows by primary key through
`values()`, with no scope, filter, serializer, pagination or audit. The benchmarks report every
endpoint's throughput as a share of this one's, measured in the same run.
"""

from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.scheduling.models import Appointment
from config.urls import handler404, handler500
from config.urls import urlpatterns as app_urlpatterns

CEILING_FIELDS = ("id", "patient_id", "doctor_id", "start", "end", "status")
# Larger offsets would not fit a bigint; they read nothing anyway.
MAX_AFTER_DIGITS = 18


class CeilingApi(APIView):
    """20 appointment rows after `?after=<id>`, straight from `values()`."""

    schema = None  # not part of the API: never in the OpenAPI schema

    def get(self, request: Request) -> Response:
        after = request.query_params.get("after", "")
        start = int(after) if after.isdigit() and len(after) <= MAX_AFTER_DIGITS else 0
        rows = Appointment.objects.filter(pk__gt=start).order_by("pk").values(*CEILING_FIELDS)[:20]
        return Response(list(rows))


urlpatterns = [
    path("api/v1/bench/ceiling/", CeilingApi.as_view(), name="bench-ceiling"),
    *app_urlpatterns,
]

__all__ = ["handler404", "handler500", "urlpatterns"]
