"""The event types a webhook endpoint may subscribe to, and what a client needs to receive each one."""

APPOINTMENT_BOOKED = "appointment.booked"
APPOINTMENT_RESCHEDULED = "appointment.rescheduled"
APPOINTMENT_CANCELLED = "appointment.cancelled"
APPOINTMENT_COMPLETED = "appointment.completed"
APPOINTMENT_NO_SHOW = "appointment.no_show"
APPOINTMENT_REOPENED = "appointment.reopened"
RECORD_CREATED = "record.created"
RECORD_REVISED = "record.revised"
MEDICATION_CHANGED = "medication.changed"
REPORT_UPLOADED = "report.uploaded"
PATIENT_UPDATED = "patient.updated"

# Event type -> (description, the read scope an API client needs to receive it).
EVENT_TYPES: dict[str, tuple[str, str]] = {
    APPOINTMENT_BOOKED: ("An appointment was booked", "appointments:read"),
    APPOINTMENT_RESCHEDULED: ("An appointment moved to another time", "appointments:read"),
    APPOINTMENT_CANCELLED: ("An appointment was cancelled", "appointments:read"),
    APPOINTMENT_COMPLETED: ("A visit was completed", "appointments:read"),
    APPOINTMENT_NO_SHOW: ("The patient did not come", "appointments:read"),
    APPOINTMENT_REOPENED: ("A completion or no-show was undone: the visit is booked again", "appointments:read"),
    RECORD_CREATED: ("A record entry was written", "records:read"),
    RECORD_REVISED: ("A record entry was revised", "records:read"),
    MEDICATION_CHANGED: ("A medication was prescribed, changed or ended", "records:read"),
    REPORT_UPLOADED: ("A report was uploaded", "reports:read"),
    PATIENT_UPDATED: ("A patient's account or profile changed", "patients:read"),
}

# The names alone, in order: one enum of the OpenAPI schema (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
EVENT_TYPE_NAMES = list(EVENT_TYPES)

APPOINTMENT_EVENTS = frozenset(name for name in EVENT_TYPES if name.startswith("appointment."))


def scope_for(event_type: str) -> str:
    return EVENT_TYPES[event_type][1]
