from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "apps.scheduling"
    label = "scheduling"
    verbose_name = "Scheduling"

    def ready(self) -> None:
        # Notifications builds on no app above it: scheduling hands it its rules here.
        from apps.notifications.models import Kind
        from apps.notifications.services import email_policy_register

        from .services.reminders import REMINDER_EMAIL

        email_policy_register(Kind.REMINDER, REMINDER_EMAIL)
