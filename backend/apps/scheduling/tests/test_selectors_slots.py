"""Free slots: rules, exceptions, bookings, the past, notice, horizon and daylight-saving changes."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from apps.accounts.tests.factories import DoctorFactory
from apps.core.errors import NotFoundError
from apps.scheduling.models import Appointment, AvailabilityException, AvailabilityRule, ExceptionKind, Status
from apps.scheduling.selectors import doctor_free_slots, free_slots, slots_next
from apps.scheduling.selectors.slots import day_spans, local_instants

from .factories import AppointmentFactory, local, open_every_day

pytestmark = pytest.mark.django_db


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def rule(doctor, weekday: int, start: str, end: str, minutes: int = 30) -> AvailabilityRule:
    return AvailabilityRule.objects.create(
        doctor=doctor,
        weekday=weekday,
        start_time=time.fromisoformat(start),
        end_time=time.fromisoformat(end),
        slot_minutes=minutes,
    )


def starts(slots) -> list[datetime]:
    return [slot.start for slot in slots]


# --- Daylight saving (Europe/London: clocks go forward on 29 March 2026, back on 25 October 2026) ---


def test_a_nine_oclock_slot_is_nine_oclock_local_time_on_both_sides_of_the_spring_change(frozen_clock):
    frozen_clock(utc(2026, 3, 20, 12))
    doctor = DoctorFactory()
    rule(doctor, weekday=5, start="09:00", end="10:00")  # Saturday, still GMT
    rule(doctor, weekday=6, start="09:00", end="10:00")  # Sunday, the change day: BST
    slots = free_slots(doctor_ids=[doctor.pk], first=date(2026, 3, 28), last=date(2026, 3, 29))
    assert starts(slots) == [utc(2026, 3, 28, 9), utc(2026, 3, 28, 9, 30), utc(2026, 3, 29, 8), utc(2026, 3, 29, 8, 30)]
    assert all(slot.end - slot.start == timedelta(minutes=30) for slot in slots)


def test_a_nine_oclock_slot_is_nine_oclock_local_time_on_both_sides_of_the_autumn_change(frozen_clock):
    frozen_clock(utc(2026, 10, 20, 12))
    doctor = DoctorFactory()
    rule(doctor, weekday=5, start="09:00", end="09:30")  # Saturday 24 October, BST
    rule(doctor, weekday=6, start="09:00", end="09:30")  # Sunday 25 October, GMT again
    slots = free_slots(doctor_ids=[doctor.pk], first=date(2026, 10, 24), last=date(2026, 10, 25))
    assert starts(slots) == [utc(2026, 10, 24, 8), utc(2026, 10, 25, 9)]


def test_the_hour_skipped_in_spring_holds_no_slot_and_slots_last_their_real_length(frozen_clock):
    frozen_clock(utc(2026, 3, 20, 12))
    doctor = DoctorFactory()
    rule(doctor, weekday=6, start="00:00", end="04:00", minutes=60)
    slots = free_slots(doctor_ids=[doctor.pk], first=date(2026, 3, 29), last=date(2026, 3, 29))
    # 00:00 GMT, then 01:00 local does not exist, then 02:00 and 03:00 BST: three real hours.
    assert [(s.start, s.end) for s in slots] == [
        (utc(2026, 3, 29, 0), utc(2026, 3, 29, 1)),
        (utc(2026, 3, 29, 1), utc(2026, 3, 29, 2)),
        (utc(2026, 3, 29, 2), utc(2026, 3, 29, 3)),
    ]


def test_the_hour_repeated_in_autumn_gives_a_slot_at_each_of_its_instants(frozen_clock):
    frozen_clock(utc(2026, 10, 20, 12))
    doctor = DoctorFactory()
    rule(doctor, weekday=6, start="00:00", end="04:00", minutes=60)
    slots = free_slots(doctor_ids=[doctor.pk], first=date(2026, 10, 25), last=date(2026, 10, 25))
    # 00:00 and 01:00 BST, 01:00 GMT again, 02:00 and 03:00 GMT: five real hours, none overlapping.
    assert starts(slots) == [utc(2026, 10, 24, 23), *(utc(2026, 10, 25, hour) for hour in range(4))]


def test_repeated_wall_clock_slots_that_would_overlap_are_laid_only_once():
    spans = day_spans(date(2026, 10, 25), [(time(0, 0), time(3, 0), 90)])
    # 01:30 happens twice; its second instant (01:30 GMT) would overlap the first slot from 01:30 BST.
    assert spans == [
        (utc(2026, 10, 24, 23), utc(2026, 10, 25, 0, 30)),
        (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 2)),
    ]


def test_a_local_time_maps_to_none_one_or_two_instants():
    assert local_instants(datetime(2026, 3, 29, 1, 30)) == []
    assert local_instants(datetime(2026, 6, 1, 9, 0)) == [utc(2026, 6, 1, 8)]
    assert local_instants(datetime(2026, 10, 25, 1, 30)) == [utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)]


# --- Rules, exceptions and bookings ---


def test_a_window_is_cut_into_whole_slots_and_a_remainder_is_dropped(frozen_clock):
    frozen_clock(utc(2026, 6, 1, 6))
    doctor = DoctorFactory()
    rule(doctor, weekday=0, start="09:00", end="10:40", minutes=30)  # Monday 1 June 2026, BST
    slots = free_slots(doctor_ids=[doctor.pk], first=date(2026, 6, 1), last=date(2026, 6, 1))
    assert starts(slots) == [local(date(2026, 6, 1), at) for at in ("09:00", "09:30", "10:00")]
    assert slots[-1].end == local(date(2026, 6, 1), "10:30")


def test_a_day_off_removes_the_weekly_hours_and_extra_hours_add_a_window(frozen_clock):
    frozen_clock(utc(2026, 6, 1, 6))
    doctor = DoctorFactory()
    rule(doctor, weekday=1, start="09:00", end="10:00")
    rule(doctor, weekday=2, start="09:00", end="10:00")
    AvailabilityException.objects.create(doctor=doctor, date=date(2026, 6, 2), kind=ExceptionKind.OFF)
    AvailabilityException.objects.create(
        doctor=doctor,
        date=date(2026, 6, 3),
        kind=ExceptionKind.EXTRA,
        start_time=time(14, 0),
        end_time=time(15, 0),
        slot_minutes=60,
    )
    slots = free_slots(doctor_ids=[doctor.pk], first=date(2026, 6, 2), last=date(2026, 6, 3))
    june_3 = date(2026, 6, 3)
    assert starts(slots) == [local(june_3, "09:00"), local(june_3, "09:30"), local(june_3, "14:00")]


def test_booked_appointments_take_their_slots_but_cancelled_ones_free_them(frozen_clock):
    frozen_clock(utc(2026, 6, 1, 6))
    doctor = DoctorFactory()
    rule(doctor, weekday=0, start="09:00", end="11:00")
    day = date(2026, 6, 1)
    AppointmentFactory(doctor=doctor, start=local(day, "09:00"), end=local(day, "09:30"))
    # An appointment from an older, longer grid overlaps two of today's slots.
    AppointmentFactory(doctor=doctor, start=local(day, "09:45"), end=local(day, "10:15"))
    AppointmentFactory(doctor=doctor, start=local(day, "10:30"), end=local(day, "11:00"), status=Status.CANCELLED)
    slots = free_slots(doctor_ids=[doctor.pk], first=day, last=day)
    assert starts(slots) == [local(day, "10:30")]


def test_slots_in_the_past_or_inside_the_minimum_notice_are_not_offered(frozen_clock, settings):
    settings.BOOKING_MIN_NOTICE_MINUTES = 60
    day = date(2026, 6, 1)
    frozen_clock(local(day, "09:10"))
    doctor = DoctorFactory()
    rule(doctor, weekday=0, start="09:00", end="11:00")
    slots = free_slots(doctor_ids=[doctor.pk], first=day, last=day)
    # 09:00 is past, 09:30 and 10:00 are inside the hour's notice; 10:10 is the earliest start.
    assert starts(slots) == [local(day, "10:30")]


def test_a_slot_exactly_at_the_minimum_notice_is_offered(frozen_clock, settings):
    settings.BOOKING_MIN_NOTICE_MINUTES = 60
    day = date(2026, 6, 1)
    frozen_clock(local(day, "09:00"))
    doctor = DoctorFactory()
    rule(doctor, weekday=0, start="09:00", end="10:30")
    assert starts(free_slots(doctor_ids=[doctor.pk], first=day, last=day)) == [local(day, "10:00")]


def test_days_before_today_or_beyond_the_booking_horizon_have_no_slots(frozen_clock, settings):
    settings.BOOKING_HORIZON_DAYS = 2
    frozen_clock(utc(2026, 6, 1, 6))
    doctor = DoctorFactory()
    open_every_day(doctor, "09:00", "09:30")
    slots = free_slots(doctor_ids=[doctor.pk], first=date(2026, 5, 25), last=date(2026, 6, 10))
    assert [slot.start.date() for slot in slots] == [date(2026, 6, 1), date(2026, 6, 2), date(2026, 6, 3)]


def test_far_off_dates_give_no_slots_and_no_error():
    doctor = DoctorFactory()
    open_every_day(doctor)
    assert free_slots(doctor_ids=[doctor.pk], first=date(1, 1, 1), last=date(1, 1, 31)) == []
    assert free_slots(doctor_ids=[doctor.pk], first=date(9999, 12, 1), last=date(9999, 12, 31)) == []


def test_free_slots_take_three_queries_however_many_doctors_and_days(frozen_clock, django_assert_num_queries):
    frozen_clock(utc(2026, 6, 1, 6))
    doctors = [DoctorFactory() for _ in range(3)]
    for doctor in doctors:
        open_every_day(doctor)
        AppointmentFactory(doctor=doctor, start=local(date(2026, 6, 2), "09:00"))
    with django_assert_num_queries(3):
        slots = free_slots(doctor_ids=[d.pk for d in doctors], first=date(2026, 6, 1), last=date(2026, 6, 30))
    assert len(slots) == 3 * (30 * 16 - 1)


def test_free_slots_asked_for_enough_stop_after_the_day_that_gives_them(frozen_clock):
    frozen_clock(utc(2026, 6, 1, 6))
    doctors = [DoctorFactory() for _ in range(2)]
    for doctor in doctors:
        open_every_day(doctor, start="09:00", end="10:00")  # two slots a day each
    ids = [d.pk for d in doctors]
    every = free_slots(doctor_ids=ids, first=date(2026, 6, 1), last=date(2026, 6, 7))
    # Four slots on the first day are not enough for five; the second day completes the answer.
    assert free_slots(doctor_ids=ids, first=date(2026, 6, 1), last=date(2026, 6, 7), enough=5) == every[:8]
    assert free_slots(doctor_ids=ids, first=date(2026, 6, 1), last=date(2026, 6, 7), enough=4) == every[:4]


def test_day_spans_follow_a_change_of_the_clinic_time_zone(settings):
    day, windows = date(2026, 6, 1), [(time(9, 0), time(10, 0), 30)]
    assert day_spans(day, windows)[0] == (utc(2026, 6, 1, 8), utc(2026, 6, 1, 8, 30))
    settings.TIME_ZONE = "America/New_York"
    assert day_spans(day, windows)[0] == (utc(2026, 6, 1, 13), utc(2026, 6, 1, 13, 30))


def test_an_inactive_or_unknown_doctor_has_no_slots_to_ask_for():
    inactive = DoctorFactory(is_active=False)
    with pytest.raises(NotFoundError):
        doctor_free_slots(doctor_id=inactive.pk, first=date(2026, 6, 1), last=date(2026, 6, 1))
    with pytest.raises(NotFoundError):
        doctor_free_slots(doctor_id=10**12, first=date(2026, 6, 1), last=date(2026, 6, 1))
    with pytest.raises(NotFoundError):  # beyond any primary key: found by nobody, asked of no database
        doctor_free_slots(doctor_id=2**63, first=date(2026, 6, 1), last=date(2026, 6, 1))


def test_a_patient_or_a_nurse_is_no_doctor_to_ask_slots_of():
    from apps.accounts.tests.factories import NurseFactory, PatientFactory

    for person in (PatientFactory(), NurseFactory()):
        AvailabilityRule.objects.create(  # even with a stray rule row, only a doctor has slots
            doctor=person, weekday=0, start_time=time(9), end_time=time(10), slot_minutes=30
        )
        with pytest.raises(NotFoundError):
            doctor_free_slots(doctor_id=person.pk, first=date(2026, 6, 1), last=date(2026, 6, 1))


def test_an_active_doctor_without_weekly_hours_has_no_slots_but_is_found(frozen_clock):
    frozen_clock(utc(2026, 5, 20, 12))
    assert doctor_free_slots(doctor_id=DoctorFactory().pk, first=date(2026, 6, 1), last=date(2026, 6, 7)) == []


def test_one_doctors_slots_read_with_the_doctor_equal_those_of_the_general_search(frozen_clock):
    frozen_clock(utc(2026, 5, 20, 12))
    doctor, other = DoctorFactory(), DoctorFactory()
    rule(doctor, 0, "09:00", "12:00")
    rule(doctor, 0, "14:00", "16:00", minutes=60)
    rule(doctor, 2, "08:00", "10:00", minutes=20)
    rule(other, 0, "07:00", "18:00")
    AvailabilityException.objects.create(doctor=doctor, date=date(2026, 6, 3), kind=ExceptionKind.OFF)
    AppointmentFactory(doctor=doctor, start=local(date(2026, 6, 1), "09:30"))
    first, last = date(2026, 6, 1), date(2026, 6, 14)
    slots = doctor_free_slots(doctor_id=doctor.pk, first=first, last=last)
    assert slots == free_slots(doctor_ids=[doctor.pk], first=first, last=last)
    assert {slot.start.weekday() for slot in slots} == {0, 2}
    assert local(date(2026, 6, 1), "09:30") not in starts(slots)
    assert not [slot for slot in slots if slot.start.date() == date(2026, 6, 3)]


# --- The earliest slots across doctors ---


def test_next_slots_come_earliest_first_across_doctors_of_the_specialty(frozen_clock):
    frozen_clock(utc(2026, 6, 1, 6))
    early = DoctorFactory(last_name="Early", profile__specialty="Cardiology")
    late = DoctorFactory(last_name="Late", profile__specialty="Cardiology")
    other = DoctorFactory(profile__specialty="Dermatology")
    rule(early, weekday=2, start="09:00", end="10:00")  # Wednesday
    rule(late, weekday=1, start="15:00", end="16:00")  # Tuesday
    rule(other, weekday=0, start="09:00", end="17:00")
    found = slots_next(actor=early, specialty="cardiology", limit=3)
    assert [(s.doctor.pk, s.start) for s in found] == [
        (late.pk, local(date(2026, 6, 2), "15:00")),
        (late.pk, local(date(2026, 6, 2), "15:30")),
        (early.pk, local(date(2026, 6, 3), "09:00")),
    ]


def test_next_slots_put_the_patients_primary_doctor_first_on_equal_start_times(frozen_clock, people):
    frozen_clock(utc(2026, 6, 1, 6))
    people.other_doctor.last_name = "Aardvark"  # would come first by name
    people.other_doctor.save()
    for doctor in (people.doctor, people.other_doctor):
        rule(doctor, weekday=0, start="09:00", end="10:00")
    found = slots_next(actor=people.owner, limit=2)
    assert [(s.doctor.pk, s.is_primary_doctor) for s in found] == [
        (people.doctor.pk, True),
        (people.other_doctor.pk, False),
    ]
    found = slots_next(actor=people.other_patient, limit=2)
    assert [s.doctor.pk for s in found] == [people.other_doctor.pk, people.doctor.pk]


def test_next_slots_skip_doctors_not_accepting_new_patients_except_the_callers_own(frozen_clock, people):
    frozen_clock(utc(2026, 6, 1, 6))
    profile = people.doctor.doctor_profile
    profile.accepting_new_patients = False
    profile.save()
    rule(people.doctor, weekday=0, start="09:00", end="09:30")
    assert {s.doctor.pk for s in slots_next(actor=people.owner)} == {people.doctor.pk}
    assert slots_next(actor=people.other_patient) == []
    assert slots_next(actor=people.nurse) == []


@pytest.mark.parametrize(
    ("status", "shown"),
    [(Status.COMPLETED, True), (Status.NO_SHOW, True), (Status.BOOKED, True), (Status.CANCELLED, False)],
)
def test_next_slots_show_a_doctor_not_accepting_new_patients_to_their_returning_patients(
    frozen_clock, people, status, shown
):
    """A returning patient (an appointment with the doctor that was not cancelled) may book them, so sees them."""
    frozen_clock(utc(2026, 6, 1, 6))
    profile = people.doctor.doctor_profile
    profile.accepting_new_patients = False
    profile.save()
    rule(people.doctor, weekday=0, start="09:00", end="09:30")
    AppointmentFactory(patient=people.other_patient, doctor=people.doctor, start=utc(2026, 5, 4, 8), status=status)
    found = {s.doctor.pk for s in slots_next(actor=people.other_patient)}
    assert found == ({people.doctor.pk} if shown else set())


def test_next_slots_search_past_the_first_week_and_stop_at_the_horizon(frozen_clock, settings):
    settings.BOOKING_HORIZON_DAYS = 20
    frozen_clock(utc(2026, 6, 1, 6))
    doctor = DoctorFactory()
    AvailabilityException.objects.create(
        doctor=doctor,
        date=date(2026, 6, 16),
        kind=ExceptionKind.EXTRA,
        start_time=time(9, 0),
        end_time=time(9, 30),
        slot_minutes=30,
    )
    assert starts(slots_next(actor=doctor, doctor_id=doctor.pk)) == [local(date(2026, 6, 16), "09:00")]
    settings.BOOKING_HORIZON_DAYS = 10
    assert slots_next(actor=doctor, doctor_id=doctor.pk) == []


def test_next_slots_search_in_doubling_spans_of_two_queries_each(frozen_clock, django_assert_num_queries):
    frozen_clock(utc(2026, 6, 1, 6))
    doctor = DoctorFactory()
    open_every_day(doctor)
    # The doctors with their rules (and the caller's primary doctor), then two queries per round
    # (exceptions, bookings): here the first days hold the 40 slots.
    with django_assert_num_queries(3):
        assert len(slots_next(actor=doctor, doctor_id=doctor.pk, limit=40)) == 40  # 16 a day
    AvailabilityException.objects.all().delete()
    AvailabilityRule.objects.all().delete()
    AvailabilityException.objects.create(
        doctor=doctor,
        date=date(2026, 6, 16),
        kind=ExceptionKind.EXTRA,
        start_time=time(9),
        end_time=time(9, 30),
        slot_minutes=30,
    )
    # Days 1-3, 4-9, then 10-21: three rounds for the one slot asked for.
    with django_assert_num_queries(1 + 3 * 2):
        assert starts(slots_next(actor=doctor, doctor_id=doctor.pk, limit=1)) == [local(date(2026, 6, 16), "09:00")]
    # Asked for ten, it searches on to the horizon (90 days): five rounds, where weeks took thirteen.
    with django_assert_num_queries(1 + 5 * 2):
        assert len(slots_next(actor=doctor, doctor_id=doctor.pk)) == 1


def test_next_slots_read_each_doctors_own_weekly_rules_with_the_doctors(frozen_clock):
    frozen_clock(utc(2026, 5, 31, 12))  # a Sunday: the search starts on Monday 1 June
    mornings, afternoons, idle = DoctorFactory(), DoctorFactory(), DoctorFactory()
    for doctor in (mornings, afternoons, idle):
        doctor.doctor_profile.specialty = "Dermatology"
        doctor.doctor_profile.save()
    rule(mornings, 0, "09:00", "10:00")
    rule(mornings, 1, "09:00", "09:30")
    rule(afternoons, 0, "14:00", "15:00", minutes=60)
    first_week = free_slots(
        doctor_ids=[mornings.pk, afternoons.pk, idle.pk], first=date(2026, 6, 1), last=date(2026, 6, 7)
    )
    found = slots_next(actor=idle, specialty="dermatology", limit=len(first_week))
    assert [(slot.start, slot.doctor.pk) for slot in found] == [(slot.start, slot.doctor_id) for slot in first_week]
    assert [(slot.doctor.pk, slot.start) for slot in slots_next(actor=idle, specialty="dermatology")] == [
        (mornings.pk, local(date(2026, 6, 1), "09:00")),
        (mornings.pk, local(date(2026, 6, 1), "09:30")),
        (afternoons.pk, local(date(2026, 6, 1), "14:00")),
        (mornings.pk, local(date(2026, 6, 2), "09:00")),
        (mornings.pk, local(date(2026, 6, 8), "09:00")),
        (mornings.pk, local(date(2026, 6, 8), "09:30")),
        (afternoons.pk, local(date(2026, 6, 8), "14:00")),
        (mornings.pk, local(date(2026, 6, 9), "09:00")),
        (mornings.pk, local(date(2026, 6, 15), "09:00")),
        (mornings.pk, local(date(2026, 6, 15), "09:30")),
    ]


def test_next_slots_for_an_unknown_doctor_are_not_found():
    doctor = DoctorFactory()
    with pytest.raises(NotFoundError):
        slots_next(actor=doctor, doctor_id=doctor.pk + 1000)


def _expected_next(actor, doctors, primary, now, limit):
    """The earliest `limit` free slots worked out the slow way: every doctor, every day to the horizon."""
    from django.conf import settings

    from apps.scheduling.selectors.slots import clinic_date, windows_for

    earliest = now + timedelta(minutes=settings.BOOKING_MIN_NOTICE_MINUTES)
    today = clinic_date(now)
    found = []
    for doctor in doctors:
        rules = list(AvailabilityRule.objects.filter(doctor=doctor))
        exceptions = list(AvailabilityException.objects.filter(doctor=doctor))
        booked = list(Appointment.objects.filter(doctor=doctor, status=Status.BOOKED).values_list("start", "end"))
        for offset in range(settings.BOOKING_HORIZON_DAYS + 1):
            day = today + timedelta(days=offset)
            for start, end in day_spans(day, windows_for(day, rules, exceptions)):
                if start >= earliest and not any(s < end and e > start for s, e in booked):
                    found.append((start, doctor.pk != primary, doctor.last_name, doctor.first_name, doctor.pk))
    return [(pk, start) for start, _, _, _, pk in sorted(found)[:limit]]


def test_next_slots_are_the_earliest_of_all_free_slots_to_the_horizon(frozen_clock, people):
    """Whatever the limit, the search (rounds, skipped days, a cap per doctor) finds what a full scan finds."""
    now = utc(2026, 6, 1, 10, 40)
    frozen_clock(now)
    doctors = [people.doctor, people.other_doctor, DoctorFactory(last_name="Aardvark")]
    for index, doctor in enumerate(doctors):
        doctor.doctor_profile.specialty = "Cardiology"
        doctor.doctor_profile.save()
        for weekday in range(5):
            rule(doctor, weekday=weekday, start="09:00", end="12:00", minutes=20 + 10 * index)
        rule(doctor, weekday=2, start="14:00", end="15:00", minutes=15)
    AvailabilityException.objects.create(doctor=doctors[0], date=date(2026, 6, 2), kind=ExceptionKind.OFF)
    AvailabilityException.objects.create(
        doctor=doctors[1],
        date=date(2026, 6, 6),
        kind=ExceptionKind.EXTRA,
        start_time=time(8),
        end_time=time(9),
        slot_minutes=30,
    )
    # Most of the first days booked, some slots taken by longer or shifted bookings.
    for day in (date(2026, 6, 1), date(2026, 6, 2), date(2026, 6, 3)):
        for doctor in doctors:
            for hour, minute in ((9, 0), (9, 30), (10, 0), (11, 0)):
                AppointmentFactory(doctor=doctor, start=local(day, f"{hour:02}:{minute:02}"))
    cancelled = AppointmentFactory(doctor=doctors[2], start=local(date(2026, 6, 4), "09:00"))
    cancelled.status = Status.CANCELLED
    cancelled.save()
    for caller, primary in ((people.owner, people.doctor.pk), (people.other_patient, None), (people.doctor, None)):
        for limit in (1, 3, 10, 17, 50):
            found = slots_next(actor=caller, specialty="cardiology", limit=limit)
            assert [(s.doctor.pk, s.start) for s in found] == _expected_next(caller, doctors, primary, now, limit)
            assert [s.is_primary_doctor for s in found] == [s.doctor.pk == primary for s in found]
