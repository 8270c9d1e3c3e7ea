from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "apps.scheduling"
    label = "scheduling"
    verbose_name = "Scheduling"

    def ready(self) -> None:
        # Accounts and notifications build on no app above them: scheduling hands them its rules here.
        from apps.accounts.services.accounts import account_deactivation_check_register
        from apps.notifications.models import Kind
        from apps.notifications.services import email_policy_register

        from .services.doctors import doctor_deactivation_check
        from .services.reminders import REMINDER_EMAIL

        account_deactivation_check_register(doctor_deactivation_check)
        email_policy_register(Kind.REMINDER, REMINDER_EMAIL)
