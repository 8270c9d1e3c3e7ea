"""The measured phases of a run: one connection level, the same-slot races, the database checks."""

import time
from pathlib import Path
from typing import Any

from django.db import connection

import inprocess
import loadgen
import workload
from server import Server


def log(message: str) -> None:
    print(message, flush=True)


def _line(label: str, row: dict[str, Any], tail: str) -> str:
    return f"  {label:<18} {row['rps']:>7.0f} req/s  p50 {row['p50_ms']:>7.1f} ms  p99 {row['p99_ms']:>7.1f} ms  {tail}"


# Requests still queued in gunicorn when wrk stops finish during this pause, not in the next run.
SETTLE_SECONDS = 2


def load_average() -> float:
    """The machine's one-minute load average (other work on a shared machine shows here)."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def measure_level(
    *,
    server: Server,
    scenarios: list[workload.Scenario],
    booking: list[workload.Line],
    connections: int,
    duration: int,
    files: Path,
) -> dict[str, Any]:
    """Every scenario between two short runs of the ceiling; its ratio is to the mean of those two.

    On a shared machine the load moves within minutes; a ceiling measured right before and right
    after each endpoint keeps the ratio honest where one ceiling per level would not.
    """
    users = {line.user_id for s in scenarios for line in s.lines} | {line.user_id for line in booking}
    tokens = workload.mint_tokens(users)  # fresh: an access token lives minutes, not the whole run
    connection.close()
    log(f"\n{connections} connections ({len(tokens)} users signed in, {duration} s per run)")
    ceiling_scenario, others = scenarios[0], scenarios[1:]
    ceiling_path = workload.write_lines(files / "ceiling.tsv", ceiling_scenario.lines, tokens)
    ceiling_seconds = max(4, duration // 4)
    ceilings: list[dict[str, Any]] = []

    def ceiling_run() -> dict[str, Any]:
        row = loadgen.run(server.url, ceiling_path, connections=connections, duration=ceiling_seconds)
        row["load_average"] = load_average()
        time.sleep(SETTLE_SECONDS)
        ceilings.append(row)
        log(_line("  ceiling", row, f"errors {row['errors']}"))
        return row

    loadgen.run(server.url, ceiling_path, connections=connections, duration=2)  # warm-up, not measured
    before = ceiling_run()
    measured: dict[str, Any] = {}
    runs = [(s.name, s.lines, True) for s in others] + ([("booking", booking, False)] if booking else [])
    for name, lines, warm in runs:
        path = workload.write_lines(files / f"{name}.tsv", lines, tokens)
        if warm:  # not the booking run: its every line books a slot once
            loadgen.run(server.url, path, connections=connections, duration=2)
        row = loadgen.run(server.url, path, connections=connections, duration=duration)
        row["load_average"] = load_average()
        time.sleep(SETTLE_SECONDS)
        booked = f"statuses {row['statuses']}, lines sent twice {row['wrapped']}"
        log(_line(name, row, f"errors {row['errors']}" if warm else booked))
        after = ceiling_run()
        row["ceiling_rps"] = round((before["rps"] + after["rps"]) / 2, 1)
        row["ratio"] = round(row["rps"] / row["ceiling_rps"], 3) if row["ceiling_rps"] else 0.0
        log(f"    -> {name}: {row['ratio']:.0%} of the ceiling runs around it")
        measured[name], before = row, after
    ceiling = {
        **ceilings[0],
        "rps": round(sum(c["rps"] for c in ceilings) / len(ceilings), 1),
        "p50_ms": sorted(c["p50_ms"] for c in ceilings)[len(ceilings) // 2],
        "p99_ms": sorted(c["p99_ms"] for c in ceilings)[len(ceilings) // 2],
        "errors": sum(c["errors"] for c in ceilings),
        "socket_errors": sum(c["socket_errors"] for c in ceilings),
        "server_errors": sum(c["server_errors"] for c in ceilings),
        "requests": sum(c["requests"] for c in ceilings),
        "ratio": 1.0,
        "runs": [{k: c[k] for k in ("rps", "p50_ms", "p99_ms", "errors", "load_average")} for c in ceilings],
    }
    return {"scenarios": {"ceiling": ceiling, **measured}}


def race_under_load(*, server: Server, load: workload.Workload, racers: int, files: Path) -> dict[str, Any]:
    """Same-slot races while wrk keeps 16 connections busy on the doctors' day view."""
    log("\nSame-slot races under load")
    background_lines = next(s for s in load.scenarios if s.name == "doctor_day").lines
    tokens = workload.mint_tokens({line.user_id for line in background_lines})
    path = workload.write_lines(files / "background.tsv", background_lines, tokens)
    background = loadgen.start(server.url, path, connections=16, duration=max(10, 2 * len(load.races)))
    time.sleep(2)
    races = [inprocess.run_race(server.port, race) for race in load.races]
    connection.close()
    background_row = loadgen.finish(background)
    for race in races:
        log(f"  doctor {race['doctor']} {race['start']}: {race['statuses']} {race['codes']}, {race['booked_rows']} row")
    return {"racers": racers, "races": races, "background": background_row}


def check_database(results: dict[str, Any], before_booking: int) -> dict[str, Any]:
    """No overlapping booked appointments; created rows match the 201 answers; every 5xx counted."""
    log("\nChecking the database")
    levels, race = results["levels"].values(), results["race"]
    overlaps = inprocess.overlapping_booked()
    created = inprocess.appointments_after(before_booking)
    answered_201 = sum(level["scenarios"].get("booking", {}).get("statuses", {}).get("201", 0) for level in levels)
    answered_201 += sum(r["statuses"].get("201", 0) for r in race["races"])
    server_errors = sum(row["server_errors"] for level in levels for row in level["scenarios"].values())
    server_errors += race["background"]["server_errors"]
    server_errors += sum(
        n for r in race["races"] for code, n in r["statuses"].items() if int(code) in (0, *range(500, 600))
    )
    # wrk stops with up to one request per connection in flight: the server completes and commits
    # those bookings, but wrk counts no 201 for them.
    in_flight = sum(int(c) for c, level in results["levels"].items() if "booking" in level["scenarios"])
    log(
        f"  overlapping booked appointments: {overlaps}; rows created {created}, 201 answers {answered_201} "
        f"(+ at most {in_flight} cut off in flight when wrk stopped)"
    )
    connection.close()
    return {
        "overlapping_booked": overlaps,
        "appointments_created": created,
        "answered_201": answered_201,
        "in_flight_at_stop_max": in_flight,
        "booked_rows_match_201": answered_201 <= created <= answered_201 + in_flight,
        "server_errors": server_errors,
    }
