from typing import Any, NoReturn

from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.fields import empty
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.schema import error_codes
from apps.core.serializers import StrictCharField

from .. import errors
from ..services.mfa_challenge import MfaChallenge
from ..services.registration import patient_self_register
from ..services.sessions import session_login, session_login_throttled, session_logout, session_refresh
from ..throttles import LoginClientThrottle, LoginUsernameThrottle, RegisterThrottle
from .credentials import RefreshInput, TokenObtainInput, TokenPairOutput
from .serializers import RegisterInput


class MfaChallengeOutput(serializers.Serializer):
    """What `auth/token/` answers instead of tokens when a second factor is needed."""

    mfa_required = serializers.BooleanField(help_text="Always true: send a code to `auth/token/mfa/`")
    enrolment_required = serializers.BooleanField(
        help_text="No authenticator yet, and the clinic requires one: set it up with `auth/token/mfa/enrol/` first"
    )
    mfa_token = StrictCharField(help_text="Proof of the password, for the second step only")
    expires_in = serializers.IntegerField(help_text="Seconds the mfa_token stays valid")


class RegistrationAcceptedOutput(serializers.Serializer):
    """The one answer to a registration that passed validation, whether or not the address had an account."""

    detail = StrictCharField()


REGISTRATION_ACCEPTED = (
    "Registration received. If this e-mail address had no account, yours is ready: sign in with your "
    "username and password. If it had one, we have sent a message to it."
)

SignInOutput = PolymorphicProxySerializer(
    component_name="SignIn",
    serializers=[TokenPairOutput, MfaChallengeOutput],
    resource_type_field_name=None,
)

ERRORS = {
    400: OpenApiResponse(description="Validation error, keyed by field"),
    401: OpenApiResponse(description="Not authenticated, or the credentials or token are invalid"),
    429: OpenApiResponse(description="Throttled or temporarily locked"),
}


def body_field(request: Request, input_serializer: type[serializers.Serializer], name: str) -> Any:
    """One field of the body as the operation's input serializer reads it, for the audit event of a
    throttled request (which is refused before the body is validated); None when it is not valid."""
    try:
        data = request.data
        return input_serializer().fields[name].run_validation(data.get(name, empty))
    except (APIException, AttributeError):
        return None


class RegisterApi(APIView):
    """Patient self-registration."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [RegisterThrottle]

    @extend_schema(
        operation_id="auth_register",
        request=RegisterInput,
        responses={202: RegistrationAcceptedOutput, 400: ERRORS[400], 429: ERRORS[429]},
        tags=["auth"],
        description=(
            "Answers 202 and the same body whether or not the e-mail address already has an account "
            "(its owner is told by e-mail), so the answer does not reveal who is registered. Then sign "
            "in with the username and password: that succeeds when the account was made. A taken "
            "username answers 400 (`fields.username`), at most as often as the registration throttle allows."
        ),
    )
    def post(self, request: Request) -> Response:
        data = RegisterInput(data=request.data)
        data.is_valid(raise_exception=True)
        patient_self_register(**data.validated_data, request=request)
        answer = RegistrationAcceptedOutput({"detail": REGISTRATION_ACCEPTED}).data
        return Response(answer, status=status.HTTP_202_ACCEPTED)


class TokenObtainApi(APIView):
    """Sign in with username and password; answers an access and a refresh token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginClientThrottle, LoginUsernameThrottle]

    def throttled(self, request: Request, wait: float) -> NoReturn:
        session_login_throttled(username=body_field(request, TokenObtainInput, "username"), request=request)
        super().throttled(request, wait)

    @extend_schema(
        operation_id="auth_token",
        request=TokenObtainInput,
        responses={200: SignInOutput, **ERRORS},
        tags=["auth"],
        description=(
            "Answers `{access, refresh}`; or, for staff whose account needs a second factor, "
            "`{mfa_required: true, mfa_token, enrolment_required, expires_in}` and no tokens: send the "
            "`mfa_token` with a code to `auth/token/mfa/` (after `auth/token/mfa/enrol/` when "
            "`enrolment_required`)."
        ),
    )
    @error_codes({401: [errors.INVALID_CREDENTIALS], 429: [errors.LOGIN_LOCKED]})
    def post(self, request: Request) -> Response:
        data = TokenObtainInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = session_login(**data.validated_data, request=request)
        if isinstance(result, MfaChallenge):
            return Response(MfaChallengeOutput(result).data)
        return Response(TokenPairOutput(result).data)


class TokenRefreshApi(APIView):
    """Rotate a refresh token: answers a new pair; the old refresh token is spent."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginClientThrottle]

    @extend_schema(
        operation_id="auth_token_refresh",
        request=RefreshInput,
        responses={200: TokenPairOutput, **ERRORS},
        tags=["auth"],
    )
    @error_codes({401: [errors.TOKEN_INVALID, errors.TOKEN_REUSED, errors.SESSION_ENDED, errors.SESSION_IDLE]})
    def post(self, request: Request) -> Response:
        data = RefreshInput(data=request.data)
        data.is_valid(raise_exception=True)
        pair = session_refresh(raw_refresh=data.validated_data["refresh"], request=request)
        return Response(TokenPairOutput(pair).data)


class LogoutApi(APIView):
    """Spend the refresh token and end every session of the caller."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="auth_logout",
        request=RefreshInput,
        responses={204: None, 400: ERRORS[400], 401: ERRORS[401]},
        tags=["auth"],
    )
    @error_codes({401: [errors.TOKEN_INVALID]})
    def post(self, request: Request) -> Response:
        data = RefreshInput(data=request.data)
        data.is_valid(raise_exception=True)
        session_logout(user=request.user, raw_refresh=data.validated_data["refresh"], request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)
