"""What the load generator sends: per scenario, many requests of many different users and parameters.

Parameters come from the bench data (busy doctor-days, doctor/patient pairs that have records,
free slots computed by the app's own selector), so the requests find real rows; users rotate so
that no cache is flattered. Tokens are real access tokens from the app's own session service.
"""

import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from apps.accounts.models import User
from apps.accounts.services.sessions import session_start_for
from apps.scheduling.selectors import free_slots
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

API = "/api/v1"
FHIR = "/fhir/R4"
# API clients (OAuth client credentials) the bench reads as; a line's user id -N is client N.
CLIENTS = 20
CLIENT_NAME = "Bench integration {}"
CLIENT_SCOPES = ["appointments:read", "doctors:read"]


@dataclass(frozen=True)
class Line:
    method: str
    path: str
    user_id: int
    body: str = ""


@dataclass
class Scenario:
    name: str
    title: str
    kind: str  # "ceiling", "read" or "write"
    lines: list[Line]


@dataclass
class Race:
    doctor_id: int
    start: datetime
    patient_ids: list[int]


@dataclass
class Workload:
    today: date
    max_appointment_id: int
    scenarios: list[Scenario]
    booking_sets: list[list[Line]]
    races: list[Race]
    probes: dict[str, Any] = field(default_factory=dict)
    # Booking lines of the webhook fan-out phase, apart from the booking runs'.
    fan_out: list[Line] = field(default_factory=list)


def _rows(sql: str, params: list[Any] | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall()


def _clinic_today() -> date:
    return timezone.localdate(timezone.now(), timezone.get_default_timezone())


def _patients_without_upcoming(limit: int, rng: random.Random) -> list[int]:
    ids = [
        row[0]
        for row in _rows(
            "SELECT u.id FROM accounts_user u WHERE u.role = 'patient' AND u.is_active AND NOT EXISTS ("
            " SELECT 1 FROM scheduling_appointment a WHERE a.patient_id = u.id AND a.status = 'booked'"
            " AND a.start > now()) ORDER BY u.id"
        )
    ]
    rng.shuffle(ids)
    return ids[:limit]


def prepare(
    *,
    lines_per_scenario: int,
    readers: int,
    booking_lines: int,
    races: int,
    racers: int,
    seed: int,
    fan_out_lines: int = 0,
) -> Workload:
    rng = random.Random(seed)
    today = _clinic_today()
    tz = settings.TIME_ZONE
    doctors = _rows(
        "SELECT u.id, p.specialty, p.accepting_new_patients FROM accounts_user u "
        "JOIN accounts_doctorprofile p ON p.user_id = u.id WHERE u.role = 'doctor' AND u.is_active ORDER BY u.id"
    )
    doctor_ids = [row[0] for row in doctors]
    specialties = sorted({row[1] for row in doctors})
    patients = [
        row[0]
        for row in _rows("SELECT id FROM accounts_user WHERE role = 'patient' ORDER BY random() LIMIT %s", [readers])
    ]
    max_id = _rows("SELECT coalesce(max(id), 0) FROM scheduling_appointment")[0][0]
    doctor_days = _rows(
        "SELECT doctor_id, (start AT TIME ZONE %s)::date FROM scheduling_appointment "
        "TABLESAMPLE BERNOULLI (%s) REPEATABLE (%s) LIMIT %s",
        [tz, min(100.0, 100.0 * 3 * lines_per_scenario / max(max_id, 1)), seed, lines_per_scenario],
    )
    record_pairs = _rows(
        "SELECT author_id, patient_id FROM records_recordentry ORDER BY random() LIMIT %s", [lines_per_scenario]
    )
    recipients = _rows(
        "SELECT recipient_id FROM notifications_notification ORDER BY random() LIMIT %s", [lines_per_scenario]
    )

    # The patients with the longest histories: their $everything is a couple of hundred resources.
    busiest = [
        row[0]
        for row in _rows(
            "SELECT patient_id FROM scheduling_appointment GROUP BY patient_id ORDER BY count(*) DESC LIMIT 50"
        )
    ]

    def pick(items: list) -> Any:
        return rng.choice(items)

    upcoming = urlencode({"date_from": today.isoformat(), "ordering": "start", "page_size": 10})
    everyone = patients + doctor_ids

    def ceiling(n: int) -> Line:
        return Line("GET", f"{API}/bench/ceiling/?after={rng.randrange(max(max_id - 20, 1))}", pick(everyone))

    def doctor_day(n: int) -> Line:
        doctor, day = doctor_days[n % len(doctor_days)]
        return Line("GET", f"{API}/appointments/?date_from={day}&date_to={day}", doctor)

    def patient_upcoming(n: int) -> Line:
        return Line("GET", f"{API}/appointments/?{upcoming}", pick(patients))

    def slots_day(n: int) -> Line:
        day = today + timedelta(days=rng.randrange(1, 15))
        return Line("GET", f"{API}/doctors/{pick(doctor_ids)}/slots/?date={day}", pick(patients))

    def slots_next(n: int) -> Line:
        return Line("GET", f"{API}/slots/next/?{urlencode({'specialty': pick(specialties)})}", pick(patients))

    def timeline(n: int) -> Line:
        patient = pick(patients)
        return Line("GET", f"{API}/patients/{patient}/timeline/", patient)

    def records(n: int) -> Line:
        doctor, patient = record_pairs[n % len(record_pairs)]
        return Line("GET", f"{API}/records/?patient={patient}", doctor)

    def fhir_everything(n: int) -> Line:
        patient = busiest[n % len(busiest)]
        return Line("GET", f"{FHIR}/Patient/{patient}/$everything?_count=200", patient)

    def fhir_appointments(n: int) -> Line:
        doctor, day = doctor_days[n % len(doctor_days)]
        return Line("GET", f"{FHIR}/Appointment?practitioner={doctor}&date=ge{day}&_count=50", doctor)

    def client_appointments(n: int) -> Line:
        doctor, day = doctor_days[n % len(doctor_days)]
        return Line("GET", f"{API}/appointments/?doctor={doctor}&date_from={day}&date_to={day}", -(n % CLIENTS + 1))

    def unread(n: int) -> Line:
        return Line("GET", f"{API}/notifications/unread-count/", recipients[n % len(recipients)][0])

    plan = [
        ("ceiling", "ceiling: 20 rows, values()", "ceiling", ceiling),
        ("doctor_day", "doctor's appointments, one day", "read", doctor_day),
        ("patient_upcoming", "patient's upcoming appointments", "read", patient_upcoming),
        ("slots_day", "free slots, one doctor-day", "read", slots_day),
        ("slots_next", "slots/next/?specialty=", "read", slots_next),
        ("timeline", "patient timeline (as the patient)", "read", timeline),
        ("records", "record list (doctor, ?patient=)", "read", records),
        ("unread", "notifications unread count", "read", unread),
        ("fhir_everything", "FHIR Patient/$everything, busiest patients", "read", fhir_everything),
        ("fhir_appointments", "FHIR Appointment search, 50 a page (doctor)", "read", fhir_appointments),
        ("client_appointments", "API client: a doctor's day (client credentials)", "read", client_appointments),
    ]
    scenarios = [
        Scenario(name, title, kind, [make(n) for n in range(lines_per_scenario)]) for name, title, kind, make in plan
    ]
    booking_sets, race_list, probes = _bookings(
        rng=rng,
        today=today,
        doctors=doctors,
        per_set=booking_lines,
        sets=2,
        extra=fan_out_lines,
        races=races,
        racers=racers,
    )
    probes.update(
        doctor_day=doctor_days[0],
        record_pair=record_pairs[0],
        patient=patients[0],
        specialty=specialties[0],
        doctor=doctor_ids[0],
    )
    fan_out, booking_sets = booking_sets[-1], booking_sets[:-1]
    return Workload(today, max_id, scenarios, booking_sets, race_list, probes, fan_out)


def _bookings(
    *,
    rng: random.Random,
    today: date,
    doctors: list[tuple],
    per_set: int,
    sets: int,
    extra: int,
    races: int,
    racers: int,
) -> tuple[list[list[Line]], list[Race], dict[str, Any]]:
    """Distinct free slots of accepting doctors, each booked by one patient who holds no upcoming booking:
    `sets` sets of `per_set` lines, then a last one of `extra` lines.

    A patient books at most three slots and never two at one instant, so every line should answer
    201; the race slots and racing patients are kept apart from the booking run's.
    """
    accepting = [row[0] for row in doctors if row[2]]
    first = today + timedelta(days=2)
    last = today + timedelta(days=settings.BOOKING_HORIZON_DAYS - 1)
    slots = free_slots(doctor_ids=accepting, first=first, last=last)
    rng.shuffle(slots)
    wanted = per_set * sets + extra
    # Booking lines first, then one slot per race and two for the in-process query counts.
    patients = _patients_without_upcoming(wanted + races * racers + 8, rng)
    probe_patients, patients = patients[:2], patients[2:]
    race_patients, patients = patients[: races * racers], patients[races * racers :]
    race_slots, probe_slots, slots = slots[:races], slots[races : races + 2], slots[races + 2 :]
    taken: dict[int, set[datetime]] = defaultdict(set)
    lines: list[Line] = []
    cursor = 0
    for slot in slots:
        if len(lines) >= wanted or not patients:
            break
        for attempt in range(len(patients)):
            patient = patients[(cursor + attempt) % len(patients)]
            if len(taken[patient]) < 3 and slot.start not in taken[patient]:
                break
        else:
            continue
        cursor = (cursor + attempt + 1) % len(patients)
        taken[patient].add(slot.start)
        body = json.dumps({"doctor": slot.doctor_id, "start": slot.start.isoformat()})
        lines.append(Line("POST", f"{API}/appointments/", patient, body))
    extra_lines, lines = lines[:extra], lines[extra:]
    booking_sets = [lines[n::sets] for n in range(sets)] + [extra_lines]
    race_list = [
        Race(slot.doctor_id, slot.start, race_patients[n * racers : (n + 1) * racers])
        for n, slot in enumerate(race_slots)
        if len(race_patients) >= (n + 1) * racers
    ]
    probes = {
        "booking": [(slot.doctor_id, slot.start, who) for slot, who in zip(probe_slots, probe_patients, strict=False)]
    }
    return booking_sets, race_list, probes


def mint_tokens(user_ids: set[int]) -> dict[int, str]:
    """A fresh access token per user, from the app's own session service (one session each), and per
    API client (negative ids), from the OAuth token endpoint."""
    users = User.objects.in_bulk([user_id for user_id in user_ids if user_id > 0])
    with transaction.atomic():
        tokens = {user_id: session_start_for(user=user).access for user_id, user in users.items()}
    return tokens | client_tokens({-user_id for user_id in user_ids if user_id < 0})


def client_tokens(numbers: set[int]) -> dict[int, str]:
    """An access token for each bench API client named by `numbers`, each client made afresh with
    its secret (earlier runs' clients of the same name are revoked first)."""
    import base64

    from apps.clients.models import ApiClient
    from apps.clients.services import api_client_create, api_client_revoke
    from django.test import Client

    if not numbers:
        return {}
    admin = User.objects.filter(role="admin").order_by("id").first()
    http = Client(HTTP_HOST="127.0.0.1")
    tokens = {}
    for number in sorted(numbers):
        name = CLIENT_NAME.format(number)
        for old in ApiClient.objects.filter(name=name, revoked_at__isnull=True):
            api_client_revoke(client=old, actor=admin)
        client, secret = api_client_create(name=name, scopes=CLIENT_SCOPES, created_by=admin)
        basic = base64.b64encode(f"{client.client_id}:{secret}".encode()).decode()
        response = http.post(
            f"{API}/oauth/token/", {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=f"Basic {basic}"
        )
        if response.status_code != 200:
            raise SystemExit(f"The token endpoint refused bench client {number}: {response.status_code}")
        tokens[-number] = response.json()["access_token"]
    return tokens


def write_lines(path: Path, lines: list[Line], tokens: dict[int, str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as out:
        for line in lines:
            out.write(f"{line.method}\t{line.path}\t{tokens[line.user_id]}\t{line.body}\n")
    return path
