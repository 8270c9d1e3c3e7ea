"""django-oauth-toolkit configured for this API: each client may ask only for the scopes it holds."""

from oauth2_provider.scopes import BaseScopes

from .scopes import FHIR_RESOURCES, SCOPES, smart_scopes, with_implied


def _held(application, *, narrower: bool = True) -> list[str]:
    """The client's scopes and the SMART scopes they open (`.rs`, and `.r` and `.s` when `narrower`)."""
    client = getattr(application, "api_client", None) if application is not None else None
    if client is None or client.is_revoked:
        return []
    held = with_implied(scope for scope in client.scopes if scope in SCOPES)
    smart = smart_scopes(held)
    return held + (smart if narrower else [scope for scope in smart if scope.endswith(".rs")])


class ClientScopes(BaseScopes):
    """The scopes of `scopes.SCOPES` and their SMART v2 forms; a token request without `scope` gets
    every scope the client holds."""

    def get_all_scopes(self):
        return dict(SCOPES) | {smart: f"FHIR: {smart}" for smart in smart_scopes(list(FHIR_RESOURCES))}

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        return _held(application)

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return _held(application, narrower=False)
