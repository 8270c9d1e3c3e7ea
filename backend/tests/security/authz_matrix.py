"""The authorization matrix: the expected status of every API operation for every party of SPEC section 2.

One row per operation of the OpenAPI schema (`test_authz_matrix` fails when an operation has no row,
or a row names no operation). Each row gives the status for anonymous, the owner patient, another
patient, the treating doctor, another doctor, a nurse and an admin, acting on the owner's objects
of the `world` fixture, with a valid body: so a cell shows who may act, not whether the input is good.

The rules (SPEC section 2): an object outside the caller's scope answers 404 (its existence stays
hidden), one the caller can see but not change answers 403, a role that may not use an endpoint at
all answers 403, and admins never see clinical content (records, medications, reports, the timeline).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.tests.factories import PASSWORD

from .conftest import PATH_OBJECTS

ROLES = ("anonymous", "owner", "other_patient", "doctor", "other_doctor", "nurse", "admin")


def statuses(anonymous: int, owner: int, other_patient: int, doctor: int, other_doctor: int, nurse: int, admin: int):
    return dict(zip(ROLES, (anonymous, owner, other_patient, doctor, other_doctor, nurse, admin), strict=True))


def public(status: int) -> dict[str, int]:
    """Anyone, signed in or not (the endpoint ignores credentials)."""
    return dict.fromkeys(ROLES, status)


def signed_in(status: int) -> dict[str, int]:
    """Everyone signed in, each within their own scope."""
    return dict.fromkeys(ROLES, status) | {"anonymous": 401}


def admin_only(status: int) -> dict[str, int]:
    return statuses(401, 403, 403, 403, 403, 403, status)


def staff_only(status: int) -> dict[str, int]:
    return statuses(401, 403, 403, status, status, status, status)


# The owner's clinical objects: visible to the owner and clinicians in scope, hidden from the rest.
CLINICAL_READ = statuses(401, 200, 404, 200, 404, 200, 404)
# Lists of clinical content: everyone reads their own scope; admins are refused outright.
CLINICAL_LIST = statuses(401, 200, 200, 200, 200, 200, 403)


@dataclass(frozen=True)
class Row:
    expected: dict[str, int]
    # A valid body for the operation: body(world, actor) (actor is None for anonymous).
    body: Callable[[Any, Any], dict] | None = None
    query: Callable[[Any], dict] | None = None
    # Path parameters that name another object of the world than conftest.PATH_OBJECTS says.
    objects: dict[str, str] = field(default_factory=dict)
    multipart: bool = False


def url_for(world: Any, path: str, row: Row) -> str:
    """The path of an operation, its parameters naming the world's objects."""
    objects = PATH_OBJECTS | row.objects
    values = {name: getattr(world, objects[name]) for name in objects if "{" + name + "}" in path}
    # Most parameters name a row by its id; a feed token is a string of its own.
    names = {name: value if isinstance(value, str) else value.pk for name, value in values.items()}
    return path.format(**names)


def new_account(prefix: str, **extra: Any) -> Callable[[Any, Any], dict]:
    def body(w, actor) -> dict:
        return {
            "username": f"{prefix}-new",
            "email": f"{prefix}-new@example.org",
            "password": "a-long-enough-passphrase",
            "first_name": "New",
            "last_name": "Person",
        } | extra

    return body


def _own_refresh(w, actor) -> dict:
    from apps.accounts.services.sessions import session_start_for

    return {"refresh": session_start_for(user=actor).refresh if actor else "not-a-token"}


def _owner_refresh(w, actor) -> dict:
    from apps.accounts.services.sessions import session_start_for

    return {"refresh": session_start_for(user=w.owner).refresh}


def _report_upload(w, actor) -> dict:
    from apps.records.tests.factories import PDF

    return {"patient": w.owner.pk, "title": "ECG", "file": SimpleUploadedFile("ecg.pdf", PDF, "application/pdf")}


def _pending_code(w, actor) -> dict:
    """A started authenticator for a staff actor, and its current code."""
    import pyotp

    from apps.accounts.services.mfa import mfa_enrol_start

    if actor is None or actor.is_patient:
        return {"code": "123456"}
    return {"code": pyotp.TOTP(mfa_enrol_start(user=actor).secret).now()}


def _enrolled_code(user) -> str:
    """A confirmed authenticator for `user`, and a code it has not used yet."""
    from apps.accounts.tests.factories import enrolled_authenticator

    totp, _ = enrolled_authenticator(user)
    return totp.now()


def _current_code(w, actor) -> dict:
    return {"code": _enrolled_code(actor) if actor is not None and not actor.is_patient else "123456"}


def _challenge(user) -> str:
    from django.core import signing

    from apps.accounts.services.mfa_challenge import CHALLENGE_SALT

    return signing.dumps({"u": user.pk, "v": user.token_version}, salt=CHALLENGE_SALT)


def _sign_in_second_step(w, actor) -> dict:
    return {"code": _enrolled_code(w.nurse), "mfa_token": _challenge(w.nurse)}


def _owner_reset_link(w, actor) -> dict:
    from apps.accounts.tokens import password_reset_tokens, password_reset_uid

    return {
        "uid": password_reset_uid(w.owner),
        "token": password_reset_tokens.make_token(w.owner),
        "new_password": "a-brand-new-passphrase-42",
    }


WEEKLY_HOURS = {
    "rules": [{"weekday": 0, "start_time": "09:00", "end_time": "12:00", "slot_minutes": 30}],
    "exceptions": [],
}

MATRIX: dict[tuple[str, str], Row] = {
    # --- core and sessions ---------------------------------------------------------------------
    ("GET", "/api/v1/health/"): Row(public(200)),
    ("GET", "/api/v1/clinic/"): Row(public(200)),
    ("POST", "/api/v1/auth/register/"): Row(public(202), body=new_account("self")),
    (
        "POST",
        "/api/v1/auth/token/",
    ): Row(public(200), body=lambda w, a: {"username": w.owner.username, "password": PASSWORD}),
    ("POST", "/api/v1/auth/token/refresh/"): Row(public(200), body=_owner_refresh),
    ("POST", "/api/v1/auth/logout/"): Row(signed_in(204), body=_own_refresh),
    # Password reset: anyone, credentials ignored (a person signed in elsewhere may have forgotten it).
    ("POST", "/api/v1/auth/password-reset/"): Row(public(202), body=lambda w, a: {"email": w.owner.email}),
    ("POST", "/api/v1/auth/password-reset/confirm/"): Row(public(204), body=_owner_reset_link),
    # --- the second factor of staff (the nurse signs in with the code of her authenticator) -----
    ("POST", "/api/v1/auth/token/mfa/"): Row(public(200), body=_sign_in_second_step),
    ("POST", "/api/v1/auth/token/mfa/enrol/"): Row(public(200), body=lambda w, a: {"mfa_token": _challenge(w.nurse)}),
    ("GET", "/api/v1/me/mfa/"): Row(staff_only(200)),
    ("POST", "/api/v1/me/mfa/enrol/"): Row(staff_only(200)),
    ("POST", "/api/v1/me/mfa/confirm/"): Row(staff_only(200), body=_pending_code),
    ("POST", "/api/v1/me/mfa/recovery-codes/"): Row(staff_only(200), body=_current_code),
    ("POST", "/api/v1/me/mfa/disable/"): Row(staff_only(204), body=_current_code),
    ("GET", "/api/v1/me/"): Row(signed_in(200)),
    ("PATCH", "/api/v1/me/"): Row(signed_in(200), body=lambda w, a: {"first_name": "Changed"}),
    (
        "POST",
        "/api/v1/me/password/",
    ): Row(signed_in(200), body=lambda w, a: {"old_password": PASSWORD, "new_password": "a-brand-new-passphrase-42"}),
    ("GET", "/api/v1/me/access-log/"): Row(statuses(401, 200, 200, 403, 403, 403, 403)),
    # --- accounts ------------------------------------------------------------------------------
    ("GET", "/api/v1/doctors/"): Row(signed_in(200)),
    (
        "POST",
        "/api/v1/doctors/",
    ): Row(admin_only(201), body=new_account("doc", specialty="Cardiology", licence_number="LIC-NEW")),
    ("GET", "/api/v1/doctors/{doctor_id}/"): Row(signed_in(200)),
    ("PATCH", "/api/v1/doctors/{doctor_id}/"): Row(admin_only(200), body=lambda w, a: {"bio": "Updated"}),
    # The other doctor has no future appointments, so an admin may deactivate them.
    ("DELETE", "/api/v1/doctors/{doctor_id}/"): Row(admin_only(204), objects={"doctor_id": "other_doctor"}),
    ("GET", "/api/v1/nurses/"): Row(admin_only(200)),
    ("POST", "/api/v1/nurses/"): Row(admin_only(201), body=new_account("nurse")),
    ("GET", "/api/v1/nurses/{nurse_id}/"): Row(admin_only(200)),
    ("PATCH", "/api/v1/nurses/{nurse_id}/"): Row(admin_only(200), body=lambda w, a: {"last_name": "Renamed"}),
    ("DELETE", "/api/v1/nurses/{nurse_id}/"): Row(admin_only(204)),
    ("GET", "/api/v1/patients/"): Row(signed_in(200)),
    ("POST", "/api/v1/patients/"): Row(admin_only(201), body=new_account("pat")),
    ("GET", "/api/v1/patients/{patient_id}/"): Row(statuses(401, 200, 404, 200, 404, 200, 200)),
    (
        "PATCH",
        "/api/v1/patients/{patient_id}/",
    ): Row(statuses(401, 403, 404, 403, 404, 403, 200), body=lambda w, a: {"first_name": "Renamed"}),
    ("DELETE", "/api/v1/patients/{patient_id}/"): Row(statuses(401, 403, 404, 403, 404, 403, 204)),
    (
        "POST",
        "/api/v1/patients/{patient_id}/assign-doctor/",
    ): Row(statuses(401, 403, 404, 403, 404, 403, 200), body=lambda w, a: {"doctor": w.other_doctor.pk}),
    ("GET", "/api/v1/patients/{patient_id}/timeline/"): Row(CLINICAL_READ),
    ("GET", "/api/v1/audit-events/"): Row(admin_only(200)),
    # The audit log's name typeahead: admins only (API clients never: test_client_matrix.py).
    ("GET", "/api/v1/people/"): Row(admin_only(200), query=lambda w: {"q": "Owner"}),
    # --- API clients (admins only) --------------------------------------------------------------
    ("GET", "/api/v1/api-clients/"): Row(admin_only(200)),
    (
        "POST",
        "/api/v1/api-clients/",
    ): Row(admin_only(201), body=lambda w, a: {"name": "Telehealth", "scopes": ["appointments:read"]}),
    ("GET", "/api/v1/api-clients/{api_client_id}/"): Row(admin_only(200)),
    (
        "PATCH",
        "/api/v1/api-clients/{api_client_id}/",
    ): Row(admin_only(200), body=lambda w, a: {"scopes": ["patients:read"], "doctors": [w.doctor.pk]}),
    ("POST", "/api/v1/api-clients/{api_client_id}/rotate-secret/"): Row(admin_only(200)),
    ("POST", "/api/v1/api-clients/{api_client_id}/revoke/"): Row(admin_only(200)),
    # --- webhooks (admins; API clients with webhooks:manage, test_client_matrix.py) ---------------
    ("GET", "/api/v1/webhooks/event-types/"): Row(admin_only(200)),
    ("GET", "/api/v1/webhooks/endpoints/"): Row(admin_only(200)),
    (
        "POST",
        "/api/v1/webhooks/endpoints/",
    ): Row(
        admin_only(201),
        body=lambda w, a: {"url": "https://receiver.example/new", "event_types": ["appointment.booked"]},
    ),
    ("GET", "/api/v1/webhooks/endpoints/{endpoint_id}/"): Row(admin_only(200)),
    (
        "PATCH",
        "/api/v1/webhooks/endpoints/{endpoint_id}/",
    ): Row(admin_only(200), body=lambda w, a: {"description": "Renamed"}),
    ("DELETE", "/api/v1/webhooks/endpoints/{endpoint_id}/"): Row(admin_only(204)),
    ("POST", "/api/v1/webhooks/endpoints/{endpoint_id}/enable/"): Row(admin_only(200)),
    ("GET", "/api/v1/webhooks/endpoints/{endpoint_id}/deliveries/"): Row(admin_only(200)),
    ("POST", "/api/v1/webhooks/deliveries/{delivery_id}/replay/"): Row(admin_only(201)),
    # --- scheduling ----------------------------------------------------------------------------
    ("GET", "/api/v1/doctors/{doctor_id}/availability/"): Row(signed_in(200)),
    (
        "PUT",
        "/api/v1/doctors/{doctor_id}/availability/",
    ): Row(statuses(401, 403, 403, 200, 403, 403, 200), body=lambda w, a: WEEKLY_HOURS),
    ("GET", "/api/v1/doctors/{doctor_id}/slots/"): Row(signed_in(200), query=lambda w: {"date": w.free_day}),
    ("GET", "/api/v1/slots/next/"): Row(signed_in(200)),
    # Counts and minutes only, no clinical content.
    ("GET", "/api/v1/stats/"): Row(admin_only(200)),
    ("GET", "/api/v1/appointments/"): Row(signed_in(200)),
    # Another patient naming the owner finds no such patient: a field error that reveals nothing.
    # Doctors do not book.
    (
        "POST",
        "/api/v1/appointments/",
    ): Row(
        statuses(401, 201, 400, 403, 403, 201, 201),
        body=lambda w, a: {"doctor": w.doctor.pk, "start": w.free_slot.isoformat(), "patient": w.owner.pk},
    ),
    ("GET", "/api/v1/appointments/{appointment_id}/"): Row(statuses(401, 200, 404, 200, 404, 200, 200)),
    # Rescheduling: the patient, nurses and admins; the doctor cancels instead.
    (
        "PATCH",
        "/api/v1/appointments/{appointment_id}/",
    ): Row(statuses(401, 200, 404, 403, 404, 200, 200), body=lambda w, a: {"start": w.other_free_slot.isoformat()}),
    (
        "POST",
        "/api/v1/appointments/{appointment_id}/cancel/",
    ): Row(statuses(401, 200, 404, 200, 404, 200, 200), body=lambda w, a: {"reason": "Cannot come"}),
    (
        "POST",
        "/api/v1/appointments/{appointment_id}/complete/",
    ): Row(
        statuses(401, 403, 404, 200, 404, 403, 403),
        body=lambda w, a: {"consultation_notes": "Examined; rest advised."},
        objects={"appointment_id": "started"},
    ),
    (
        "POST",
        "/api/v1/appointments/{appointment_id}/no-show/",
    ): Row(statuses(401, 403, 404, 200, 404, 403, 403), objects={"appointment_id": "started"}),
    # Arrival at the desk: the doctor, nurses and admins (no clinical content in the admin's answer).
    (
        "POST",
        "/api/v1/appointments/{appointment_id}/arrive/",
    ): Row(statuses(401, 403, 404, 200, 404, 200, 200), objects={"appointment_id": "started"}),
    (
        "DELETE",
        "/api/v1/appointments/{appointment_id}/arrive/",
    ): Row(statuses(401, 403, 404, 200, 404, 200, 200), objects={"appointment_id": "arrived"}),
    # Undoing a completion: only the doctor who closed the visit, within the undo window.
    (
        "POST",
        "/api/v1/appointments/{appointment_id}/reopen/",
    ): Row(statuses(401, 403, 404, 200, 404, 403, 403), objects={"appointment_id": "closed"}),
    # The one-off .ics of an appointment: the detail's rules (initials and times, no clinical text).
    ("GET", "/api/v1/appointments/{appointment_id}/ics/"): Row(statuses(401, 200, 404, 200, 404, 200, 200)),
    # --- calendar feeds: patients and doctors hold one; nurses and admins see everyone's visits ----
    ("GET", "/api/v1/me/calendar-feed/"): Row(statuses(401, 200, 200, 200, 200, 403, 403)),
    ("POST", "/api/v1/me/calendar-feed/"): Row(statuses(401, 201, 201, 201, 201, 403, 403)),
    ("DELETE", "/api/v1/me/calendar-feed/"): Row(statuses(401, 204, 204, 204, 204, 403, 403)),
    # The token in the URL is the credential: the owner's feed answers anyone who holds it, and
    # shows the doctor, times and place only (the matrix's NEVER_SHOWN markers stay out).
    ("GET", "/api/v1/calendar-feeds/{token}.ics"): Row(public(200), objects={"token": "feed_token"}),
    # --- clinical records ----------------------------------------------------------------------
    ("GET", "/api/v1/records/"): Row(CLINICAL_LIST),
    (
        "POST",
        "/api/v1/records/",
    ): Row(
        statuses(401, 403, 403, 201, 404, 201, 403),
        body=lambda w, a: {"patient": w.owner.pk, "entry_date": "2024-05-01", "diagnosis": "Otitis media"},
    ),
    ("GET", "/api/v1/records/{record_id}/"): Row(CLINICAL_READ),
    (
        "PATCH",
        "/api/v1/records/{record_id}/",
    ): Row(statuses(401, 403, 404, 200, 404, 200, 404), body=lambda w, a: {"notes": "Reviewed"}),
    ("GET", "/api/v1/records/{record_id}/revisions/"): Row(CLINICAL_READ),
    ("GET", "/api/v1/medications/"): Row(CLINICAL_LIST),
    (
        "POST",
        "/api/v1/medications/",
    ): Row(
        statuses(401, 403, 403, 201, 404, 403, 403),
        body=lambda w, a: {
            "patient": w.owner.pk,
            "name": "Amoxicillin",
            "dose": "500 mg",
            "frequency": "three times daily",
            "start_date": w.free_day.isoformat(),
        },
    ),
    ("GET", "/api/v1/medications/{medication_id}/"): Row(CLINICAL_READ),
    (
        "PATCH",
        "/api/v1/medications/{medication_id}/",
    ): Row(statuses(401, 403, 404, 200, 404, 403, 404), body=lambda w, a: {"dose": "20 mg"}),
    ("GET", "/api/v1/reports/"): Row(CLINICAL_LIST),
    (
        "POST",
        "/api/v1/reports/",
    ): Row(statuses(401, 403, 403, 201, 404, 201, 403), body=_report_upload, multipart=True),
    ("GET", "/api/v1/reports/{report_id}/"): Row(CLINICAL_READ),
    ("DELETE", "/api/v1/reports/{report_id}/"): Row(statuses(401, 403, 404, 204, 404, 204, 404)),
    ("GET", "/api/v1/reports/{report_id}/file/"): Row(CLINICAL_READ),
    # --- notifications: each user's own inbox ---------------------------------------------------
    ("GET", "/api/v1/notifications/"): Row(signed_in(200)),
    ("POST", "/api/v1/notifications/{notification_id}/read/"): Row(statuses(401, 200, 404, 404, 404, 404, 404)),
    ("POST", "/api/v1/notifications/read-all/"): Row(signed_in(200)),
    ("GET", "/api/v1/notifications/unread-count/"): Row(signed_in(200)),
    # --- FHIR R4 (apps/fhir): the REST rules, resource by resource ---------------------------------
    ("GET", "/fhir/R4/metadata"): Row(public(200)),
    ("GET", "/fhir/R4/.well-known/smart-configuration"): Row(public(200)),
    ("GET", "/fhir/R4/Patient"): Row(signed_in(200)),
    ("GET", "/fhir/R4/Patient/{patient_id}"): Row(statuses(401, 200, 404, 200, 404, 200, 200)),
    # The whole compartment, clinical content included: as the REST timeline.
    ("GET", "/fhir/R4/Patient/{patient_id}/$everything"): Row(CLINICAL_READ),
    ("GET", "/fhir/R4/Practitioner"): Row(signed_in(200)),
    ("GET", "/fhir/R4/Practitioner/{doctor_id}"): Row(signed_in(200)),
    ("GET", "/fhir/R4/PractitionerRole"): Row(signed_in(200)),
    ("GET", "/fhir/R4/PractitionerRole/{doctor_id}"): Row(signed_in(200)),
    ("GET", "/fhir/R4/Schedule"): Row(signed_in(200)),
    ("GET", "/fhir/R4/Schedule/{doctor_id}"): Row(signed_in(200)),
    ("GET", "/fhir/R4/Slot"): Row(signed_in(200), query=lambda w: {"schedule": f"Schedule/{w.doctor.pk}"}),
    ("GET", "/fhir/R4/Slot/{slot_id}"): Row(signed_in(200)),
    ("GET", "/fhir/R4/Appointment"): Row(signed_in(200)),
    ("GET", "/fhir/R4/Appointment/{appointment_id}"): Row(statuses(401, 200, 404, 200, 404, 200, 200)),
    ("GET", "/fhir/R4/Encounter"): Row(signed_in(200)),
    ("GET", "/fhir/R4/Encounter/{encounter_id}"): Row(statuses(401, 200, 404, 200, 404, 200, 200)),
    ("GET", "/fhir/R4/Condition"): Row(CLINICAL_LIST),
    ("GET", "/fhir/R4/Condition/{record_id}"): Row(CLINICAL_READ),
    ("GET", "/fhir/R4/MedicationStatement"): Row(CLINICAL_LIST),
    ("GET", "/fhir/R4/MedicationStatement/{medication_id}"): Row(CLINICAL_READ),
    ("GET", "/fhir/R4/DocumentReference"): Row(CLINICAL_LIST),
    ("GET", "/fhir/R4/DocumentReference/{report_id}"): Row(CLINICAL_READ),
    # The report's file, as the REST download.
    ("GET", "/fhir/R4/Binary/{report_id}"): Row(CLINICAL_READ),
}
