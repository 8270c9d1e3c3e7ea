"""Clinic statistics for the admin console's charts."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.permissions import IsAdmin
from apps.core.serializers import StrictCharField

from ..selectors.stats import clinic_statistics
from .common import BAD_REQUEST, UNAUTHENTICATED

MAX_DAYS = 92


class StatsQuery(serializers.Serializer):
    date_from = serializers.DateField(required=False, help_text="First clinic day (default: 29 days ago)")
    date_to = serializers.DateField(required=False, help_text="Last clinic day (default: today); at most 92 days")

    def validate(self, attrs):
        today = timezone.localdate()
        last = attrs.get("date_to") or today
        first = attrs.get("date_from") or last - timedelta(days=29)
        if first > last:
            raise serializers.ValidationError({"date_to": ["date_to must not be before date_from."]})
        if (last - first).days + 1 > MAX_DAYS:
            raise serializers.ValidationError({"date_to": [f"The range may cover at most {MAX_DAYS} days."]})
        return {"first": first, "last": last}


class _Counts(serializers.Serializer):
    total = serializers.IntegerField()
    booked = serializers.IntegerField()
    completed = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    no_show = serializers.IntegerField()


class DayStats(_Counts):
    date = serializers.DateField()


class StatsDoctor(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = StrictCharField()
    specialty = StrictCharField(source="doctor_profile.specialty")


class _Time(serializers.Serializer):
    available_minutes = serializers.IntegerField(help_text="Minutes of availability in the range")
    booked_minutes = serializers.IntegerField(help_text="Minutes of booked, completed and no-show appointments")
    utilisation = serializers.FloatField(allow_null=True, help_text="booked / available, or null without hours")


class DoctorStats(_Counts, _Time):
    doctor = StatsDoctor()


class TotalStats(_Counts, _Time):
    pass


class StatsOutput(serializers.Serializer):
    date_from = serializers.DateField(source="first")
    date_to = serializers.DateField(source="last")
    time_zone = serializers.SerializerMethodField()
    per_day = DayStats(many=True)
    per_doctor = DoctorStats(many=True)
    totals = TotalStats()

    def get_time_zone(self, obj) -> str:
        return settings.TIME_ZONE


class ClinicStatsApi(APIView):
    """Appointments per day, cancellations and no-shows per doctor, and slot utilisation (admins only)."""

    permission_classes = [IsAdmin]

    @extend_schema(
        operation_id="stats_retrieve",
        parameters=[StatsQuery],
        responses={
            200: StatsOutput,
            400: BAD_REQUEST,
            401: UNAUTHENTICATED,
            403: OpenApiResponse(description="Admins only"),
        },
        tags=["stats"],
    )
    def get(self, request: Request) -> Response:
        query = StatsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(StatsOutput(clinic_statistics(**query.validated_data)).data)
