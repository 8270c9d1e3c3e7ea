from django.core.management.base import BaseCommand

from apps.scheduling.services.reminders import reminders_send


class Command(BaseCommand):
    help = "Send every due appointment reminder exactly once (for cron; Celery beat runs the same job)."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent.")
