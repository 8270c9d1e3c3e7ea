"""django-oauth-toolkit configured for this API: each client may ask only for the scopes it holds."""

from oauth2_provider.scopes import BaseScopes

from .scopes import SCOPES


def _held(application) -> list[str]:
    client = getattr(application, "api_client", None) if application is not None else None
    if client is None or client.is_revoked:
        return []
    return [scope for scope in client.scopes if scope in SCOPES]


class ClientScopes(BaseScopes):
    """The scopes of `scopes.SCOPES`; a token request without `scope` gets every scope the client holds."""

    def get_all_scopes(self):
        return dict(SCOPES)

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        return _held(application)

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return _held(application)
