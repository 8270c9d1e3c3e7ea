"""iCalendar (RFC 5545) for subscribed feeds and one-off downloads, built with the `icalendar` package.

An event shows as little as it can, because calendars sync to third parties: a patient sees the
doctor, the time and the clinic's name and address; a doctor the time and the patient's initials;
nurses and admins (one-off downloads only) the initials and the doctor. Never the reason for the
visit or any clinical text. Times are written in the clinic's zone with its VTIMEZONE, so a
calendar app shows the right wall-clock time on both sides of a daylight-saving change.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings

from apps.accounts.models import User

from .models import Appointment, Status

PRODID = "-//Patient Tracker//Appointments//EN"
# How often a subscribed calendar app should poll (a hint; apps choose for themselves).
REFRESH_INTERVAL = timedelta(hours=1)


class View(StrEnum):
    """Whose eyes an event is written for."""

    PATIENT = "patient"
    DOCTOR = "doctor"
    STAFF = "staff"


def view_for(user: User) -> View:
    if user.is_patient:
        return View.PATIENT
    return View.DOCTOR if user.is_doctor else View.STAFF


def initials(user: User) -> str:
    """ "J.S." for Jane Smith: enough for a doctor to recognise a visit, too little to name a patient."""
    letters = [part.strip()[0].upper() for part in (user.first_name, user.last_name) if part.strip()]
    return ".".join(letters) + "." if letters else "?"


def _uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "patient-tracker"


def appointment_uid(appointment: Appointment) -> str:
    """Stable for the appointment's whole life, so a reschedule or a cancellation updates one event."""
    return f"appointment-{appointment.pk}@{_uid_domain()}"


@lru_cache(maxsize=8)
def _vtimezone(tzid: str, first_year: int, last_year: int) -> icalendar.Timezone:
    # Whole years, so the daily moving feed window reuses one component; built once per process.
    return icalendar.Timezone.from_tzid(tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1))


def _summary(appointment: Appointment, view: View) -> str:
    if view is View.PATIENT:
        return f"Appointment with Dr {appointment.doctor.full_name}"
    if view is View.DOCTOR:
        return f"Appointment: {initials(appointment.patient)}"
    return f"Appointment: {initials(appointment.patient)} with Dr {appointment.doctor.full_name}"


def _event(appointment: Appointment, view: View, zone: ZoneInfo) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", appointment_uid(appointment))
    # The time the event's information last changed in our store, so an unchanged appointment
    # serialises the same on every poll.
    event.add("dtstamp", appointment.updated_at)
    event.add("created", appointment.created_at)
    event.add("last-modified", appointment.updated_at)
    event.add("sequence", appointment.sequence)
    event.add("dtstart", appointment.start.astimezone(zone))
    event.add("dtend", appointment.end.astimezone(zone))
    event.add("summary", _summary(appointment, view))
    event.add("location", f"{settings.CLINIC_NAME}, {settings.CLINIC_ADDRESS}")
    event.add("status", "CANCELLED" if appointment.status == Status.CANCELLED else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if appointment.status == Status.CANCELLED else "OPAQUE")
    if view is View.PATIENT:
        event.add("description", f"To change or cancel, use the patient portal or call {settings.CLINIC_PHONE}.")
    return event


def appointments_calendar(
    appointments: Iterable[Appointment], *, view: View, name: str, first_day: date, last_day: date
) -> bytes:
    """One VCALENDAR of `appointments` (each read with its doctor and patient), with the clinic's VTIMEZONE
    covering `first_day` to `last_day`."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH_INTERVAL)
    calendar.add("x-published-ttl", REFRESH_INTERVAL)
    calendar.add_component(_vtimezone(settings.TIME_ZONE, first_day.year, last_day.year))
    for appointment in appointments:
        calendar.add_component(_event(appointment, view, zone))
    return calendar.to_ical()
