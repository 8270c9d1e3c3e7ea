"""Arrival at the desk, and undoing a completed visit or a no-show: who may, for how long, and when not."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from apps.audit.models import AuditEvent
from apps.core.errors import ConflictError, PermissionDeniedError
from apps.records.services import record_create, record_update
from apps.scheduling import errors
from apps.scheduling.models import Appointment, Status
from apps.scheduling.selectors import visit_undo_until
from apps.scheduling.services import (
    appointment_arrival_undo,
    appointment_arrive,
    appointment_cancel,
    appointment_complete,
    appointment_mark_no_show,
    appointment_reopen,
)

from .factories import AppointmentFactory

pytestmark = pytest.mark.django_db

# A Tuesday morning in London (GMT): the visit started at 09:00 and is closed at 09:20.
START = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
CLOSED = START + timedelta(minutes=20)


@pytest.fixture
def visit(people):
    return AppointmentFactory(patient=people.owner, doctor=people.doctor, start=START)


def complete_at(moment: datetime, doctor, visit: Appointment) -> Appointment:
    with time_machine.travel(moment, tick=False):
        return appointment_complete(actor=doctor, appointment=visit, consultation_notes="Rest and fluids")


def reopen_at(moment: datetime, actor, visit: Appointment) -> Appointment:
    with time_machine.travel(moment, tick=False):
        return appointment_reopen(actor=actor, appointment=visit)


def test_the_doctor_undoes_a_completion_within_the_window_and_the_visit_is_booked_as_before(people, visit):
    completed = complete_at(CLOSED, people.doctor, visit)
    assert visit_undo_until(completed) == CLOSED + timedelta(minutes=5)
    reopened = reopen_at(CLOSED + timedelta(minutes=4, seconds=59), people.doctor, visit)
    assert (reopened.status, reopened.consultation_notes, reopened.completed_at) == (Status.BOOKED, "", None)
    assert reopened.sequence == completed.sequence + 1
    assert visit_undo_until(reopened) is None
    event = AuditEvent.objects.get(action="appointment.reopen")
    assert (event.actor_id, event.patient_id, event.resource_id) == (people.doctor.pk, people.owner.pk, str(visit.pk))
    # Booked again: it can be completed anew.
    assert complete_at(CLOSED + timedelta(minutes=6), people.doctor, visit).status == Status.COMPLETED


def test_a_no_show_is_undone_the_same_way(people, visit):
    with time_machine.travel(CLOSED, tick=False):
        marked = appointment_mark_no_show(actor=people.doctor, appointment=visit)
    assert marked.no_show_at == CLOSED
    reopened = reopen_at(CLOSED + timedelta(minutes=1), people.doctor, visit)
    assert (reopened.status, reopened.no_show_at) == (Status.BOOKED, None)


def test_the_undo_window_ends_after_visit_undo_minutes_and_nothing_changes(people, visit):
    complete_at(CLOSED, people.doctor, visit)
    with pytest.raises(ConflictError) as refused:
        reopen_at(CLOSED + timedelta(minutes=5), people.doctor, visit)
    assert refused.value.code == errors.UNDO_WINDOW_CLOSED
    visit.refresh_from_db()
    assert (visit.status, visit.consultation_notes) == (Status.COMPLETED, "Rest and fluids")
    assert not AuditEvent.objects.filter(action="appointment.reopen").exists()


def test_the_undo_window_is_a_setting(people, visit, settings):
    settings.VISIT_UNDO_MINUTES = 10
    complete_at(CLOSED, people.doctor, visit)
    assert reopen_at(CLOSED + timedelta(minutes=9), people.doctor, visit).status == Status.BOOKED


@pytest.mark.parametrize("role", ["owner", "other_patient", "other_doctor", "nurse", "admin"])
def test_only_the_doctor_who_closed_the_visit_undoes_it(people, visit, role):
    complete_at(CLOSED, people.doctor, visit)
    with pytest.raises(PermissionDeniedError):
        reopen_at(CLOSED + timedelta(minutes=1), people.get(role), visit)
    visit.refresh_from_db()
    assert visit.status == Status.COMPLETED


def test_a_record_entry_written_for_the_visit_after_it_closed_stops_the_undo(people, visit):
    complete_at(CLOSED, people.doctor, visit)
    with time_machine.travel(CLOSED + timedelta(minutes=1), tick=False):
        record_create(
            actor=people.nurse, patient_id=people.owner.pk, entry_date=START.date(), notes="BP", appointment_id=visit.pk
        )
    with pytest.raises(ConflictError) as refused:
        reopen_at(CLOSED + timedelta(minutes=2), people.doctor, visit)
    assert refused.value.code == errors.VISIT_CHANGED_SINCE
    visit.refresh_from_db()
    assert visit.status == Status.COMPLETED


def test_an_entry_written_before_the_visit_closed_does_not_stop_the_undo_but_its_later_edit_does(people, visit):
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        entry = record_create(
            actor=people.doctor,
            patient_id=people.owner.pk,
            entry_date=START.date(),
            notes="BP",
            appointment_id=visit.pk,
        )
    complete_at(CLOSED, people.doctor, visit)
    assert reopen_at(CLOSED + timedelta(minutes=1), people.doctor, visit).status == Status.BOOKED
    complete_at(CLOSED + timedelta(minutes=2), people.doctor, visit)
    with time_machine.travel(CLOSED + timedelta(minutes=3), tick=False):
        record_update(actor=people.doctor, entry=entry, data={"notes": "BP 120/80"})
    with pytest.raises(ConflictError) as refused:
        reopen_at(CLOSED + timedelta(minutes=4), people.doctor, visit)
    assert refused.value.code == errors.VISIT_CHANGED_SINCE


@pytest.mark.parametrize("status", [Status.BOOKED, Status.CANCELLED])
def test_only_a_completed_visit_or_a_no_show_is_undone(people, status):
    appointment = AppointmentFactory(patient=people.owner, doctor=people.doctor, start=START, status=status)
    with pytest.raises(ConflictError) as refused:
        reopen_at(CLOSED, people.doctor, appointment)
    assert refused.value.code == errors.INVALID_STATUS_CHANGE


def test_a_visit_completed_before_the_undo_existed_has_no_window(people):
    # A no-show recorded before no_show_at was kept has no time to count the window from.
    old = AppointmentFactory(patient=people.owner, doctor=people.doctor, start=START, status=Status.NO_SHOW)
    assert visit_undo_until(old) is None
    with pytest.raises(ConflictError) as refused:
        reopen_at(CLOSED, people.doctor, old)
    assert refused.value.code == errors.INVALID_STATUS_CHANGE


def test_the_undo_is_refused_when_the_patient_was_booked_into_the_rest_of_the_visit_since(people, visit):
    complete_at(CLOSED, people.doctor, visit)
    AppointmentFactory(patient=people.owner, doctor=people.other_doctor, start=START + timedelta(minutes=25))
    with pytest.raises(ConflictError) as refused:
        reopen_at(CLOSED + timedelta(minutes=1), people.doctor, visit)
    assert refused.value.code == errors.PATIENT_OVERLAP
    visit.refresh_from_db()
    assert visit.status == Status.COMPLETED


# --- arrival ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["doctor", "nurse", "admin"])
def test_the_doctor_nurses_and_admins_mark_a_patient_arrived(people, visit, role):
    arrival = START - timedelta(minutes=7)
    with time_machine.travel(arrival, tick=False):
        arrived = appointment_arrive(actor=people.get(role), appointment=visit)
    assert arrived.arrived_at == arrival
    event = AuditEvent.objects.get(action="appointment.arrive")
    assert (event.actor_id, event.patient_id) == (people.get(role).pk, people.owner.pk)


def test_marking_an_arrived_patient_again_keeps_the_first_time(people, visit):
    with time_machine.travel(START - timedelta(minutes=7), tick=False):
        appointment_arrive(actor=people.nurse, appointment=visit)
    with time_machine.travel(START, tick=False):
        again = appointment_arrive(actor=people.doctor, appointment=visit)
    assert again.arrived_at == START - timedelta(minutes=7)
    assert AuditEvent.objects.filter(action="appointment.arrive").count() == 1


@pytest.mark.parametrize("role", ["owner", "other_patient", "other_doctor"])
def test_patients_and_other_doctors_mark_no_arrival(people, visit, role):
    with time_machine.travel(START, tick=False), pytest.raises(PermissionDeniedError):
        appointment_arrive(actor=people.get(role), appointment=visit)


def test_a_patient_arrives_from_the_clinic_day_of_the_visit_on(people, visit):
    # 23:59 the evening before in London is too early; 00:01 on the day is not.
    with (
        time_machine.travel(datetime(2027, 3, 1, 23, 59, tzinfo=UTC), tick=False),
        pytest.raises(ConflictError) as refused,
    ):
        appointment_arrive(actor=people.nurse, appointment=visit)
    assert refused.value.code == errors.ARRIVAL_BEFORE_APPOINTMENT_DAY
    with time_machine.travel(datetime(2027, 3, 2, 0, 1, tzinfo=UTC), tick=False):
        assert appointment_arrive(actor=people.nurse, appointment=visit).arrived_at is not None


def test_the_clinic_day_is_the_clinics_not_utcs(people, settings):
    # 03:00 UTC on 2 March is still the evening of 1 March in New York: a visit on 2 March is tomorrow there.
    settings.TIME_ZONE = "America/New_York"
    visit = AppointmentFactory(patient=people.owner, doctor=people.doctor, start=datetime(2027, 3, 2, 14, tzinfo=UTC))
    with time_machine.travel(datetime(2027, 3, 2, 3, tzinfo=UTC), tick=False), pytest.raises(ConflictError):
        appointment_arrive(actor=people.nurse, appointment=visit)


@pytest.mark.parametrize("status", [Status.CANCELLED, Status.COMPLETED, Status.NO_SHOW])
def test_only_a_booked_visit_arrives(people, status):
    appointment = AppointmentFactory(patient=people.owner, doctor=people.doctor, start=START, status=status)
    with time_machine.travel(START, tick=False), pytest.raises(ConflictError) as refused:
        appointment_arrive(actor=people.nurse, appointment=appointment)
    assert refused.value.code == errors.INVALID_STATUS_CHANGE


def test_an_arrival_is_taken_back_and_audited(people, visit):
    with time_machine.travel(START, tick=False):
        appointment_arrive(actor=people.nurse, appointment=visit)
        undone = appointment_arrival_undo(actor=people.nurse, appointment=visit)
        assert undone.arrived_at is None
        # Nothing to take back: no change, no event.
        appointment_arrival_undo(actor=people.doctor, appointment=visit)
    assert AuditEvent.objects.filter(action="appointment.arrival_undo").count() == 1


def test_a_completed_visit_keeps_its_arrival_and_it_can_no_longer_be_taken_back(people, visit):
    with time_machine.travel(START, tick=False):
        appointment_arrive(actor=people.nurse, appointment=visit)
    complete_at(CLOSED, people.doctor, visit)
    with time_machine.travel(CLOSED, tick=False), pytest.raises(ConflictError):
        appointment_arrival_undo(actor=people.nurse, appointment=visit)
    visit.refresh_from_db()
    assert visit.arrived_at == START


def test_a_cancelled_visit_cannot_be_reopened_even_at_once(people, visit):
    with time_machine.travel(CLOSED, tick=False):
        appointment_cancel(actor=people.doctor, appointment=visit, reason="Ill")
    with time_machine.travel(CLOSED, tick=False), pytest.raises(ConflictError):
        appointment_reopen(actor=people.doctor, appointment=visit)
