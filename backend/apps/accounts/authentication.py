from rest_framework_simplejwt.authentication import JWTAuthentication as SimpleJWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed

from . import errors

TOKEN_VERSION_CLAIM = "ver"


class JWTAuthentication(SimpleJWTAuthentication):
    """Bearer access tokens, valid only while the user is active and their token version matches.

    Logout, a password change, deactivation or the reuse of a spent refresh token bump the
    user's token version, so every token issued before stops working at once.
    """

    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        if validated_token.get(TOKEN_VERSION_CLAIM) != getattr(user, "token_version", None):
            raise AuthenticationFailed("This session has ended. Sign in again.", code=errors.SESSION_ENDED)
        return user
