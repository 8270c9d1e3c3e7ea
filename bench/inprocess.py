"""What the bench checks inside Django: queries per request, the booking invariants, the same-slot race."""

import http.client
import json
import threading
from collections import Counter
from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from workload import API, Race, Workload, mint_tokens


def _one(sql: str, params: list[Any] | None = None) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        row = cursor.fetchone()
    return row[0] if row else None


def _count(user_id: int, method: str, path: str, body: str = "") -> dict[str, Any]:
    """Run one request through the whole stack (middleware, auth, view, audit) and count its queries."""
    token = mint_tokens({user_id})[user_id]
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
    with CaptureQueriesContext(connection) as queries:
        if method == "POST":
            response = client.post(path, data=body, content_type="application/json")
        else:
            response = client.get(path)
    return {"path": path, "status": response.status_code, "queries": len(queries)}


def query_counts(workload: Workload) -> dict[str, dict[str, Any]]:
    """Each endpoint twice, with a small and a large page (or range, or data set): the counts must match."""
    probes, today = workload.probes, workload.today
    busiest_patient = _one(
        "SELECT patient_id FROM scheduling_appointment GROUP BY patient_id ORDER BY count(*) DESC LIMIT 1"
    )
    upcoming_patient = _one(
        "SELECT patient_id FROM scheduling_appointment WHERE status = 'booked' AND start > now() "
        "GROUP BY patient_id ORDER BY count(*) DESC LIMIT 1"
    )
    record_doctor, record_patient = _row(
        "SELECT author_id, patient_id FROM records_recordentry GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1"
    )
    most_unread = _one(
        "SELECT recipient_id FROM notifications_notification WHERE read_at IS NULL "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    )
    least_unread = _one(
        "SELECT u.id FROM accounts_user u WHERE u.role = 'patient' AND NOT EXISTS (SELECT 1 FROM "
        "notifications_notification n WHERE n.recipient_id = u.id AND n.read_at IS NULL) LIMIT 1"
    )
    doctor, day = probes["doctor_day"]
    first_day = _one("SELECT min(start)::date FROM scheduling_appointment")
    slot_doctor, specialty, patient = probes["doctor"], probes["specialty"], probes["patient"]
    soon = today + timedelta(days=3)
    plan: dict[str, list[tuple[int, str, str, str]]] = {
        "ceiling": [
            (patient, "GET", f"{API}/bench/ceiling/?after=0", ""),
            (patient, "GET", f"{API}/bench/ceiling/?after={max(workload.max_appointment_id - 1000, 0)}", ""),
        ],
        "doctor_day": [
            (doctor, "GET", f"{API}/appointments/?date_from={day}&date_to={day}&page_size=5", ""),
            (
                doctor,
                "GET",
                f"{API}/appointments/?date_from={day - timedelta(days=30)}&date_to={day}&page_size=100",
                "",
            ),
        ],
        "patient_upcoming": [
            (upcoming_patient, "GET", f"{API}/appointments/?date_from={today}&ordering=start&page_size=1", ""),
            (busiest_patient, "GET", f"{API}/appointments/?date_from={first_day}&ordering=start&page_size=100", ""),
        ],
        "slots_day": [
            (patient, "GET", f"{API}/doctors/{slot_doctor}/slots/?date={soon}", ""),
            (patient, "GET", f"{API}/doctors/{slot_doctor}/slots/?from={soon}&to={soon + timedelta(days=13)}", ""),
        ],
        "slots_next": [
            (patient, "GET", f"{API}/slots/next/?specialty={specialty.replace(' ', '%20')}&limit=1", ""),
            (patient, "GET", f"{API}/slots/next/?limit=50", ""),
        ],
        "timeline": [
            (busiest_patient, "GET", f"{API}/patients/{busiest_patient}/timeline/?page_size=5", ""),
            (busiest_patient, "GET", f"{API}/patients/{busiest_patient}/timeline/?page_size=100", ""),
        ],
        "records": [
            (record_doctor, "GET", f"{API}/records/?patient={record_patient}&page_size=1", ""),
            (record_doctor, "GET", f"{API}/records/?patient={record_patient}&page_size=100", ""),
        ],
        "fhir_everything": [
            (busiest_patient, "GET", f"/fhir/R4/Patient/{busiest_patient}/$everything?_count=5", ""),
            (busiest_patient, "GET", f"/fhir/R4/Patient/{busiest_patient}/$everything?_count=200", ""),
        ],
        "fhir_appointments": [
            (doctor, "GET", f"/fhir/R4/Appointment?practitioner={doctor}&date=ge{day}&_count=5", ""),
            (doctor, "GET", f"/fhir/R4/Appointment?practitioner={doctor}&date=ge{day}&_count=50", ""),
        ],
        "client_appointments": [
            (-1, "GET", f"{API}/appointments/?doctor={doctor}&date_from={day}&date_to={day}&page_size=5", ""),
            (
                -1,
                "GET",
                f"{API}/appointments/?doctor={doctor}&date_from={day - timedelta(days=30)}&date_to={day}&page_size=100",
                "",
            ),
        ],
        "unread": [
            (least_unread, "GET", f"{API}/notifications/unread-count/", ""),
            (most_unread, "GET", f"{API}/notifications/unread-count/", ""),
        ],
        "booking": [
            (who, "POST", f"{API}/appointments/", json.dumps({"doctor": d, "start": start.isoformat()}))
            for d, start, who in probes["booking"]
        ],
    }
    out = {}
    for name, calls in plan.items():
        small, large = (_count(*call) for call in calls)
        out[name] = {"small": small, "large": large, "grows": large["queries"] > small["queries"]}
    return out


def _row(sql: str) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


# --- Invariants -------------------------------------------------------------------------------

_OVERLAPS = """
SELECT count(*) FROM (
    SELECT start, max("end") OVER (
        PARTITION BY {party} ORDER BY start, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    ) AS earlier_end
    FROM scheduling_appointment WHERE status = 'booked'
) booked WHERE earlier_end > start
"""


def overlapping_booked() -> dict[str, int]:
    """Booked appointments that overlap an earlier one of the same doctor (or patient): must be zero."""
    return {party: _one(_OVERLAPS.format(party=f"{party}_id")) for party in ("doctor", "patient")}


def appointments_after(appointment_id: int) -> int:
    return _one("SELECT count(*) FROM scheduling_appointment WHERE id > %s", [appointment_id])


def last_appointment_id() -> int:
    return _one("SELECT coalesce(max(id), 0) FROM scheduling_appointment")


# --- The same-slot race -----------------------------------------------------------------------


def run_race(port: int, race: Race) -> dict[str, Any]:
    """Every racer asks for the one slot at the same instant (connections open, then a barrier)."""
    tokens = mint_tokens(set(race.patient_ids))
    body = json.dumps({"doctor": race.doctor_id, "start": race.start.isoformat()})
    connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for _ in race.patient_ids]
    for conn in connections:
        conn.connect()
    barrier = threading.Barrier(len(connections))
    results: list[tuple[int, str]] = [(0, "")] * len(connections)

    def fire(index: int) -> None:
        conn = connections[index]
        headers = {
            "Authorization": f"Bearer {tokens[race.patient_ids[index]]}",
            "Content-Type": "application/json",
        }
        try:
            barrier.wait()
            conn.request("POST", f"{API}/appointments/", body=body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            code = json.loads(payload).get("code", "") if response.status >= 400 else ""
            results[index] = (response.status, code)
        except (OSError, ValueError) as exc:
            results[index] = (0, type(exc).__name__)
        finally:
            conn.close()

    threads = [threading.Thread(target=fire, args=(n,)) for n in range(len(connections))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = Counter(status for status, _ in results)
    codes = Counter(code for _, code in results if code)
    booked = _one(
        "SELECT count(*) FROM scheduling_appointment WHERE doctor_id = %s AND start = %s AND status = 'booked'",
        [race.doctor_id, race.start],
    )
    return {
        "doctor": race.doctor_id,
        "start": race.start.astimezone(timezone.get_default_timezone()).isoformat(),
        "racers": len(race.patient_ids),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "codes": dict(codes),
        "booked_rows": booked,
        "exactly_one": statuses.get(201, 0) == 1 and booked == 1,
    }
