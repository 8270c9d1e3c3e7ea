from rest_framework_simplejwt.authentication import JWTAuthentication as SimpleJWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings

from . import errors
from .selectors import user_by_id

TOKEN_VERSION_CLAIM = "ver"


class JWTAuthentication(SimpleJWTAuthentication):
    """Bearer access tokens, valid only while the user is active and their token version matches.

    Logout, a password change, deactivation or the reuse of a spent refresh token bump the
    user's token version, so every token issued before stops working at once.

    The user is read by `user_by_id`, which finds nobody for a claim that is not exactly a user's
    primary key (simplejwt's queryset would read " 1" or 1.5 as 1, and fail on "abc") and refuses
    ids out of range without a query, with
    simplejwt's own answers (its English wording) when the token names nobody or an inactive user.
    """

    def get_user(self, validated_token):
        try:
            user_id = validated_token[api_settings.USER_ID_CLAIM]
        except KeyError as e:
            raise InvalidToken("Token contained no recognizable user identification") from e
        user = user_by_id(user_id)
        if user is None:
            raise AuthenticationFailed("User not found", code="user_not_found")
        if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
            raise AuthenticationFailed("User is inactive", code="user_inactive")
        if validated_token.get(TOKEN_VERSION_CLAIM) != user.token_version:
            raise AuthenticationFailed("This session has ended. Sign in again.", code=errors.SESSION_ENDED)
        return user
