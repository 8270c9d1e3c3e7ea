"""Error codes of the scheduling app (the `code` of an error body)."""

# 400: the requested start is not bookable.
START_IN_PAST = "start_in_past"
NOTICE_TOO_SHORT = "notice_too_short"
BEYOND_BOOKING_HORIZON = "beyond_booking_horizon"
OUTSIDE_AVAILABILITY = "outside_availability"
PATIENT_INACTIVE = "patient_inactive"
DOCTOR_UNAVAILABLE = "doctor_unavailable"
# 409: the request conflicts with the current state.
SLOT_TAKEN = "slot_taken"
PATIENT_OVERLAP = "patient_overlap"
UPCOMING_LIMIT_REACHED = "upcoming_limit_reached"
DOCTOR_NOT_ACCEPTING = "doctor_not_accepting_new_patients"
INVALID_STATUS_CHANGE = "invalid_status_change"
CANCELLATION_TOO_LATE = "cancellation_too_late"
APPOINTMENT_NOT_STARTED = "appointment_not_started"
