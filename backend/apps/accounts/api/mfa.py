"""A second factor for staff: `me/mfa/...` to manage it, `auth/token/mfa/...` for the second step of a sign-in."""

from typing import NoReturn

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.permissions import IsStaff
from apps.core.schema import error_codes
from apps.core.serializers import StrictCharField

from .. import errors
from ..services.mfa import (
    mfa_disable,
    mfa_enrol_confirm,
    mfa_enrol_start,
    mfa_recovery_codes_renew,
    mfa_sign_in,
    mfa_sign_in_enrol,
    mfa_sign_in_throttled,
    mfa_status,
)
from ..throttles import LoginClientThrottle
from .auth import ERRORS, body_field

STAFF_ONLY = OpenApiResponse(description="Staff only (doctors, nurses, admins)")
CODE_REFUSED = OpenApiResponse(description="`mfa_code_invalid`: the code is wrong, expired or already used")


class MfaStatusOutput(serializers.Serializer):
    enabled = serializers.BooleanField(help_text="A confirmed authenticator is asked for at every sign-in")
    pending = serializers.BooleanField(help_text="An authenticator was started but not confirmed with a code")
    confirmed_at = serializers.DateTimeField(allow_null=True)
    clinic_requires_mfa = serializers.BooleanField(help_text="The clinic requires a second factor of all staff")
    recovery_codes_left = serializers.IntegerField()


class EnrolmentOutput(serializers.Serializer):
    secret = StrictCharField(help_text="Base32 secret, for typing into an authenticator app")
    otpauth_uri = StrictCharField(help_text="`otpauth://totp/...` URI, to show as a QR code")


class CodeInput(serializers.Serializer):
    code = StrictCharField(
        max_length=32, help_text="6 digits from the authenticator, or a recovery code (XXXX-XXXX-XXXX-XXXX)"
    )


class RecoveryCodesOutput(serializers.Serializer):
    recovery_codes = serializers.ListField(
        child=StrictCharField(), help_text="One-time codes, shown only now: each signs in once without the app"
    )


class MfaTokenInput(serializers.Serializer):
    mfa_token = StrictCharField(max_length=500)


class MfaSignInInput(MfaTokenInput, CodeInput):
    pass


class MfaSignInOutput(serializers.Serializer):
    access = StrictCharField()
    refresh = StrictCharField()
    expires_in = serializers.IntegerField(help_text="Seconds until the access token expires")
    recovery_codes = serializers.ListField(
        child=StrictCharField(),
        required=False,
        help_text="Only when this sign-in confirmed a new authenticator: the recovery codes, shown only now",
    )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.recovery_codes is None:
            data.pop("recovery_codes")
        return data


class MfaStatusApi(APIView):
    permission_classes = [IsStaff]

    @extend_schema(operation_id="me_mfa_status", responses={200: MfaStatusOutput, 403: STAFF_ONLY}, tags=["mfa"])
    def get(self, request: Request) -> Response:
        return Response(MfaStatusOutput(mfa_status(user=request.user)).data)


class MfaEnrolApi(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        operation_id="me_mfa_enrol",
        request=None,
        responses={
            200: EnrolmentOutput,
            403: STAFF_ONLY,
            409: OpenApiResponse(description="`mfa_already_enabled`: turn the authenticator off first"),
        },
        tags=["mfa"],
        description="Starts (or restarts) setting up an authenticator: scan the URI, then confirm with a code.",
    )
    @error_codes({409: [errors.MFA_ALREADY_ENABLED]})
    def post(self, request: Request) -> Response:
        return Response(EnrolmentOutput(mfa_enrol_start(user=request.user, request=request)).data)


class MfaConfirmApi(APIView):
    permission_classes = [IsStaff]
    throttle_classes = [LoginClientThrottle]

    @extend_schema(
        operation_id="me_mfa_confirm",
        request=CodeInput,
        responses={
            200: RecoveryCodesOutput,
            400: CODE_REFUSED,
            403: STAFF_ONLY,
            409: OpenApiResponse(description="`mfa_no_pending_enrolment`: start with `me/mfa/enrol/`"),
            429: ERRORS[429],
        },
        tags=["mfa"],
        description="The first code of the new authenticator turns the second factor on; answers the recovery codes.",
    )
    @error_codes({400: [errors.MFA_CODE_INVALID], 409: [errors.MFA_NO_PENDING_ENROLMENT]})
    def post(self, request: Request) -> Response:
        data = CodeInput(data=request.data)
        data.is_valid(raise_exception=True)
        codes = mfa_enrol_confirm(user=request.user, code=data.validated_data["code"], request=request)
        return Response(RecoveryCodesOutput({"recovery_codes": codes}).data)


class MfaRecoveryCodesApi(APIView):
    permission_classes = [IsStaff]
    throttle_classes = [LoginClientThrottle]

    @extend_schema(
        operation_id="me_mfa_recovery_codes",
        request=CodeInput,
        responses={
            200: RecoveryCodesOutput,
            400: CODE_REFUSED,
            403: STAFF_ONLY,
            409: OpenApiResponse(description="`mfa_not_enabled`"),
            429: ERRORS[429],
        },
        tags=["mfa"],
        description="Replaces every recovery code by a fresh set, shown only now.",
    )
    @error_codes({400: [errors.MFA_CODE_INVALID], 409: [errors.MFA_NOT_ENABLED]})
    def post(self, request: Request) -> Response:
        data = CodeInput(data=request.data)
        data.is_valid(raise_exception=True)
        codes = mfa_recovery_codes_renew(user=request.user, code=data.validated_data["code"], request=request)
        return Response(RecoveryCodesOutput({"recovery_codes": codes}).data)


class MfaDisableApi(APIView):
    permission_classes = [IsStaff]
    throttle_classes = [LoginClientThrottle]

    @extend_schema(
        operation_id="me_mfa_disable",
        request=CodeInput,
        responses={
            204: None,
            400: CODE_REFUSED,
            403: STAFF_ONLY,
            409: OpenApiResponse(description="`mfa_not_enabled`"),
            429: ERRORS[429],
        },
        tags=["mfa"],
        description=(
            "Turns the second factor off and erases the secret and recovery codes. Where the clinic requires "
            "a second factor, the next sign-in asks to set one up again."
        ),
    )
    @error_codes({400: [errors.MFA_CODE_INVALID], 409: [errors.MFA_NOT_ENABLED]})
    def post(self, request: Request) -> Response:
        data = CodeInput(data=request.data)
        data.is_valid(raise_exception=True)
        mfa_disable(user=request.user, code=data.validated_data["code"], request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SecondStepView(APIView):
    """A step of a sign-in after the password: anyone may call it with the challenge's `mfa_token`;
    throttled per client address, and each throttled attempt audited."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginClientThrottle]

    def throttled(self, request: Request, wait: float) -> NoReturn:
        mfa_sign_in_throttled(mfa_token=body_field(request, MfaTokenInput, "mfa_token"), request=request)
        super().throttled(request, wait)


class TokenMfaApi(SecondStepView):
    """The second step of a sign-in: the challenge's `mfa_token` and a code answer the token pair."""

    @extend_schema(
        operation_id="auth_token_mfa",
        request=MfaSignInInput,
        responses={
            200: MfaSignInOutput,
            400: ERRORS[400],
            401: OpenApiResponse(description="`mfa_token_invalid` (sign in again) or `mfa_code_invalid`"),
            409: OpenApiResponse(description="`mfa_no_pending_enrolment`: set up an authenticator first"),
            429: ERRORS[429],
        },
        tags=["auth"],
        description=(
            "A code of the authenticator, or an unused recovery code (each works once). During enrolment at "
            "sign-in, the first code confirms the new authenticator and the answer carries the recovery codes."
        ),
    )
    @error_codes(
        {
            401: [errors.MFA_TOKEN_INVALID, errors.MFA_CODE_INVALID],
            409: [errors.MFA_NO_PENDING_ENROLMENT],
            429: [errors.LOGIN_LOCKED],
        }
    )
    def post(self, request: Request) -> Response:
        data = MfaSignInInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(MfaSignInOutput(mfa_sign_in(**data.validated_data, request=request)).data)


class TokenMfaEnrolApi(SecondStepView):
    """Sign-in for staff who must use a second factor and have none: the authenticator secret to set up."""

    @extend_schema(
        operation_id="auth_token_mfa_enrol",
        request=MfaTokenInput,
        responses={
            200: EnrolmentOutput,
            400: ERRORS[400],
            401: OpenApiResponse(description="`mfa_token_invalid`: sign in again"),
            409: OpenApiResponse(description="`mfa_already_enabled`: send a code to `auth/token/mfa/` instead"),
            429: ERRORS[429],
        },
        tags=["auth"],
    )
    @error_codes({401: [errors.MFA_TOKEN_INVALID], 409: [errors.MFA_ALREADY_ENABLED], 429: [errors.LOGIN_LOCKED]})
    def post(self, request: Request) -> Response:
        data = MfaTokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(EnrolmentOutput(mfa_sign_in_enrol(**data.validated_data, request=request)).data)
