import socket
from datetime import timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from apps.accounts.models import Channel
from apps.scheduling.models import Appointment, Status


def make_appointment(patient, doctor, *, starts_in=timedelta(hours=10), minutes=30, status=Status.BOOKED, **fields):
    start = (timezone.now() + starts_in).replace(microsecond=0)
    return Appointment.objects.create(
        patient=patient,
        doctor=doctor,
        start=start,
        end=start + timedelta(minutes=minutes),
        status=status,
        reason=fields.pop("reason", "Chest pain when climbing stairs"),
        **fields,
    )


def prefer_email(patient):
    profile = patient.patient_profile
    profile.preferred_channel = Channel.EMAIL
    profile.save()
    return patient


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingHandler:
    """An SMTP peer that keeps what it receives and can refuse the next N messages (451)."""

    def __init__(self):
        self.messages = []
        self.refuse_next = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_next:
            self.refuse_next -= 1
            return "451 Try again later"
        self.messages.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def smtp_server(settings):
    """A real local SMTP server (aiosmtpd), with Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    try:
        yield handler, controller.port
    finally:
        controller.stop()


class RefusingEmailBackend(BaseEmailBackend):
    """An e-mail backend whose server always refuses (as a 451 would)."""

    def send_messages(self, email_messages):
        raise OSError("the mail server refused")
