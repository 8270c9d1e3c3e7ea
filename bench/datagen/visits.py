"""Appointments (never overlapping), the record entries of completed visits, notifications."""

from collections.abc import Callable, Iterator
from datetime import time, timedelta
from typing import Any

from .clinic import grid_times
from .copying import copy_rows

# Past appointments: completed 80%, cancelled 12%, no-show 8%; future ones: cancelled 10%, else booked.
FUTURE_CANCELLED = 0.10
# Share of a patient's appointments that are with their primary doctor.
WITH_PRIMARY_DOCTOR = 0.6


class VisitsLoader:
    """The visit tables of the Generator (whose state it uses: sizes, calendar, ids, rng, tokens)."""

    sizes: Any
    calendar: Any
    conn: Any
    rng: Any
    tokens: Any
    now: Any
    log: Any
    doctor_ids: list[int]
    template_of: dict
    days_off: dict
    completed: list
    patient_id: Callable[[int], int]

    # Appointments ------------------------------------------------------------------------------

    def _capacity(self) -> list[tuple[int, int, list[time]]]:
        """Every (day, doctor) with its grid times, in day order: the slots appointments may take."""
        cal = self.calendar
        out = []
        for index in range(cal.days):
            weekday = cal.day(index).weekday()
            for d in self.doctor_ids:
                weekdays, windows = self.template_of[d]
                if weekday in weekdays and index not in self.days_off[d]:
                    out.append((index, d, [t for start, end in windows for t in grid_times(start, end)]))
        return out

    def _patient_for(self, doctor_index: int, taken: set[int]) -> int:
        rng, doctors, patients = self.rng, len(self.doctor_ids), self.sizes.patients
        if rng.random() < WITH_PRIMARY_DOCTOR and patients > doctors:
            for _ in range(3):
                index = doctor_index + doctors * rng.randrange((patients - doctor_index - 1) // doctors + 1)
                if index not in taken:
                    return index
        while True:
            index = rng.randrange(patients)
            if index not in taken:
                return index

    def load_appointments(self) -> int:
        columns = ["id", "created_at", "updated_at", "start", "end", "status", "reason", "consultation_notes"]
        columns += ["cancellation_reason", "cancelled_at", "completed_at", "booked_by_id", "cancelled_by_id"]
        columns += ["doctor_id", "patient_id", "sequence"]
        capacity = self._capacity()
        total = sum(len(times) for _, _, times in capacity)
        wanted = self.sizes.appointments
        if wanted > total * 0.9:
            raise SystemExit(f"{wanted:,} appointments do not fit {total:,} slots; add doctors or days.")
        self.log(f"    {total:,} slots over {self.sizes.days} days, {wanted / total:.0%} booked")
        doctor_index = {d: i for i, d in enumerate(self.doctor_ids)}
        rng, pick, now = self.rng, self.tokens.pick, self.now

        def chosen() -> Iterator[tuple[int, int, time]]:
            # Selection sampling (Knuth's algorithm S): exactly `wanted` of `total`, in order, streaming.
            seen = selected = 0
            for index, d, times in capacity:
                for t in times:
                    if rng.random() * (total - seen) < wanted - selected:
                        selected += 1
                        yield index, d, t
                    seen += 1

        def rows() -> Iterator[list[Any]]:
            taken: dict[tuple[int, time], set[int]] = {}
            for appointment_id, (index, d, t) in enumerate(chosen(), start=1):
                start, end = self.calendar.instants[(index, t)]
                at = taken.setdefault((index, t), set())
                if len(taken) > 64:  # instants of earlier days are done with
                    for key in [key for key in taken if key[0] < index]:
                        del taken[key]
                patient_index = self._patient_for(doctor_index[d], at)
                at.add(patient_index)
                patient = self.patient_id(patient_index)
                roll = rng.random()
                reason = pick("reason") if roll < 0.7 else pick("empty")
                notes, cancel_reason, cancelled_at, completed_at, cancelled_by = (
                    pick("empty"),
                    pick("empty"),
                    None,
                    None,
                    None,
                )
                if start < now:
                    created = start - timedelta(days=1 + rng.randrange(30), minutes=rng.randrange(600))
                    status = "completed" if roll < 0.80 else "cancelled" if roll < 0.92 else "no_show"
                else:
                    created = now - timedelta(days=rng.randrange(30), minutes=rng.randrange(600))
                    status = "cancelled" if roll < FUTURE_CANCELLED else "booked"
                if status == "completed":
                    notes, completed_at = pick("notes"), end
                    self.completed.append((appointment_id, patient, d, index, end))
                elif status == "cancelled":
                    cancel_reason, cancelled_by = pick("cancel"), patient
                    cancelled_at = min(now, created + (start - created) / 2)
                updated = completed_at or cancelled_at or created
                yield [
                    appointment_id,
                    created,
                    updated,
                    start,
                    end,
                    status,
                    reason,
                    notes,
                    cancel_reason,
                    cancelled_at,
                    completed_at,
                    patient,
                    cancelled_by,
                    d,
                    patient,
                    # Calendar SEQUENCE: cancelling, completing or a no-show changed the visit once.
                    0 if status == "booked" else 1,
                ]

        return copy_rows(self.conn, "scheduling_appointment", columns, rows())

    # Records and notifications -----------------------------------------------------------------

    def load_records(self) -> int:
        """Record entries documenting completed visits (up to one each), written by the visit's doctor."""
        columns = ["id", "created_at", "updated_at", "patient_id", "author_id", "entry_date", "diagnosis"]
        columns += ["treatment_plan", "medications_text", "notes", "appointment_id", "version"]
        columns += ["last_edited_by_id", "last_edited_at"]
        wanted, completed, pick = self.sizes.records, self.completed, self.tokens.pick
        chosen = sorted(self.rng.sample(range(len(completed)), k=min(wanted, len(completed))))
        texts = ("diagnosis", "treatment_plan", "medications_text", "notes")

        def rows() -> Iterator[list[Any]]:
            for record_id, position in enumerate(chosen, start=1):
                appointment_id, patient, doctor, index, end = completed[position]
                written = end + timedelta(minutes=10)
                head = [record_id, written, written, patient, doctor, self.calendar.day(index)]
                yield [*head, *(pick(field) for field in texts), appointment_id, 1, None, None]

        count = copy_rows(self.conn, "records_recordentry", columns, rows())
        self.completed = []
        return count

    def load_notifications(self) -> int:
        columns = ["id", "recipient_id", "kind", "title", "body", "link", "appointment_id", "created_at", "read_at"]
        kinds = [
            ("appointment_booked", "Appointment booked"),
            ("reminder", "Appointment reminder"),
            ("visit_completed", "Visit notes available"),
            ("appointment_cancelled", "Appointment cancelled"),
        ]
        rng, pick = self.rng, self.tokens.pick

        def rows() -> Iterator[list[Any]]:
            for notification_id in range(1, self.sizes.notifications + 1):
                if rng.random() < 0.8:
                    recipient = self.patient_id(rng.randrange(self.sizes.patients))
                else:
                    recipient = rng.choice(self.doctor_ids)
                kind, title = rng.choice(kinds)
                created = self.now - timedelta(minutes=rng.randrange(90 * 24 * 60))
                read_at = created + timedelta(hours=2) if rng.random() < 0.7 else None
                yield [notification_id, recipient, kind, title, pick("body"), "", None, created, read_at]

        return copy_rows(self.conn, "notifications_notification", columns, rows())
