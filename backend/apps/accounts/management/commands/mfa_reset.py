"""`manage.py mfa_reset USERNAME`: for a staff member who lost both the authenticator and the recovery codes."""

from django.core.management.base import BaseCommand, CommandError

from apps.accounts.models import User
from apps.accounts.services.mfa import mfa_reset


class Command(BaseCommand):
    help = "Erase a user's authenticator and recovery codes; their next sign-in enrols again if MFA is required."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if mfa_reset(user=user):
            self.stdout.write(self.style.SUCCESS(f"The second factor of {username} is erased."))
        else:
            self.stdout.write(f"{username} has no second factor.")
