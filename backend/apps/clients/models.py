from django.conf import settings
from django.db import models
from oauth2_provider.models import Application


class ApiClient(models.Model):
    """A machine client of the API (SPEC section 1): its scopes and the people it is limited to.

    The OAuth credentials (client id, hashed secret) and tokens live in django-oauth-toolkit's
    Application and AccessToken. Revoking deletes the Application, and with it every token, while
    this row stays, so the audit log keeps naming the client.
    """

    name = models.CharField(max_length=100)
    application = models.OneToOneField(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="api_client"
    )
    # The public client id, kept after revocation for the audit log and the admin list.
    client_id = models.CharField(max_length=100, unique=True)
    # A list of scope names (apps.clients.scopes.SCOPES); JSON, so the SQLite fallback can hold it too.
    scopes = models.JSONField(default=list, blank=True)
    # Empty on both: every active patient. Otherwise the patients named, and those of the doctors named.
    doctors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    patients = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    # Public keys for signed client assertions (private_key_jwt, apps.clients.assertions); null: the secret.
    jwks = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | models.Q(application__isnull=True),
                name="api_client_revoked_has_no_credentials",
            ),
        ]

    def __str__(self) -> str:
        return f"API client {self.name}"

    @property
    def auth_method(self) -> str:
        """How the client authenticates at the token endpoint (RFC 7591 names)."""
        return "private_key_jwt" if self.jwks else "client_secret_basic"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
