"""Setting availability: validation, atomic replacement, and who may."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.audit.models import AuditEvent
from apps.core.errors import PermissionDeniedError
from apps.scheduling.models import AvailabilityException, AvailabilityRule, ExceptionKind
from apps.scheduling.services import ExceptionSpec, RuleSpec, availability_set

from .factories import AppointmentFactory, days_ahead

pytestmark = pytest.mark.django_db

MONDAY_MORNING = RuleSpec(weekday=0, start_time=time(9), end_time=time(12), slot_minutes=30)


def put(people, rules=(), exceptions=(), actor=None):
    availability_set(actor=actor or people.doctor, doctor=people.doctor, rules=list(rules), exceptions=list(exceptions))


def problems(refused) -> dict:
    return refused.value.message_dict


def test_the_doctor_replaces_rules_and_exceptions_as_a_whole(people):
    put(people, [MONDAY_MORNING], [ExceptionSpec(date=days_ahead(3), kind=ExceptionKind.OFF)])
    afternoon = RuleSpec(weekday=1, start_time=time(13), end_time=time(17), slot_minutes=20)
    put(people, [afternoon])
    assert list(AvailabilityRule.objects.values_list("weekday", "start_time", "slot_minutes")) == [(1, time(13), 20)]
    assert not AvailabilityException.objects.exists()
    assert AuditEvent.objects.filter(action="availability.set", resource_id=str(people.doctor.pk)).count() == 2


def test_an_admin_sets_a_doctors_availability(people):
    put(people, [MONDAY_MORNING], actor=people.admin)
    assert AvailabilityRule.objects.filter(doctor=people.doctor).count() == 1


@pytest.mark.parametrize("role", ["other_doctor", "nurse", "owner"])
def test_nobody_else_sets_a_doctors_availability(people, role):
    with pytest.raises(PermissionDeniedError):
        put(people, [MONDAY_MORNING], actor=people.get(role))


def test_past_exceptions_are_kept_as_history(people):
    old = AvailabilityException.objects.create(doctor=people.doctor, date=days_ahead(-10), kind=ExceptionKind.OFF)
    put(people, [MONDAY_MORNING])
    assert AvailabilityException.objects.filter(pk=old.pk).exists()


def test_booked_appointments_stay_when_availability_changes(people):
    appointment = AppointmentFactory(doctor=people.doctor)
    put(people, [])
    appointment.refresh_from_db()
    assert appointment.status == "booked"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (RuleSpec(weekday=0, start_time=time(12), end_time=time(9), slot_minutes=30), "after start_time"),
        (RuleSpec(weekday=0, start_time=time(9), end_time=time(9), slot_minutes=30), "after start_time"),
        (RuleSpec(weekday=0, start_time=time(9), end_time=time(9, 20), slot_minutes=30), "at least one slot"),
        (RuleSpec(weekday=0, start_time=time(9), end_time=time(17), slot_minutes=1), "between 5 and 240"),
        (RuleSpec(weekday=0, start_time=time(9), end_time=time(17), slot_minutes=600), "between 5 and 240"),
    ],
)
def test_absurd_rules_are_refused(people, rule, message):
    with pytest.raises(ValidationError) as refused:
        put(people, [rule])
    assert message in " ".join(problems(refused)["rules"])
    assert not AvailabilityRule.objects.exists()


def test_overlapping_rules_on_one_weekday_are_refused_but_other_days_are_independent(people):
    overlapping = RuleSpec(weekday=0, start_time=time(11, 30), end_time=time(14), slot_minutes=30)
    with pytest.raises(ValidationError) as refused:
        put(people, [MONDAY_MORNING, overlapping])
    assert "overlaps" in problems(refused)["rules"][0]
    touching = RuleSpec(weekday=0, start_time=time(12), end_time=time(14), slot_minutes=30)
    tuesday = RuleSpec(weekday=1, start_time=time(9), end_time=time(12), slot_minutes=30)
    put(people, [MONDAY_MORNING, touching, tuesday])
    assert AvailabilityRule.objects.count() == 3


def next_weekday(weekday: int) -> date:
    day = days_ahead(1)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


@pytest.mark.parametrize(
    ("exceptions", "message"),
    [
        ([ExceptionSpec(date=days_ahead(-1), kind=ExceptionKind.OFF)], "in the past"),
        ([ExceptionSpec(date=days_ahead(2), kind=ExceptionKind.OFF, start_time=time(9))], "takes no times"),
        ([ExceptionSpec(date=days_ahead(2), kind=ExceptionKind.EXTRA)], "needs start_time"),
        (
            [
                ExceptionSpec(date=days_ahead(2), kind=ExceptionKind.OFF),
                ExceptionSpec(
                    date=days_ahead(2), kind=ExceptionKind.EXTRA, start_time=time(9), end_time=time(10), slot_minutes=30
                ),
            ],
            "cannot also have",
        ),
        (
            [
                ExceptionSpec(date=days_ahead(2), kind=ExceptionKind.OFF),
                ExceptionSpec(date=days_ahead(2), kind=ExceptionKind.OFF),
            ],
            "cannot also have",
        ),
        (
            [
                ExceptionSpec(
                    date=next_weekday(0),
                    kind=ExceptionKind.EXTRA,
                    start_time=time(11),
                    end_time=time(13),
                    slot_minutes=30,
                )
            ],
            "overlaps",
        ),
    ],
)
def test_contradictory_or_past_exceptions_are_refused(people, exceptions, message):
    with pytest.raises(ValidationError) as refused:
        put(people, [MONDAY_MORNING], exceptions)
    assert message in " ".join(problems(refused)["exceptions"])


def test_extra_hours_next_to_the_weekly_hours_are_fine(people):
    extra = ExceptionSpec(
        date=next_weekday(0), kind=ExceptionKind.EXTRA, start_time=time(12), end_time=time(13), slot_minutes=60
    )
    put(people, [MONDAY_MORNING], [extra])
    assert AvailabilityException.objects.get().slot_minutes == 60


def test_the_database_refuses_what_validation_would(people):
    with pytest.raises(IntegrityError), transaction.atomic():
        AvailabilityRule.objects.create(
            doctor=people.doctor, weekday=0, start_time=time(10), end_time=time(9), slot_minutes=30
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        AvailabilityRule.objects.create(
            doctor=people.doctor, weekday=7, start_time=time(9), end_time=time(10), slot_minutes=30
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        AvailabilityException.objects.create(doctor=people.doctor, date=days_ahead(1), kind="extra")
    AvailabilityException.objects.create(doctor=people.doctor, date=days_ahead(1), kind="off")
    with pytest.raises(IntegrityError), transaction.atomic():
        AvailabilityException.objects.create(doctor=people.doctor, date=days_ahead(1), kind="off")
