from django.urls import path

from .api.appointment_actions import (
    AppointmentArrivalApi,
    AppointmentCancelApi,
    AppointmentCompleteApi,
    AppointmentNoShowApi,
    AppointmentReopenApi,
)
from .api.appointments import AppointmentDetailApi, AppointmentListCreateApi
from .api.availability import DoctorAvailabilityApi
from .api.calendar import AppointmentIcsApi, CalendarFeedApi, CalendarFeedReadApi
from .api.clinic import ClinicApi
from .api.slots import DoctorSlotsApi, SlotsNextApi
from .api.stats import ClinicStatsApi

urlpatterns = [
    path("clinic/", ClinicApi.as_view(), name="clinic"),
    path("doctors/<int:doctor_id>/availability/", DoctorAvailabilityApi.as_view(), name="doctor-availability"),
    path("doctors/<int:doctor_id>/slots/", DoctorSlotsApi.as_view(), name="doctor-slots"),
    path("slots/next/", SlotsNextApi.as_view(), name="slots-next"),
    path("stats/", ClinicStatsApi.as_view(), name="clinic-stats"),
    path("appointments/", AppointmentListCreateApi.as_view(), name="appointment-list"),
    path("appointments/<int:appointment_id>/", AppointmentDetailApi.as_view(), name="appointment-detail"),
    path("appointments/<int:appointment_id>/cancel/", AppointmentCancelApi.as_view(), name="appointment-cancel"),
    path("appointments/<int:appointment_id>/complete/", AppointmentCompleteApi.as_view(), name="appointment-complete"),
    path("appointments/<int:appointment_id>/no-show/", AppointmentNoShowApi.as_view(), name="appointment-no-show"),
    path("appointments/<int:appointment_id>/arrive/", AppointmentArrivalApi.as_view(), name="appointment-arrive"),
    path("appointments/<int:appointment_id>/reopen/", AppointmentReopenApi.as_view(), name="appointment-reopen"),
    path("appointments/<int:appointment_id>/ics/", AppointmentIcsApi.as_view(), name="appointment-ics"),
    path("me/calendar-feed/", CalendarFeedApi.as_view(), name="me-calendar-feed"),
    path("calendar-feeds/<str:token>.ics", CalendarFeedReadApi.as_view(), name="calendar-feed-read"),
]
