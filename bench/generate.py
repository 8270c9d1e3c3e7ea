"""The bench data set: doctors with availability, patients, two years of appointments, records, notifications.

Fast bulk load: rows are streamed into PostgreSQL with COPY (psycopg 3 `cursor.copy()`) while the
big tables' secondary indexes, foreign keys and exclusion constraints are dropped; they are
recreated afterwards from their own definitions (read back from the catalog), which also validates
every loaded row against them. Encrypted columns hold real tokens made by the app's own model
fields with the configured key, drawn from small pools (one encryption per distinct value), so the
API decrypts them exactly as it decrypts real data.

Appointments never overlap for a doctor or a patient: every doctor works on one 30-minute grid
of clinic-local times, and each grid instant gives distinct patients to the doctors booked at it.
"""

import io
import random
import time as clock
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import psycopg

# Every doctor follows one of these weekly templates: weekdays (0 = Monday) and windows.
TEMPLATES: list[tuple[tuple[int, ...], list[tuple[time, time]]]] = [
    ((0, 1, 2, 3, 4), [(time(9), time(17))]),
    ((0, 1, 2, 3), [(time(8), time(14))]),
    ((1, 2, 3, 4, 5), [(time(10), time(18))]),
    ((0, 2, 4), [(time(9), time(13)), (time(14), time(18))]),
]
SLOT_MINUTES = 30
SPECIALTIES = [
    "General practice",
    "Cardiology",
    "Dermatology",
    "Paediatrics",
    "Neurology",
    "Orthopaedics",
    "Gynaecology",
    "Psychiatry",
    "Ophthalmology",
    "Endocrinology",
]
FIRST_NAMES = [
    "Ada",
    "Ben",
    "Cara",
    "Dan",
    "Eve",
    "Finn",
    "Gail",
    "Hugo",
    "Iris",
    "Jon",
    "Kate",
    "Liam",
    "Maya",
    "Noah",
    "Olga",
    "Pete",
    "Rosa",
    "Sam",
    "Tara",
    "Umar",
]
LAST_NAMES = [
    "Adams",
    "Brown",
    "Clark",
    "Davis",
    "Evans",
    "Ford",
    "Green",
    "Hill",
    "Irwin",
    "Jones",
    "King",
    "Lewis",
    "Moore",
    "Nash",
    "Owen",
    "Price",
]
BENCH_PASSWORD = "bench-password-not-a-secret-42"
PAST_STATUS = [("completed", 0.80), ("cancelled", 0.12), ("no_show", 0.08)]
FUTURE_CANCELLED = 0.10
# Share of a patient's appointments that are with their primary doctor.
WITH_PRIMARY_DOCTOR = 0.6


@dataclass(frozen=True)
class Sizes:
    doctors: int = 200
    patients: int = 100_000
    appointments: int = 1_000_000
    records: int = 300_000
    notifications: int = 100_000
    days: int = 730  # the span of appointments, of which the last `BOOKING_HORIZON_DAYS` lie ahead

    @classmethod
    def scaled(cls, scale: float) -> "Sizes":
        full = cls()
        return cls(
            doctors=max(10, round(full.doctors * scale)),
            patients=max(500, round(full.patients * scale)),
            appointments=round(full.appointments * scale),
            records=round(full.records * scale),
            notifications=round(full.notifications * scale),
            days=full.days,
        )

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


# --- COPY helpers -----------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def copy_rows(conn: psycopg.Connection, table: str, columns: list[str], rows: Iterable[Iterable[Any]]) -> int:
    """COPY rows (tab-separated text, written in large chunks); answers how many were written."""
    count = 0
    buffer = io.StringIO()
    quoted = ", ".join(f'"{column}"' for column in columns)
    statement = f"COPY {table} ({quoted}) FROM STDIN"
    with conn.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[arg-type]
        for row in rows:
            buffer.write("\t".join(_cell(value) for value in row))
            buffer.write("\n")
            count += 1
            if count % 20_000 == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())
    return count


@dataclass
class Deferred:
    """A table's secondary indexes and constraints, dropped for the load and recreated after it."""

    table: str
    constraints: list[tuple[str, str]]
    indexes: list[str]


def defer_indexes(conn: psycopg.Connection, table: str) -> Deferred:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype <> 'p' ORDER BY conname",
            [table],
        )
        constraints = [(name, definition) for name, definition in cursor.fetchall()]
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _ in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    return Deferred(table, constraints, [definition for _, definition in indexes])


def restore_indexes(conn: psycopg.Connection, deferred: Deferred) -> None:
    with conn.cursor() as cursor:
        for name, definition in deferred.constraints:
            cursor.execute(f'ALTER TABLE {deferred.table} ADD CONSTRAINT "{name}" {definition}')  # type: ignore[arg-type]
        for definition in deferred.indexes:
            cursor.execute(definition)  # type: ignore[arg-type]


# --- Encrypted values -------------------------------------------------------------------------


class TokenPool:
    """Tokens of a handful of plaintexts per encrypted field, made by the field itself (app key, app format)."""

    def __init__(self, rng: random.Random) -> None:
        from django.db import connection

        self.rng = rng
        self.connection = connection
        self.pools: dict[str, list[str]] = {}

    def make(self, name: str, model: Any, field_name: str, values: list[Any], copies: int = 1) -> None:
        field = model._meta.get_field(field_name)
        self.pools[name] = [field.get_db_prep_save(value, self.connection) for value in values for _ in range(copies)]

    def pick(self, name: str) -> str:
        return self.rng.choice(self.pools[name])


def _make_token_pools(rng: random.Random) -> TokenPool:
    from apps.accounts.models import PatientProfile
    from apps.notifications.models import Notification
    from apps.records.models import RecordEntry
    from apps.scheduling.models import Appointment

    pool = TokenPool(rng)
    pool.make("empty", Appointment, "reason", [""], copies=20)
    pool.make("reason", Appointment, "reason", [f"Reason for the visit, variant {n}" for n in range(50)])
    pool.make("notes", Appointment, "consultation_notes", [f"Consultation notes, variant {n}. " * 4 for n in range(50)])
    pool.make("cancel", Appointment, "cancellation_reason", [f"Cancelled, variant {n}" for n in range(20)])
    pool.make("dob", PatientProfile, "date_of_birth", [date(1940, 1, 1) + timedelta(days=97 * n) for n in range(300)])
    pool.make("phone", PatientProfile, "phone", [f"+44 7700 9{n:05d}" for n in range(200)])
    pool.make("address", PatientProfile, "address", [f"{n} High Street, Bench Town" for n in range(200)])
    contacts = [[{"name": f"Contact {n}", "relation": "partner", "phone": f"+44 7700 8{n:05d}"}] for n in range(100)]
    pool.make("contacts", PatientProfile, "emergency_contacts", contacts)
    for field in ("diagnosis", "treatment_plan", "medications_text", "notes"):
        pool.make(field, RecordEntry, field, [f"{field.replace('_', ' ')} text, variant {n}. " * 3 for n in range(60)])
    pool.make("body", Notification, "body", [f"With Dr Bench, variant {n}" for n in range(100)])
    return pool


# --- The clinic's calendar --------------------------------------------------------------------


@dataclass(frozen=True)
class Calendar:
    first: date
    days: int
    now: datetime
    instants: dict[tuple[int, time], tuple[datetime, datetime]]  # (day index, local time) -> UTC span

    def day(self, index: int) -> date:
        return self.first + timedelta(days=index)


def make_calendar(days: int, future_days: int, now: datetime, tz: Any) -> Calendar:
    today = now.astimezone(tz).date()
    first = today - timedelta(days=days - future_days - 1)
    step = timedelta(minutes=SLOT_MINUTES)
    grid = sorted({t for _, windows in TEMPLATES for start, end in windows for t in _grid(start, end)})
    instants = {}
    for index in range(days):
        day = first + timedelta(days=index)
        for local in grid:
            start = datetime.combine(day, local, tzinfo=tz).astimezone(UTC)
            instants[(index, local)] = (start, start + step)
    return Calendar(first=first, days=days, now=now, instants=instants)


def _grid(start: time, end: time) -> list[time]:
    cursor, limit, step = datetime.combine(date.min, start), datetime.combine(date.min, end), timedelta(minutes=30)
    out = []
    while cursor + step <= limit:
        out.append(cursor.time())
        cursor += step
    return out


# --- The generator ----------------------------------------------------------------------------


@dataclass
class Generated:
    doctors: list[int]
    patients_first: int
    timings: dict[str, float]
    counts: dict[str, int]


class Generator:
    def __init__(self, conn: psycopg.Connection, sizes: Sizes, seed: int, log: Callable[[str], None]) -> None:
        from django.conf import settings
        from django.contrib.auth.hashers import make_password
        from django.utils import timezone

        self.conn = conn
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.log = log
        self.tz = timezone.get_default_timezone()
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.calendar = make_calendar(sizes.days, settings.BOOKING_HORIZON_DAYS, self.now, self.tz)
        self.password = make_password(BENCH_PASSWORD)  # one Argon2 hash for every bench account
        self.tokens = _make_token_pools(self.rng)
        self.timings: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        # Ids: the admin, nurses, doctors, then patients.
        self.admin_id = 1
        self.nurse_ids = list(range(2, 12))
        self.doctor_ids = list(range(100, 100 + sizes.doctors))
        self.patient_first = 100 + sizes.doctors
        self.template_of = {d: TEMPLATES[i % len(TEMPLATES)] for i, d in enumerate(self.doctor_ids)}
        self.days_off: dict[int, set[int]] = {}
        self.extra_days: dict[int, set[int]] = {}

    def patient_id(self, index: int) -> int:
        return self.patient_first + index

    def primary_doctor_index(self, patient_index: int) -> int:
        return patient_index % len(self.doctor_ids)

    def timed(self, name: str, tables: list[str], load: Callable[[], int]) -> None:
        started = clock.monotonic()
        deferred = [defer_indexes(self.conn, table) for table in tables]
        loaded = clock.monotonic()
        count = load()
        copied = clock.monotonic()
        for item in deferred:
            restore_indexes(self.conn, item)
        self.conn.commit()
        done = clock.monotonic()
        self.timings[name] = round(done - started, 2)
        self.counts[name] = count
        self.log(
            f"  {name:<26} {count:>10,} rows in {done - started:6.1f} s "
            f"(copy {copied - loaded:.1f} s, indexes and constraints {done - copied:.1f} s)"
        )

    def run(self) -> Generated:
        with self.conn.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute("SET synchronous_commit = off")
        self.timed("users", ["accounts_user"], self.load_users)
        self.timed("doctor profiles", ["accounts_doctorprofile"], self.load_doctor_profiles)
        self.timed("patient profiles", ["accounts_patientprofile"], self.load_patient_profiles)
        self.timed("availability rules", ["scheduling_availabilityrule"], self.load_rules)
        self.timed("availability exceptions", ["scheduling_availabilityexception"], self.load_exceptions)
        self.completed: list[tuple[int, int, int, int, datetime]] = []
        self.timed("appointments", ["scheduling_appointment"], self.load_appointments)
        self.timed("record entries", ["records_recordentry"], self.load_records)
        self.timed("notifications", ["notifications_notification"], self.load_notifications)
        started = clock.monotonic()
        self.fix_sequences()
        self.conn.commit()
        self.conn.autocommit = True
        with self.conn.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        self.conn.autocommit = False
        self.timings["vacuum analyze"] = round(clock.monotonic() - started, 2)
        self.log(f"  {'vacuum analyze':<26} {'':>10}      in {clock.monotonic() - started:6.1f} s")
        return Generated(self.doctor_ids, self.patient_first, self.timings, self.counts)

    # Accounts ----------------------------------------------------------------------------------

    def load_users(self) -> int:
        columns = ["id", "password", "last_login", "is_superuser", "username", "first_name", "last_name", "email"]
        columns += ["is_staff", "is_active", "date_joined", "role", "token_version"]
        joined = self.now - timedelta(days=self.sizes.days + 30)
        rng = self.rng

        def person(user_id: int, prefix: str, role: str, staff: bool = False) -> list[Any]:
            username = f"{prefix}{user_id:07d}"
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = f"{username}@bench.example"
            return [user_id, self.password, None, staff, username, first, last, email, staff, True, joined, role, 0]

        def rows() -> Iterator[list[Any]]:
            yield person(self.admin_id, "admin", "admin", staff=True)
            for user_id in self.nurse_ids:
                yield person(user_id, "nurse", "nurse")
            for user_id in self.doctor_ids:
                yield person(user_id, "doctor", "doctor")
            for index in range(self.sizes.patients):
                yield person(self.patient_id(index), "patient", "patient")

        return copy_rows(self.conn, "accounts_user", columns, rows())

    def load_doctor_profiles(self) -> int:
        columns = ["user_id", "created_at", "updated_at", "specialty", "licence_number", "bio"]
        columns += ["default_appointment_minutes", "accepting_new_patients"]
        specialties = SPECIALTIES[: max(1, min(len(SPECIALTIES), len(self.doctor_ids) // 20))]
        self.specialty_of = {d: specialties[i % len(specialties)] for i, d in enumerate(self.doctor_ids)}
        # One doctor in twenty takes only their own patients.
        self.accepting = {d: i % 20 != 19 for i, d in enumerate(self.doctor_ids)}
        rows = (
            [d, self.now, self.now, self.specialty_of[d], f"BENCH-{d:07d}", "", SLOT_MINUTES, self.accepting[d]]
            for d in self.doctor_ids
        )
        return copy_rows(self.conn, "accounts_doctorprofile", columns, rows)

    def load_patient_profiles(self) -> int:
        columns = ["user_id", "created_at", "updated_at", "date_of_birth", "sex", "phone", "address"]
        columns += ["emergency_contacts", "preferred_channel", "language", "reminder_lead_hours", "primary_doctor_id"]
        sexes = ["female", "male", "other", "undisclosed"]
        pick = self.tokens.pick

        def rows() -> Iterator[list[Any]]:
            for index in range(self.sizes.patients):
                yield [
                    self.patient_id(index),
                    self.now,
                    self.now,
                    pick("dob"),
                    sexes[index % 4],
                    pick("phone"),
                    pick("address"),
                    pick("contacts"),
                    # In-app only: no e-mail is queued by the booking run (there is no worker here).
                    "in_app",
                    "en",
                    24,
                    self.doctor_ids[self.primary_doctor_index(index)],
                ]

        return copy_rows(self.conn, "accounts_patientprofile", columns, rows())

    # Availability ------------------------------------------------------------------------------

    def load_rules(self) -> int:
        columns = ["created_at", "updated_at", "doctor_id", "weekday", "start_time", "end_time", "slot_minutes"]
        rows = (
            [self.now, self.now, d, weekday, start, end, SLOT_MINUTES]
            for d in self.doctor_ids
            for weekday in self.template_of[d][0]
            for start, end in self.template_of[d][1]
        )
        return copy_rows(self.conn, "scheduling_availabilityrule", columns, rows)

    def load_exceptions(self) -> int:
        """About ten days off a year per doctor, and a few future days of extra hours on a day not worked."""
        columns = ["created_at", "updated_at", "doctor_id", "date", "kind", "start_time", "end_time", "slot_minutes"]
        cal, rng = self.calendar, self.rng
        today_index = (self.now.astimezone(self.tz).date() - cal.first).days
        rows = []
        for d in self.doctor_ids:
            weekdays = self.template_of[d][0]
            worked = [i for i in range(cal.days) if cal.day(i).weekday() in weekdays]
            off = set(rng.sample(worked, k=min(len(worked), cal.days * 10 // 365)))
            free = [i for i in range(today_index + 2, cal.days) if cal.day(i).weekday() not in weekdays]
            extra = set(rng.sample(free, k=min(len(free), 2)))
            self.days_off[d], self.extra_days[d] = off, extra
            rows += [[self.now, self.now, d, cal.day(i), "off", None, None, None] for i in sorted(off)]
            rows += [[self.now, self.now, d, cal.day(i), "extra", time(9), time(12), SLOT_MINUTES] for i in extra]
        return copy_rows(self.conn, "scheduling_availabilityexception", columns, rows)

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
                    out.append((index, d, [t for start, end in windows for t in _grid(start, end)]))
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
        columns += ["doctor_id", "patient_id"]
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

    def fix_sequences(self) -> None:
        tables = [
            "accounts_user",
            "scheduling_availabilityrule",
            "scheduling_availabilityexception",
            "scheduling_appointment",
            "records_recordentry",
            "notifications_notification",
        ]
        with self.conn.cursor() as cursor:
            for table in tables:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
                )


def check_columns() -> None:
    """Fail early if a model gained a required column that the generator does not fill."""
    from apps.accounts.models import DoctorProfile, PatientProfile, User
    from apps.notifications.models import Notification
    from apps.records.models import RecordEntry
    from apps.scheduling.models import Appointment

    known = {
        User: 13,
        DoctorProfile: 8,
        PatientProfile: 12,
        Appointment: 15,
        RecordEntry: 14,
        Notification: 9,
    }
    for model, count in known.items():
        fields = model._meta.concrete_fields
        if len(fields) != count:
            names = sorted(f.column for f in fields)
            raise SystemExit(f"{model.__name__} now has {len(fields)} columns ({names}); update bench/generate.py.")


def generate(conn: psycopg.Connection, sizes: Sizes, seed: int, log: Callable[[str], None]) -> Generated:
    check_columns()
    return Generator(conn, sizes, seed, log).run()
