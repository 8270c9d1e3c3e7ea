"""The notification a patient gets when a record entry or report is added to their history."""

from apps.accounts.models import User
from apps.notifications.models import Kind, Title
from apps.notifications.services import notification_create

TITLES = {Kind.RECORD_ADDED: Title.RECORD_ADDED, Kind.REPORT_ADDED: Title.REPORT_ADDED}


def clinical_event_notify(*, kind: str, patient_id: int, link: str) -> None:
    """Tell a patient that a new record entry or report is in their history (no clinical detail).

    Called inside the transaction that writes the entry or report.
    """
    patient = User.objects.select_related("patient_profile").filter(pk=patient_id, is_active=True).first()
    if patient is None:
        return
    notification_create(
        recipient=patient, kind=kind, title=TITLES[Kind(kind)], body="", link=link, by_email=patient.prefers_email
    )
