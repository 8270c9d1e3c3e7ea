"""A doctor's weekly availability and exceptions: everyone signed in reads; the doctor or an admin writes."""

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.selectors import doctor_get

from ..selectors import availability_get
from ..services import ExceptionSpec, RuleSpec, availability_set
from .common import BAD_REQUEST, FORBIDDEN, NOT_FOUND, UNAUTHENTICATED
from .serializers import AvailabilityInput, AvailabilityOutput


class DoctorAvailabilityApi(APIView):
    @extend_schema(
        operation_id="doctors_availability_retrieve",
        responses={200: AvailabilityOutput, 401: UNAUTHENTICATED, 404: NOT_FOUND},
        tags=["scheduling"],
        description="Weekly rules and the exceptions dated today or later; times are clinic-local.",
    )
    def get(self, request: Request, doctor_id: int) -> Response:
        doctor = doctor_get(actor=request.user, doctor_id=doctor_id)
        return Response(AvailabilityOutput(availability_get(doctor=doctor)).data)

    @extend_schema(
        operation_id="doctors_availability_update",
        request=AvailabilityInput,
        responses={200: AvailabilityOutput, 400: BAD_REQUEST, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["scheduling"],
        description=(
            "Replaces every weekly rule and every exception dated today or later, atomically. Overlapping "
            "windows, an end before its start or absurd slot lengths are refused. Booked appointments stay."
        ),
    )
    def put(self, request: Request, doctor_id: int) -> Response:
        doctor = doctor_get(actor=request.user, doctor_id=doctor_id)
        data = AvailabilityInput(data=request.data)
        data.is_valid(raise_exception=True)
        availability_set(
            actor=request.user,
            doctor=doctor,
            rules=[RuleSpec(**rule) for rule in data.validated_data["rules"]],
            exceptions=[ExceptionSpec(**exception) for exception in data.validated_data["exceptions"]],
            request=request,
        )
        return Response(AvailabilityOutput(availability_get(doctor=doctor)).data)
