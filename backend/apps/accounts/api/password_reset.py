from typing import NoReturn

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.schema import error_codes
from apps.core.serializers import StrictCharField

from .. import errors
from ..services.password_reset import (
    password_reset_confirm,
    password_reset_request,
    password_reset_request_throttled,
)
from ..throttles import PasswordResetClientThrottle, PasswordResetConfirmThrottle, PasswordResetEmailThrottle
from .auth import ERRORS, body_field
from .credentials import PasswordResetConfirmInput, PasswordResetRequestInput


class PasswordResetRequestedOutput(serializers.Serializer):
    """The one answer to a reset request, whether or not an account has the address."""

    detail = StrictCharField()


RESET_REQUESTED = (
    "If an account has this e-mail address, we have sent it a link to set a new password. "
    "The link works once and expires; if nothing arrives, check the address and ask again later."
)


class PasswordResetRequestApi(APIView):
    """Ask for a password reset link by e-mail."""

    # Credentials are ignored: someone still signed in on one device may have forgotten the password.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PasswordResetClientThrottle, PasswordResetEmailThrottle]

    def throttled(self, request: Request, wait: float) -> NoReturn:
        password_reset_request_throttled(email=body_field(request, PasswordResetRequestInput, "email"), request=request)
        super().throttled(request, wait)

    @extend_schema(
        operation_id="auth_password_reset",
        request=PasswordResetRequestInput,
        responses={202: PasswordResetRequestedOutput, 400: ERRORS[400], 429: ERRORS[429]},
        tags=["auth"],
        description=(
            "Answers 202 and the same body whether or not an account has the address, so the answer "
            "does not reveal who has an account. An active account with the address is sent a link to "
            "the SPA's `/reset-password` page, its `uid` and `token` in the fragment; it works once, "
            "until the next sign-in, for `PASSWORD_RESET_TIMEOUT` seconds. Throttled per client "
            "address and per e-mail address."
        ),
    )
    def post(self, request: Request) -> Response:
        data = PasswordResetRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        password_reset_request(email=data.validated_data["email"], request=request)
        answer = PasswordResetRequestedOutput({"detail": RESET_REQUESTED}).data
        return Response(answer, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmApi(APIView):
    """Set a new password with the uid and token of a reset link."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PasswordResetConfirmThrottle]

    @extend_schema(
        operation_id="auth_password_reset_confirm",
        request=PasswordResetConfirmInput,
        responses={204: None, 400: ERRORS[400], 429: ERRORS[429]},
        tags=["auth"],
        description=(
            "Sets the new password and ends every session of the account; signs nobody in (sign in "
            "afterwards, with the second factor if the account has one). A used, expired or altered "
            "link answers 400 `reset_link_invalid`; a password the validators refuse answers 400 with "
            "`fields.new_password`, and the link still works. Either way nothing changes."
        ),
    )
    @error_codes({400: [errors.RESET_LINK_INVALID]})
    def post(self, request: Request) -> Response:
        data = PasswordResetConfirmInput(data=request.data)
        data.is_valid(raise_exception=True)
        password_reset_confirm(**data.validated_data, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)
