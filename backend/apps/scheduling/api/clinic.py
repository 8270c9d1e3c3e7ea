"""The clinic's contact details and booking rules, so the portal can state each rule before the click."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.serializers import StrictCharField


class ClinicSerializer(serializers.Serializer):
    name = StrictCharField()
    phone = StrictCharField(help_text="Where patients call, e.g. to change a visit inside the cut-off")
    address = StrictCharField()
    time_zone = StrictCharField(help_text="IANA zone of every clinic time (slots, the day's schedule)")
    cancellation_cutoff_hours = serializers.IntegerField(
        help_text="Patients change or cancel online up to this many hours before the start; after that, they call"
    )
    booking_min_notice_minutes = serializers.IntegerField(help_text="A booking starts at least this far ahead")
    booking_horizon_days = serializers.IntegerField(help_text="How many days ahead a booking may be made")
    max_upcoming_per_patient = serializers.IntegerField(help_text="Most upcoming booked visits one patient holds")


class ClinicApi(APIView):
    """Public: the same for everyone, signed in or not (the sign-in page shows the phone too)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(operation_id="clinic", responses={200: ClinicSerializer}, tags=["clinic"])
    def get(self, request: Request) -> Response:
        return Response(
            {
                "name": settings.CLINIC_NAME,
                "phone": settings.CLINIC_PHONE,
                "address": settings.CLINIC_ADDRESS,
                "time_zone": settings.TIME_ZONE,
                "cancellation_cutoff_hours": settings.CANCELLATION_CUTOFF_HOURS,
                "booking_min_notice_minutes": settings.BOOKING_MIN_NOTICE_MINUTES,
                "booking_horizon_days": settings.BOOKING_HORIZON_DAYS,
                "max_upcoming_per_patient": settings.BOOKING_MAX_UPCOMING_PER_PATIENT,
            }
        )
