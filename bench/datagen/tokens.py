"""Encrypted values: real tokens from the app's own model fields, a few per distinct plaintext."""

import random
from datetime import date, timedelta
from typing import Any


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


def make_token_pools(rng: random.Random) -> TokenPool:
    from apps.accounts.models import PatientProfile
    from apps.notifications.models import Notification
    from apps.records.models import RecordEntry
    from apps.scheduling.models import Appointment

    pool = TokenPool(rng)
    pool.make("empty", Appointment, "reason", [""])  # the app stores an empty text empty: no token
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
