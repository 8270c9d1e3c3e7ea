"""Health endpoint: whether the database answers and the encryption keys read the stored data."""

from django.db import DatabaseError, connection
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .encryption_keys import FAULTS, Fault, KeyState, encryption_keys_state
from .serializers import StrictCharField

HealthSerializer = inline_serializer(
    name="Health",
    fields={
        "status": serializers.ChoiceField(choices=["ok", "degraded"]),
        "database": serializers.ChoiceField(choices=["ok", "unavailable"]),
        "encryption_keys": serializers.ChoiceField(
            choices=[state.value for state in KeyState],
            required=False,
            help_text="Whether the encryption keys decrypt the stored data (absent when the database does not answer)",
        ),
        "code": serializers.ChoiceField(
            choices=[fault.code for fault in FAULTS.values()],
            required=False,
            help_text="Why the service cannot serve: a configuration fault that retrying does not mend",
        ),
        "detail": StrictCharField(required=False),
    },
)


class HealthApi(APIView):
    """Liveness, a database round trip and the encryption keys; 503 when either cannot serve."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="health",
        responses={
            200: HealthSerializer,
            503: OpenApiResponse(
                HealthSerializer,
                description="The database does not answer, or the encryption keys cannot decrypt the stored data",
            ),
        },
        tags=["health"],
    )
    def get(self, request: Request) -> Response:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            keys = encryption_keys_state()
        except DatabaseError:
            return Response(
                {"status": "degraded", "database": "unavailable"}, status=status.HTTP_503_SERVICE_UNAVAILABLE
            )
        fault: Fault | None = FAULTS.get(keys)
        if fault is not None:
            # No Retry-After: a wrong key stays wrong until an operator puts the right one back.
            return Response(
                {
                    "status": "degraded",
                    "database": "ok",
                    "encryption_keys": keys.value,
                    "code": fault.code,
                    "detail": fault.message,
                },
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response({"status": "ok", "database": "ok", "encryption_keys": keys.value})
