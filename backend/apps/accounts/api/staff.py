"""Doctors (a directory for everyone, managed by admins) and nurses (admins only)."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api_base import ListApiMixin, refuse
from apps.core.filters import StrictBooleanFilter
from apps.core.idempotency import idempotent
from apps.core.permissions import IsAdmin
from apps.core.schema import error_codes

from .. import errors
from ..models import User
from ..selectors import doctor_get, doctor_list, nurse_get, nurse_list
from ..services.accounts import account_deactivate, account_update, doctor_create, nurse_create
from .auth import ERRORS
from .serializers import (
    DoctorCreateInput,
    DoctorOutput,
    DoctorUpdateInput,
    NameEmailInput,
    NewAccountInput,
    NurseOutput,
)

FORBIDDEN = OpenApiResponse(description="Not allowed for this role")
NOT_FOUND = OpenApiResponse(description="Not found")
CONFLICT = OpenApiResponse(description="Conflict with the current state")
NAME_SEARCH = ["first_name", "last_name", "username", "email"]


class DoctorFilter(filters.FilterSet):
    specialty = filters.CharFilter(field_name="doctor_profile__specialty", lookup_expr="iexact")
    accepting_new_patients = StrictBooleanFilter(field_name="doctor_profile__accepting_new_patients")
    is_active = StrictBooleanFilter()

    class Meta:
        model = User
        fields = ["specialty", "accepting_new_patients", "is_active"]


class DoctorListCreateApi(ListApiMixin):
    """The doctor directory (everyone signed in); admins create doctors."""

    output_serializer = DoctorOutput
    filter_backends = [filters.DjangoFilterBackend, SearchFilter, OrderingFilter]
    filterset_class = DoctorFilter
    search_fields = ["first_name", "last_name", "doctor_profile__specialty"]
    ordering_fields = ["last_name", "first_name", "doctor_profile__specialty"]
    ordering = ["last_name", "first_name", "id"]

    def get_permissions(self):
        return [IsAdmin()] if self.request.method == "POST" else [IsAuthenticated()]

    def scoped_queryset(self):
        return doctor_list(actor=self.request.user)

    @extend_schema(operation_id="doctors_list", responses={200: DoctorOutput(many=True)}, tags=["doctors"])
    def get(self, request: Request) -> Response:
        return self.list_response(request)

    @extend_schema(
        operation_id="doctors_create",
        request=DoctorCreateInput,
        responses={201: DoctorOutput, 400: ERRORS[400], 403: FORBIDDEN},
        tags=["doctors"],
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = DoctorCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        doctor = doctor_create(actor=request.user, **data.validated_data, request=request)
        return Response(DoctorOutput(doctor, context={"request": request}).data, status=status.HTTP_201_CREATED)


class DoctorDetailApi(APIView):
    """One doctor: everyone reads; admins change or deactivate."""

    @extend_schema(operation_id="doctors_retrieve", responses={200: DoctorOutput, 404: NOT_FOUND}, tags=["doctors"])
    def get(self, request: Request, doctor_id: int) -> Response:
        doctor = doctor_get(actor=request.user, doctor_id=doctor_id)
        return Response(DoctorOutput(doctor, context={"request": request}).data)

    @extend_schema(
        operation_id="doctors_update",
        request=DoctorUpdateInput,
        responses={200: DoctorOutput, 400: ERRORS[400], 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["doctors"],
    )
    def patch(self, request: Request, doctor_id: int) -> Response:
        doctor = doctor_get(actor=request.user, doctor_id=doctor_id)
        if not request.user.is_admin:
            refuse()
        data = DoctorUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        doctor = account_update(actor=request.user, user=doctor, data=data.validated_data, request=request)
        return Response(DoctorOutput(doctor, context={"request": request}).data)

    @extend_schema(
        operation_id="doctors_deactivate",
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
        tags=["doctors"],
        description="Deactivates the doctor (nothing is deleted); 409 while they have future booked appointments.",
    )
    @error_codes({409: [errors.ALREADY_INACTIVE, errors.DOCTOR_HAS_FUTURE_APPOINTMENTS]})
    def delete(self, request: Request, doctor_id: int) -> Response:
        doctor = doctor_get(actor=request.user, doctor_id=doctor_id)
        if not request.user.is_admin:
            refuse()
        account_deactivate(actor=request.user, user=doctor, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class NurseListCreateApi(ListApiMixin):
    """Nurse accounts (admins only)."""

    permission_classes = [IsAdmin]
    output_serializer = NurseOutput
    filter_backends = [SearchFilter, OrderingFilter]
    search_fields = NAME_SEARCH
    ordering_fields = ["last_name", "first_name", "date_joined"]
    ordering = ["last_name", "first_name", "id"]

    def scoped_queryset(self):
        return nurse_list()

    @extend_schema(operation_id="nurses_list", responses={200: NurseOutput(many=True), 403: FORBIDDEN}, tags=["nurses"])
    def get(self, request: Request) -> Response:
        return self.list_response(request)

    @extend_schema(
        operation_id="nurses_create",
        request=NewAccountInput,
        responses={201: NurseOutput, 400: ERRORS[400], 403: FORBIDDEN},
        tags=["nurses"],
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = NewAccountInput(data=request.data)
        data.is_valid(raise_exception=True)
        nurse = nurse_create(actor=request.user, **data.validated_data, request=request)
        return Response(NurseOutput(nurse).data, status=status.HTTP_201_CREATED)


class NurseDetailApi(APIView):
    """One nurse account (admins only)."""

    permission_classes = [IsAdmin]

    @extend_schema(
        operation_id="nurses_retrieve",
        responses={200: NurseOutput, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["nurses"],
    )
    def get(self, request: Request, nurse_id: int) -> Response:
        return Response(NurseOutput(nurse_get(nurse_id=nurse_id)).data)

    @extend_schema(
        operation_id="nurses_update",
        request=NameEmailInput,
        responses={200: NurseOutput, 400: ERRORS[400], 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["nurses"],
    )
    def patch(self, request: Request, nurse_id: int) -> Response:
        nurse = nurse_get(nurse_id=nurse_id)
        data = NameEmailInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        nurse = account_update(actor=request.user, user=nurse, data=data.validated_data, request=request)
        return Response(NurseOutput(nurse).data)

    @extend_schema(
        operation_id="nurses_deactivate",
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND},
        tags=["nurses"],
    )
    @error_codes({409: [errors.ALREADY_INACTIVE]})
    def delete(self, request: Request, nurse_id: int) -> Response:
        account_deactivate(actor=request.user, user=nurse_get(nurse_id=nurse_id), request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)
