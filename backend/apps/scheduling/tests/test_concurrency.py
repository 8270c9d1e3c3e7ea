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
