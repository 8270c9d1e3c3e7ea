from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.schema import error_codes

from .. import errors
from ..models import Role
from ..services.accounts import account_update, password_change
from .auth import ERRORS
from .credentials import PasswordChangeInput, TokenPairOutput
from .serializers import ROLE_UPDATE_INPUTS, MeOutput, MeUpdateInput


class MeApi(APIView):
    """The caller's own account and role profile."""

    @extend_schema(operation_id="me_retrieve", responses={200: MeOutput, 401: ERRORS[401]}, tags=["me"])
    def get(self, request: Request) -> Response:
        return Response(MeOutput(request.user).data)

    @extend_schema(
        operation_id="me_update",
        request=MeUpdateInput,
        responses={200: MeOutput, 400: ERRORS[400], 401: ERRORS[401]},
        tags=["me"],
        description=(
            "Names and e-mail for everyone; profile fields for patients (contact details, emergency "
            "contacts, preferences) and doctors (bio, default length, accepting new patients). "
            "Fields of another role, the role itself and the active flag are ignored."
        ),
    )
    def patch(self, request: Request) -> Response:
        # Every documented field must be well-formed, even one that the caller's role ignores.
        MeUpdateInput(data=request.data, partial=True).is_valid(raise_exception=True)
        data = ROLE_UPDATE_INPUTS[Role(request.user.role)](data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = account_update(actor=request.user, user=request.user, data=data.validated_data, request=request)
        return Response(MeOutput(user).data)


class PasswordChangeApi(APIView):
    """Change the password (the current one is required); every other session ends."""

    @extend_schema(
        operation_id="me_password_change",
        request=PasswordChangeInput,
        responses={200: TokenPairOutput, 400: ERRORS[400], 401: ERRORS[401]},
        tags=["me"],
        description="Answers a fresh token pair for this client; all earlier tokens stop working.",
    )
    @error_codes({400: [errors.WRONG_PASSWORD]})
    def post(self, request: Request) -> Response:
        data = PasswordChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        pair = password_change(user=request.user, **data.validated_data, request=request)
        return Response(TokenPairOutput(pair).data)
