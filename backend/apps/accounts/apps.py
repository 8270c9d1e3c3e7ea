from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from apps.notifications.models import Kind
        from apps.notifications.services import email_policy_register

        from . import schema  # noqa: F401  (registers the OpenAPI authentication extension)
        from .services.password_reset import RESET_EMAIL

        email_policy_register(Kind.PASSWORD_RESET, RESET_EMAIL)
