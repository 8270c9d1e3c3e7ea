"""Free slots: one doctor's over a date range, and the earliest across matching doctors."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..selectors import doctor_free_slots, slots_next
from .common import BAD_REQUEST, NOT_FOUND, UNAUTHENTICATED
from .serializers import DoctorSlotsOutput, SlotRangeQuery, SlotsNextOutput, SlotsNextQuery


class DoctorSlotsApi(APIView):
    @extend_schema(
        operation_id="doctors_slots_list",
        parameters=[SlotRangeQuery],
        responses={200: DoctorSlotsOutput, 400: BAD_REQUEST, 401: UNAUTHENTICATED, 404: NOT_FOUND},
        tags=["scheduling"],
        description=(
            "The doctor's free slots on clinic-local days: availability minus days off, booked appointments, "
            "the past and the minimum notice, within the booking horizon. Not paginated: the range is bounded."
        ),
    )
    def get(self, request: Request, doctor_id: int) -> Response:
        query = SlotRangeQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        slots = doctor_free_slots(doctor_id=doctor_id, **query.validated_data)
        body = {"doctor": doctor_id, "time_zone": settings.TIME_ZONE, "slots": slots}
        return Response(DoctorSlotsOutput(body).data)


class SlotsNextApi(APIView):
    @extend_schema(
        operation_id="slots_next",
        parameters=[SlotsNextQuery],
        responses={200: SlotsNextOutput, 400: BAD_REQUEST, 401: UNAUTHENTICATED, 404: NOT_FOUND},
        tags=["scheduling"],
        description=(
            "The earliest free slots across active doctors accepting new patients (of `specialty` when "
            "given), or of one `doctor`; a patient's own primary doctor is always included and comes "
            "first when free at the same time."
        ),
    )
    def get(self, request: Request) -> Response:
        query = SlotsNextQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        results = slots_next(
            actor=request.user,
            specialty=params.get("specialty"),
            doctor_id=params.get("doctor"),
            limit=params["limit"],
        )
        return Response(SlotsNextOutput({"time_zone": settings.TIME_ZONE, "results": results}).data)
