"""The measured phases of a run: one connection level, the same-slot races, the database checks."""

import time
from pathlib import Path
from typing import Any

from django.db import connection

import inprocess
import loadgen
import workload
from server import Server

FAN_OUT_RUNS = ("without_endpoints", "with_endpoints", "while_delivering")


def log(message: str) -> None:
    print(message, flush=True)


def _line(label: str, row: dict[str, Any], tail: str) -> str:
    return (
        f"  {label:<18} {row['rps']:>7.0f} req/s  p50 {row['p50_ms']:>7.1f} ms  p99 {row['p99_ms']:>7.1f} ms  "
        f"idle {row['cpu_idle']:4.0%}  disk {row['disk_read_mib']:6.1f} MiB  {tail}"
    )


# Requests still queued in gunicorn when wrk stops finish during this pause, not in the next run:
# a read's queue drains in a fraction of a second; a booking's, at 64 connections, in about two.
SETTLE_SECONDS = 0.5
BOOKING_SETTLE_SECONDS = 2
WARM_UP_SECONDS = 2


def load_average() -> float:
    """The machine's one-minute load average (other work on a shared machine shows here)."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


SHARES = ("ratio", "cpu_idle", "cpu_iowait", "cpu_steal")
SLICE_KEYS = (
    "rps",
    "p50_ms",
    "p99_ms",
    "errors",
    "ceiling_rps",
    "ratio",
    "load_average",
    "cpu_idle",
    "cpu_iowait",
    "disk_read_mib",
)


def combine_slices(slices: list[dict[str, Any]]) -> dict[str, Any]:
    """One endpoint's row from its slices: counts add up; req/s, latencies and the ratio are the
    slices' medians, so one slice that a burst of other work hit does not move the figure."""
    statuses: dict[str, int] = {}
    for row in slices:
        for code, count in row["statuses"].items():
            statuses[code] = statuses.get(code, 0) + count
    row = {
        key: sum(r[key] for r in slices)
        for key in ("requests", "non_2xx", "server_errors", "socket_errors", "errors", "wrapped", "disk_read_mib")
    }
    row.update(
        seconds=round(sum(r["seconds"] for r in slices), 2),
        statuses=dict(sorted(statuses.items())),
        max_ms=max(r["max_ms"] for r in slices),
        load_average=max(r["load_average"] for r in slices),
    )
    for key in ("rps", "p50_ms", "p90_ms", "p99_ms", "ceiling_rps", *SHARES):
        row[key] = round(_median([r[key] for r in slices]), 3 if key in SHARES else 2)
    row["slices"] = [{k: r[k] for k in SLICE_KEYS} for r in slices]
    return row


def warm_data_set() -> dict[str, Any]:
    """Read every table and index of the data set once, through the machine's page cache.

    A clinic's database server keeps its working set in memory. This machine does not: a DAMON scheme
    (`/sys/kernel/mm/damon/admin/kdamonds/0`: action pageout, age >= 12 aggregation intervals of 5 s)
    evicts any page that nobody touched for a minute, whatever memory is free. Endpoints that read
    another patient's rows with every request then wait for the disk, and their p99 measures that
    scheme, not the app. Read before every measured run, the whole data set stays younger than a
    minute; `disk_read_mib` of every run shows what still came from the disk.
    """
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        cursor.execute(
            "SELECT count(*), coalesce(sum(pg_prewarm(c.oid, 'read')), 0) * current_setting('block_size')::bigint "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'i', 't', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
        )
        relations, size = cursor.fetchone()
    connection.close()
    return {"relations": relations, "mib": round(int(size) / 2**20, 1), "seconds": round(time.monotonic() - started, 2)}


def measure_level(
    *,
    server: Server,
    scenarios: list[workload.Scenario],
    booking: list[workload.Line],
    connections: int,
    duration: int,
    rounds: int,
    files: Path,
    warm: bool,
) -> dict[str, Any]:
    """Every read endpoint in `rounds` slices, round-robin, each slice between two short runs of the
    ceiling; an endpoint's figures are the medians of its slices'. The booking run comes last, whole.

    On a shared machine the load moves within minutes, and a burst of other work can last as long
    as one run. A ceiling right before and right after each slice keeps each ratio honest; spreading
    an endpoint's slices over the whole level and taking their median keeps one burst from deciding
    its figure (one 20 s run per endpoint moved by up to 17 points from run to run).
    """
    warms: list[dict[str, Any]] = []

    def warm_up() -> None:
        if warm:
            warms.append(warm_data_set())

    warm_up()
    if warms:
        log(
            f"Warmed the data set: {warms[0]['relations']} relations, {warms[0]['mib']:.0f} MiB "
            f"in {warms[0]['seconds']} s (again before every measured run)"
        )
    users = {line.user_id for s in scenarios for line in s.lines} | {line.user_id for line in booking}
    tokens = workload.mint_tokens(users)  # fresh: an access token lives minutes, not the whole run
    connection.close()
    slice_seconds = max(2, round(duration / rounds))
    ceiling_seconds = max(3, round(slice_seconds / 2))
    log(
        f"\n{connections} connections ({len(tokens)} users signed in; each read endpoint in {rounds} slices of "
        f"{slice_seconds} s, each between {ceiling_seconds} s runs of the ceiling)"
    )
    ceiling_scenario, others = scenarios[0], scenarios[1:]
    ceiling_path = workload.write_lines(files / "ceiling.tsv", ceiling_scenario.lines, tokens)
    ceilings: list[dict[str, Any]] = []

    def ceiling_run() -> dict[str, Any]:
        row = loadgen.run(server.url, ceiling_path, connections=connections, duration=ceiling_seconds)
        row["load_average"] = load_average()
        time.sleep(SETTLE_SECONDS)
        ceilings.append(row)
        return row

    def between(row: dict[str, Any], before: dict[str, Any], after: dict[str, Any]) -> None:
        row["ceiling_rps"] = round((before["rps"] + after["rps"]) / 2, 1)
        row["ratio"] = round(row["rps"] / row["ceiling_rps"], 3) if row["ceiling_rps"] else 0.0

    loadgen.run(server.url, ceiling_path, connections=connections, duration=WARM_UP_SECONDS)  # not measured
    before = ceiling_run()
    # Slice k of an endpoint sends lines k, k + rounds, ...: every slice has its own requests.
    paths = {
        (s.name, k): workload.write_lines(files / f"{s.name}-{k}.tsv", s.lines[k::rounds], tokens)
        for s in others
        for k in range(rounds)
    }
    slices: dict[str, list[dict[str, Any]]] = {s.name: [] for s in others}
    for k in range(rounds):
        for scenario in others:
            path = paths[scenario.name, k]
            warm_up()
            if k == 0:
                loadgen.run(server.url, path, connections=connections, duration=WARM_UP_SECONDS)
            row = loadgen.run(server.url, path, connections=connections, duration=slice_seconds)
            row["load_average"] = load_average()
            time.sleep(SETTLE_SECONDS)
            after = ceiling_run()
            between(row, before, after)
            slices[scenario.name].append(row)
            before = after
            log(_line(f"{scenario.name} {k + 1}/{rounds}", row, f"errors {row['errors']}  {row['ratio']:4.0%}"))
    measured = {name: combine_slices(rows) for name, rows in slices.items()}
    for name, row in measured.items():
        ratios = ", ".join(f"{r['ratio']:.0%}" for r in row["slices"])
        log(f"    -> {name}: {row['ratio']:.0%} of the ceiling (median of {ratios})")
    if booking:  # its every line books a slot once: one run, no warm-up, no slices
        path = workload.write_lines(files / "booking.tsv", booking, tokens)
        warm_up()
        row = loadgen.run(server.url, path, connections=connections, duration=duration)
        row["load_average"] = load_average()
        time.sleep(BOOKING_SETTLE_SECONDS)
        after = ceiling_run()
        between(row, before, after)
        log(_line("booking", row, f"statuses {row['statuses']}, lines sent twice {row['wrapped']}"))
        log(f"    -> booking: {row['ratio']:.0%} of the ceiling runs around it")
        measured["booking"] = row
    ceiling = {
        **ceilings[0],
        "rps": round(sum(c["rps"] for c in ceilings) / len(ceilings), 1),
        "p50_ms": _median([c["p50_ms"] for c in ceilings]),
        "p99_ms": _median([c["p99_ms"] for c in ceilings]),
        "errors": sum(c["errors"] for c in ceilings),
        "socket_errors": sum(c["socket_errors"] for c in ceilings),
        "server_errors": sum(c["server_errors"] for c in ceilings),
        "requests": sum(c["requests"] for c in ceilings),
        "ratio": 1.0,
        "disk_read_mib": round(sum(c["disk_read_mib"] for c in ceilings), 1),
        "cpu_idle": _median([c["cpu_idle"] for c in ceilings]),
        "runs": [
            {k: c[k] for k in ("rps", "p50_ms", "p99_ms", "errors", "load_average", "cpu_idle", "disk_read_mib")}
            for c in ceilings
        ],
    }
    log(
        f"  ceiling: {len(ceilings)} runs, {min(c['rps'] for c in ceilings):.0f}-{max(c['rps'] for c in ceilings):.0f}"
        f" req/s, p99 median {ceiling['p99_ms']:.1f} ms"
    )
    warmed = (
        {
            "times": len(warms),
            "mib": warms[0]["mib"],
            "seconds": [min(w["seconds"] for w in warms), max(w["seconds"] for w in warms)],
        }
        if warms
        else None
    )
    return {"warmed": warmed, "scenarios": {"ceiling": ceiling, **measured}}


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
    fan_out = results.get("webhook_fan_out")
    if fan_out:
        answered_201 += sum(fan_out[run]["statuses"].get("201", 0) for run in FAN_OUT_RUNS)
    server_errors = sum(row["server_errors"] for level in levels for row in level["scenarios"].values())
    server_errors += race["background"]["server_errors"]
    if fan_out:
        server_errors += sum(
            n
            for run in FAN_OUT_RUNS
            for code, n in fan_out[run]["statuses"].items()
            if int(code) in (0, *range(500, 600))
        )
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
