from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..services.accounts import patient_register
from ..services.sessions import session_login, session_logout, session_refresh
from ..throttles import LoginClientThrottle, LoginUsernameThrottle, RegisterThrottle
from .serializers import MeOutput, RefreshInput, RegisterInput, TokenObtainInput, TokenPairOutput

ERRORS = {
    400: OpenApiResponse(description="Validation error, keyed by field"),
    401: OpenApiResponse(description="Not authenticated, or the credentials or token are invalid"),
    429: OpenApiResponse(description="Throttled or temporarily locked"),
}


class RegisterApi(APIView):
    """Patient self-registration."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [RegisterThrottle]

    @extend_schema(
        operation_id="auth_register",
        request=RegisterInput,
        responses={201: MeOutput, 400: ERRORS[400], 429: ERRORS[429]},
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        data = RegisterInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = patient_register(**data.validated_data, request=request)
        return Response(MeOutput(user).data, status=status.HTTP_201_CREATED)


class TokenObtainApi(APIView):
    """Sign in with username and password; answers an access and a refresh token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginClientThrottle, LoginUsernameThrottle]

    @extend_schema(
        operation_id="auth_token",
        request=TokenObtainInput,
        responses={200: TokenPairOutput, **ERRORS},
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        data = TokenObtainInput(data=request.data)
        data.is_valid(raise_exception=True)
        pair = session_login(**data.validated_data, request=request)
        return Response(TokenPairOutput(pair).data)


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
    def post(self, request: Request) -> Response:
        data = RefreshInput(data=request.data)
        data.is_valid(raise_exception=True)
        session_logout(user=request.user, raw_refresh=data.validated_data["refresh"], request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)
