"""The generator: each table loaded in turn, timed, with its indexes and constraints deferred."""

import random
import time as clock
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

import psycopg

from .clinic import FIRST_NAMES, LAST_NAMES, SLOT_MINUTES, SPECIALTIES, TEMPLATES, make_calendar
from .copying import copy_rows, defer_indexes, restore_indexes
from .sizes import Sizes
from .tokens import make_token_pools
from .visits import VisitsLoader

BENCH_PASSWORD = "bench-password-not-a-secret-42"


@dataclass
class Generated:
    timings: dict[str, float]
    counts: dict[str, int]


class Generator(VisitsLoader):
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
        self.tokens = make_token_pools(self.rng)
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
        return Generated(self.timings, self.counts)

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
        Appointment: 16,
        RecordEntry: 14,
        Notification: 9,
    }
    for model, count in known.items():
        fields = model._meta.concrete_fields
        if len(fields) != count:
            names = sorted(f.column for f in fields)
            raise SystemExit(f"{model.__name__} now has {len(fields)} columns ({names}); update bench/datagen.")


def generate(conn: psycopg.Connection, sizes: Sizes, seed: int, log: Callable[[str], None]) -> Generated:
    check_columns()
    return Generator(conn, sizes, seed, log).run()
