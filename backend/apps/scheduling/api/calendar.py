"""Calendars: the caller's private feed (status, create or rotate, revoke), the feed itself, read by a
calendar app with the token in its URL, and a one-off `.ics` of one appointment."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core import errors as core_errors
from apps.core.errors import NotFoundError
from apps.core.permissions import IsDoctor, IsPatient
from apps.core.renderers import JSONRenderer
from apps.core.schema import error_codes
from apps.core.serializers import StrictCharField, StrictURLField

from ..calendars import appointments_calendar, view_for
from ..selectors import appointment_get
from ..selectors.calendar_feeds import calendar_feed_by_token, calendar_feed_get, calendar_feed_window
from ..services import calendar_feed_issue, calendar_feed_read_audit, calendar_feed_revoke
from ..throttles import CalendarFeedMissThrottle
from .common import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, audit_appointment_reads

CALENDAR_TYPE = "text/calendar; charset=utf-8"
FEED_NOT_FOUND = OpenApiResponse(description="No such feed: the token is wrong, rotated or revoked")
THROTTLED = OpenApiResponse(description="Too many wrong tokens from this address; `Retry-After` says when to retry")


class CalendarResponseMixin:
    def perform_content_negotiation(self, request, force=False):
        # The calendar is answered as text/calendar whatever the client asks for (a calendar app's
        # `Accept: text/calendar` included, which JSON-only negotiation refused with 406); errors keep
        # the shared JSON body.
        renderer = JSONRenderer()
        return renderer, renderer.media_type


def calendar_response(content: bytes, *, filename: str, cache: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    return response


class CalendarFeedStatusOutput(serializers.Serializer):
    active = serializers.BooleanField(help_text="Whether a feed URL works now (the URL itself is never shown again)")
    created_at = serializers.DateTimeField(allow_null=True, help_text="When the current URL was made")


class CalendarFeedIssuedOutput(serializers.Serializer):
    url = StrictURLField(help_text="The feed over HTTPS; shown this once, keep it private")
    webcal_url = StrictCharField(help_text="The same feed as `webcal://`, which opens a calendar app")
    created_at = serializers.DateTimeField()


def feed_urls(token: str) -> dict[str, str]:
    url = settings.SITE_URL + reverse("calendar-feed-read", kwargs={"token": token})
    return {"url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}


class CalendarFeedApi(APIView):
    """The caller's own private calendar feed: patients (their appointments) and doctors (their schedule)."""

    permission_classes = [IsPatient | IsDoctor]

    @extend_schema(
        operation_id="me_calendar_feed_retrieve",
        responses={200: CalendarFeedStatusOutput, 401: UNAUTHENTICATED, 403: FORBIDDEN},
        tags=["calendar"],
        description="Whether the caller has a working feed URL. Nurses and admins hold no feed (403).",
    )
    def get(self, request: Request) -> Response:
        feed = calendar_feed_get(actor=request.user)
        return Response({"active": feed is not None, "created_at": None if feed is None else feed.created_at})

    @extend_schema(
        operation_id="me_calendar_feed_issue",
        request=None,
        responses={201: CalendarFeedIssuedOutput, 401: UNAUTHENTICATED, 403: FORBIDDEN},
        tags=["calendar"],
        description=(
            "Creates the caller's feed URL, or rotates it: a new random token, and the old URL answers 404 "
            "from now on. The URL is in this answer only; the server keeps a hash of its token."
        ),
    )
    def post(self, request: Request) -> Response:
        issued = calendar_feed_issue(actor=request.user, request=request)
        body = {**feed_urls(issued.token), "created_at": issued.created_at}
        response = Response(CalendarFeedIssuedOutput(body).data, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        operation_id="me_calendar_feed_revoke",
        request=None,
        responses={204: None, 401: UNAUTHENTICATED, 403: FORBIDDEN},
        tags=["calendar"],
        description="Ends the caller's feed URL at once (204 also when there was none).",
    )
    def delete(self, request: Request) -> Response:
        calendar_feed_revoke(actor=request.user, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CalendarFeedReadApi(CalendarResponseMixin, APIView):
    """The feed a calendar app subscribes to: the token in the URL is the only credential."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="calendar_feed_read",
        responses={(200, "text/calendar"): OpenApiTypes.STR, 404: FEED_NOT_FOUND, 429: THROTTLED},
        tags=["calendar"],
        description=(
            "iCalendar (RFC 5545) of the owner's appointments from 30 days ago to the booking horizon, "
            "cancelled ones with `STATUS:CANCELLED`. A patient's feed shows the doctor, the time and the "
            "clinic; a doctor's the time and the patient's initials. A wrong, rotated or revoked token "
            "answers 404; too many wrong tokens from one address answer 429."
        ),
    )
    @error_codes({429: [core_errors.THROTTLED]})
    def get(self, request: Request, token: str) -> HttpResponse:
        throttle = CalendarFeedMissThrottle()
        if not throttle.allow_request(request, self):
            self.throttled(request, throttle.wait())
        feed = calendar_feed_by_token(token=token)
        if feed is None:
            throttle.record_miss()
            raise NotFoundError(code="not_found", message="No such calendar feed.")
        window = calendar_feed_window(owner=feed.user)
        content = appointments_calendar(
            window.appointments,
            view=view_for(feed.user),
            name=f"{settings.CLINIC_NAME} appointments",
            first_day=window.first_day,
            last_day=window.last_day,
        )
        calendar_feed_read_audit(feed=feed, request=request)
        # no-store: the feed is personal data behind a bearer URL; no proxy or disk cache keeps a copy.
        return calendar_response(content, filename="appointments.ics", cache="no-store")


class AppointmentIcsApi(CalendarResponseMixin, APIView):
    """One appointment as an `.ics` file, to add to a calendar by hand."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="appointments_ics",
        responses={(200, "text/calendar"): OpenApiTypes.STR, 401: UNAUTHENTICATED, 404: NOT_FOUND},
        tags=["appointments"],
        description=(
            "The appointment as iCalendar, for whoever may read it (the detail's rules: 404 outside the "
            "caller's scope). The same content as the caller's feed would show; its UID and SEQUENCE match "
            "the feed's event, so a calendar that holds both keeps one."
        ),
    )
    def get(self, request: Request, appointment_id: int) -> HttpResponse:
        appointment = appointment_get(actor=request.user, appointment_id=appointment_id)
        audit_appointment_reads(request, [appointment])
        content = appointments_calendar(
            [appointment],
            view=view_for(request.user),
            name=f"{settings.CLINIC_NAME} appointment",
            first_day=appointment.start.date(),
            last_day=appointment.end.date(),
        )
        return calendar_response(content, filename=f"appointment-{appointment.pk}.ics", cache="no-store, private")
