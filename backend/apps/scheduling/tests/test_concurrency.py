"""Double booking under real concurrency: real threads, real commits, exact counts (PostgreSQL)."""

import threading
from collections import Counter
from collections.abc import Callable
from datetime import time, timedelta

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction

from apps.accounts.tests.factories import DoctorFactory, PatientFactory
from apps.core.db import is_transient_conflict
from apps.scheduling.models import Appointment, AvailabilityRule, Status
from apps.scheduling.services import booking

from .factories import AppointmentFactory, days_ahead, local, open_every_day

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

URL = "/api/v1/appointments/"


def race(actions: list[Callable[[], object]]) -> list[object]:
    """Run every action in its own thread, released together by a barrier; return their results in order."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = action()
        except Exception as exc:  # the outcome is what the test counts
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def post(client, body: dict, **headers) -> Callable[[], tuple[int, str]]:
    def call() -> tuple[int, str]:
        response = client.post(URL, body, format="json", **headers)
        return response.status_code, response.json().get("code", "")

    return call


def outcomes(results: list) -> Counter:
    return Counter((status, code) if status != 201 else (201, "") for status, code in results)


def test_twenty_simultaneous_bookings_of_one_slot_give_one_201_and_nineteen_409(client_for):
    doctor = DoctorFactory()
    open_every_day(doctor)
    start = local(days_ahead(5), "10:00").isoformat()
    clients = [client_for(PatientFactory()) for _ in range(20)]
    results = race([post(client, {"doctor": doctor.pk, "start": start}) for client in clients])
    assert outcomes(results) == Counter({(201, ""): 1, (409, "slot_taken"): 19})
    assert Appointment.objects.filter(doctor=doctor, status=Status.BOOKED).count() == 1


@pytest.fixture
def refusals_by_the_database(monkeypatch) -> list[str]:
    """Each time a booking or a move got as far as the exclusion constraints and the database refused
    it: a deadlock or serialisation failure (retried) or a constraint violation (a 409)."""
    met: list[str] = []
    real_retry, real_conflict_from = booking.retry_transient, booking.conflict_from

    def counting_retry(action, **kwargs):
        def attempt():
            try:
                return action()
            except OperationalError as exc:
                if is_transient_conflict(exc):
                    met.append(exc.__cause__.sqlstate)
                raise

        return real_retry(attempt, **kwargs)

    def counting_conflict_from(exc):
        met.append("constraint")
        return real_conflict_from(exc)

    monkeypatch.setattr(booking, "retry_transient", counting_retry)
    monkeypatch.setattr(booking, "conflict_from", counting_conflict_from)
    return met


def lock_waits() -> int:
    """Backends of this database waiting for a lock right now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_a_second_booking_of_a_doctor_waits_for_the_first_and_finds_its_row(
    client_for, refusals_by_the_database, monkeypatch
):
    """Concurrent inserts into one exclusion constraint can wait on each other; PostgreSQL breaks such a
    cycle after deadlock_timeout (1 s) by aborting one, and its retry can close a new cycle: under
    load that held every worker of the bench's server for a minute. So a doctor's bookings and moves
    take their turn on the doctor before they check the slot: a second one waits until the first has
    committed, then finds its row and answers 409 without reaching the constraint."""
    doctor = DoctorFactory()
    open_every_day(doctor)
    start = local(days_ahead(6), "10:00").isoformat()
    first_inserted, release = threading.Event(), threading.Event()
    real_audit = booking.audit_record

    def audit_then_hold(**kwargs):
        real_audit(**kwargs)
        if not first_inserted.is_set():  # the first booking holds its transaction open after its insert
            first_inserted.set()
            release.wait(timeout=30)

    monkeypatch.setattr(booking, "audit_record", audit_then_hold)
    first, second = client_for(PatientFactory()), client_for(PatientFactory())
    results: dict[str, tuple[int, str]] = {}

    def book(name, client):
        try:
            results[name] = post(client, {"doctor": doctor.pk, "start": start})()
        finally:
            connection.close()

    one = threading.Thread(target=book, args=("first", first))
    one.start()
    assert first_inserted.wait(timeout=30)
    two = threading.Thread(target=book, args=("second", second))
    two.start()
    for _ in range(300):  # until the second request waits for a lock (at most 30 s)
        if lock_waits():
            break
        threading.Event().wait(0.1)
    release.set()
    one.join(timeout=30)
    two.join(timeout=30)
    assert results == {"first": (201, ""), "second": (409, "slot_taken")}
    assert refusals_by_the_database == []


def test_simultaneous_bookings_and_moves_into_one_slot_never_reach_the_constraint(client_for, refusals_by_the_database):
    doctor = DoctorFactory()
    open_every_day(doctor)
    day = days_ahead(6)
    target = local(day, "10:00")
    movers = []
    for n in range(4):
        mover = PatientFactory()
        appointment = AppointmentFactory(
            patient=mover, doctor=doctor, start=local(day, f"{12 + n}:00"), end=local(day, f"{12 + n}:30")
        )
        movers.append((client_for(mover), appointment.pk))

    def move(client, pk) -> Callable[[], tuple[int, str]]:
        def call() -> tuple[int, str]:
            response = client.patch(f"{URL}{pk}/", {"start": target.isoformat()}, format="json")
            return response.status_code, response.json().get("code", "")

        return call

    calls = [post(client_for(PatientFactory()), {"doctor": doctor.pk, "start": target.isoformat()}) for _ in range(12)]
    calls += [move(client, pk) for client, pk in movers]
    results = race(calls)
    assert sorted(status for status, _ in results if status < 300) in ([200], [201])
    assert Counter(code for status, code in results if status >= 300) == Counter({"slot_taken": 15})
    assert Appointment.objects.filter(doctor=doctor, status=Status.BOOKED, start=target).count() == 1
    assert refusals_by_the_database == []


def test_overlapping_rows_of_different_starts_and_lengths_never_both_commit():
    doctor = DoctorFactory()
    patients = [PatientFactory() for _ in range(8)]
    day = days_ahead(5)
    # Every interval contains 10:40; starts and lengths all differ.
    spans = [(local(day, "10:00"), 45 + 5 * n) for n in range(4)] + [
        (local(day, "10:35"), 10 + 10 * n) for n in range(4)
    ]

    def insert(patient, start, minutes) -> Callable[[], str]:
        def call() -> str:
            try:
                with transaction.atomic():
                    Appointment.objects.create(
                        patient=patient, doctor=doctor, start=start, end=start + timedelta(minutes=minutes)
                    )
            except IntegrityError:
                return "refused"
            except OperationalError as exc:
                # PostgreSQL may abort one of several mutually conflicting inserts as a deadlock:
                # it did not commit either, which is all this test is about.
                return "refused" if is_transient_conflict(exc) else f"error: {exc}"
            return "committed"

        return call

    results = race([insert(p, start, minutes) for p, (start, minutes) in zip(patients, spans, strict=True)])
    assert Counter(results) == Counter({"committed": 1, "refused": 7})


def test_one_patient_booking_several_doctors_at_overlapping_times_gets_exactly_one(client_for):
    patient = PatientFactory()
    day = days_ahead(5)
    doctors = [DoctorFactory() for _ in range(6)]
    # Each doctor keeps another grid: starts between 09:30 and 10:00, lengths from 30 to 60 minutes.
    for n, doctor in enumerate(doctors):
        AvailabilityRule.objects.bulk_create(
            AvailabilityRule(
                doctor=doctor, weekday=w, start_time=time(9, 30 + 5 * n), end_time=time(12), slot_minutes=30 + 6 * n
            )
            for w in range(7)
        )
    client = client_for(patient)
    calls = [
        post(client, {"doctor": d.pk, "start": local(day, f"09:{30 + 5 * n}").isoformat()})
        for n, d in enumerate(doctors)
    ]
    results = race(calls)
    assert outcomes(results) == Counter({(201, ""): 1, (409, "patient_overlap"): 5})
    assert Appointment.objects.filter(patient=patient, status=Status.BOOKED).count() == 1


def test_one_patient_booking_two_doctors_at_the_same_time_gets_one(client_for):
    patient = PatientFactory()
    doctors = [DoctorFactory(), DoctorFactory()]
    for doctor in doctors:
        open_every_day(doctor)
    client = client_for(patient)
    start = local(days_ahead(4), "11:00").isoformat()
    results = race([post(client, {"doctor": doctor.pk, "start": start}) for doctor in doctors])
    assert outcomes(results) == Counter({(201, ""): 1, (409, "patient_overlap"): 1})


def test_a_reschedule_racing_a_booking_into_the_same_slot_leaves_exactly_one(client_for):
    doctor = DoctorFactory()
    open_every_day(doctor)
    movers, bookers = [PatientFactory() for _ in range(5)], [PatientFactory() for _ in range(5)]
    day = days_ahead(5)
    for round_, (mover, booker) in enumerate(zip(movers, bookers, strict=True)):
        old, target = local(day, f"{9 + round_}:00"), local(day, f"{9 + round_}:30")
        appointment = AppointmentFactory(patient=mover, doctor=doctor, start=old, end=local(day, f"{9 + round_}:30"))
        mover_client, booker_client = client_for(mover), client_for(booker)

        def reschedule(client=mover_client, pk=appointment.pk, start=target):
            response = client.patch(f"{URL}{pk}/", {"start": start.isoformat()}, format="json")
            return response.status_code, response.json().get("code", "")

        results = race([reschedule, post(booker_client, {"doctor": doctor.pk, "start": target.isoformat()})])
        winners = [status for status, _ in results if status in (200, 201)]
        losers = [code for status, code in results if status == 409]
        assert (len(winners), losers) == (1, ["slot_taken"]), results
        in_target = Appointment.objects.filter(doctor=doctor, status=Status.BOOKED, start=target)
        assert in_target.count() == 1
        appointment.refresh_from_db()
        # The loser changed nothing: a failed move keeps its old slot.
        assert appointment.start in (old, target)


def test_concurrent_retries_with_one_idempotency_key_book_once(client_for):
    doctor = DoctorFactory()
    open_every_day(doctor)
    client = client_for(PatientFactory())
    body = {"doctor": doctor.pk, "start": local(days_ahead(5), "13:00").isoformat()}

    def retry() -> tuple[int, int | None]:
        response = client.post(URL, body, format="json", HTTP_IDEMPOTENCY_KEY="same-key")
        return response.status_code, response.json().get("id")

    results = race([retry for _ in range(5)])
    assert {status for status, _ in results} == {201}
    assert len({pk for _, pk in results}) == 1
    assert Appointment.objects.filter(doctor=doctor).count() == 1
