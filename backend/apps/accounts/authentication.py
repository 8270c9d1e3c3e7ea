import time
from collections import OrderedDict

from rest_framework_simplejwt import settings as simplejwt_settings
from rest_framework_simplejwt.authentication import JWTAuthentication as SimpleJWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import Token

from . import errors
from .selectors import user_by_id

TOKEN_VERSION_CLAIM = "ver"


class VerifiedTokens:
    """Access tokens this process has verified, by their exact bytes, each until its expiry.

    Verifying a token (base64, its HMAC, JSON, the claims) cost about half of authentication's CPU
    (bench/README.md), and a client sends the same token with every request for minutes. A token
    found here is the one that passed, byte for byte, under the same verifying settings (a change of
    key or algorithm empties it); it stops counting at its `exp`. Who the token names is still read
    and checked on every request (`get_user`): logout, deactivation and password changes end it at
    once. Bounded: the least recently used token goes first.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[bytes, tuple[float, Token]] = OrderedDict()
        self.settings: object = None

    def _check_settings(self) -> None:
        # simplejwt makes a new settings object whenever SIMPLE_JWT changes (key, algorithm, audience...).
        if simplejwt_settings.api_settings is not self.settings:
            self.entries.clear()
            self.settings = simplejwt_settings.api_settings

    def get(self, raw_token: bytes) -> Token | None:
        self._check_settings()
        entry = self.entries.get(raw_token)
        if entry is None:
            return None
        expires, token = entry
        if time.time() >= expires:
            del self.entries[raw_token]
            return None
        self.entries.move_to_end(raw_token)
        return token

    def put(self, raw_token: bytes, token: Token) -> None:
        self._check_settings()
        expires = token.payload.get("exp")
        if not isinstance(expires, int | float) or isinstance(expires, bool):
            return
        self.entries[raw_token] = (float(expires), token)
        self.entries.move_to_end(raw_token)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)


verified_tokens = VerifiedTokens(size=4096)


class JWTAuthentication(SimpleJWTAuthentication):
    """Bearer access tokens, valid only while the user is active and their token version matches.

    Logout, a password change, deactivation or the reuse of a spent refresh token bump the
    user's token version, so every token issued before stops working at once.

    The user is read by `user_by_id` (which refuses ids out of range without a query), with
    simplejwt's own answers (its English wording) when the token names nobody or an inactive user.
    A token is verified once per process (`VerifiedTokens`), its user on every request.
    """

    def get_validated_token(self, raw_token: bytes) -> Token:
        token = verified_tokens.get(raw_token)
        if token is None:
            token = super().get_validated_token(raw_token)
            verified_tokens.put(raw_token, token)
        return token

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
