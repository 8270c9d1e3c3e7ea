"""What scheduling refuses to a doctor's account: deactivation while appointments are still booked."""

from django.utils import timezone

from apps.accounts import errors as account_errors
from apps.accounts.models import User
from apps.core.errors import ConflictError

from ..models import Appointment, Status


def doctor_deactivation_check(user: User) -> None:
    """Refuse to deactivate a doctor who has future booked appointments (registered with accounts)."""
    if not user.is_doctor:
        return
    if Appointment.objects.filter(doctor=user, status=Status.BOOKED, end__gt=timezone.now()).exists():
        raise ConflictError(
            code=account_errors.DOCTOR_HAS_FUTURE_APPOINTMENTS,
            message="This doctor has future booked appointments; cancel or move them first.",
        )
