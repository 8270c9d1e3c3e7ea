"""The results: the goals checked, a table (terminal and Markdown), JSON files, the README's latest table."""

import json
import os
import platform
import re
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

from benchenv import BENCH_DIR, RESULTS_DIR

P99_GOAL_MS = 50.0
RATIO_GOAL = 0.5
# Noise on a shared machine moves a booking's p50 by about a tenth between two runs side by side.
FAN_OUT_P50_RATIO = 1.25
GOAL_CONNECTIONS = 16


def machine(pg_version: str, pg_shared_buffers: str) -> dict[str, Any]:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S607
    import django
    import gunicorn

    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "postgresql": pg_version,
        "postgresql_shared_buffers": pg_shared_buffers,
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "wrk": (wrk.stdout or wrk.stderr).split("[")[0].strip(),
    }


def _p99_bound(level: dict[str, Any]) -> list[str]:
    """What the p99 goal asks of throughput on this machine, next to what the ceiling reached.

    wrk keeps every connection busy (a closed loop), so by Little's law a request's mean latency is
    connections / throughput whatever the server does: a p99 under the goal needs more than
    connections / goal req/s even if every request took the mean, and about the ceiling's own
    p99-to-mean ratio times that in practice.
    """
    ceiling = level.get("scenarios", {}).get("ceiling")
    if not ceiling or not ceiling.get("rps"):
        return []
    floor = GOAL_CONNECTIONS / (P99_GOAL_MS / 1000)
    spread = ceiling["p99_ms"] / (1000 * GOAL_CONNECTIONS / ceiling["rps"])
    return [
        f"the ceiling did {ceiling['rps']:.0f} req/s with p99 {ceiling['p99_ms']} ms; with {GOAL_CONNECTIONS} "
        f"connections always busy a mean latency under {P99_GOAL_MS:.0f} ms needs > {floor:.0f} req/s, and with "
        f"the ceiling's p99 / mean of {spread:.2f}, about {floor * spread:.0f}"
    ]


def goals(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each goal of issue 9, met or missed, with what decided it."""
    out = []
    full = results["profile"] == "full"
    reads = [name for name, kind in results["kinds"].items() if kind == "read"]
    level = results["levels"].get(str(GOAL_CONNECTIONS), {})
    slow = {
        name: level["scenarios"][name]["p99_ms"]
        for name in reads
        if name in level.get("scenarios", {}) and level["scenarios"][name]["p99_ms"] >= P99_GOAL_MS
    }
    out.append(
        {
            "goal": f"p99 < {P99_GOAL_MS:.0f} ms at {GOAL_CONNECTIONS} connections, every read endpoint"
            + ("" if full else " (the goal is for the full data set; this is the quick one)"),
            "met": not slow,
            "detail": "; ".join(
                [", ".join(f"{name} {p99} ms" for name, p99 in slow.items()) or "all below", *_p99_bound(level)]
            ),
        }
    )
    for connections, data in results["levels"].items():
        low = {
            name: data["scenarios"][name]["ratio"]
            for name in reads
            if name in data["scenarios"] and data["scenarios"][name]["ratio"] < RATIO_GOAL
        }
        out.append(
            {
                "goal": f"every read endpoint >= {RATIO_GOAL:.0%} of the ceiling at {connections} connections",
                "met": not low,
                "detail": ", ".join(f"{name} {ratio:.0%}" for name, ratio in low.items()) or "all above",
            }
        )
    growing = [name for name, q in results["queries"].items() if q["grows"]]
    fewer = [name for name, q in results["queries"].items() if q["large"]["queries"] < q["small"]["queries"]]
    steady = "constant for every endpoint"
    if fewer:
        # A page that is not full is the last one and needs no count: the larger probe can cost less.
        steady = f"none grows; fewer for the larger probe (a page that is not full needs no count): {', '.join(fewer)}"
    out.append(
        {
            "goal": "no endpoint's query count grows with page size or data size",
            "met": not growing,
            "detail": ", ".join(growing) or steady,
        }
    )
    integrity = results["integrity"]
    doubles = sum(integrity["overlapping_booked"].values())
    races_ok = all(race["exactly_one"] for race in results["race"]["races"])
    out.append(
        {
            "goal": "zero double bookings (booking run and same-slot races)",
            "met": doubles == 0 and races_ok and integrity["booked_rows_match_201"],
            "detail": (
                f"overlapping booked pairs: {integrity['overlapping_booked']}; races with exactly one 201 and one "
                f"booked row: {sum(r['exactly_one'] for r in results['race']['races'])}/{len(results['race']['races'])}"
                f"; rows created {integrity['appointments_created']} = 201 answers {integrity['answered_201']} "
                f"(+ <= {integrity['in_flight_at_stop_max']} in flight at stop): {integrity['booked_rows_match_201']}"
            ),
        }
    )
    fan_out = results.get("webhook_fan_out")
    if fan_out:
        out.append(
            {
                "goal": f"webhooks: every delivery arrives, verified, and a booking with {fan_out['endpoints']} "
                f"endpoints subscribed is not slower by its own work (p50 within {FAN_OUT_P50_RATIO}x of none "
                "subscribed)",
                "met": fan_out["all_delivered"] and (fan_out["p50_ratio"] or 0) <= FAN_OUT_P50_RATIO,
                "detail": (
                    f"{fan_out['deliveries_distinct']}/{fan_out['deliveries_expected']} delivered "
                    f"({fan_out['bad_signatures']} bad signatures), the first batch in "
                    f"{fan_out['seconds_to_deliver_first_batch']} s ({fan_out['deliveries_per_s']}/s); booking p50 "
                    f"{fan_out['without_endpoints']['p50_ms']} ms -> {fan_out['with_endpoints']['p50_ms']} ms "
                    f"({fan_out['p50_ratio']}x); while the worker delivers on the same host "
                    f"{fan_out['while_delivering']['p50_ms']} ms ({fan_out['p50_ratio_while_delivering']}x)"
                ),
            }
        )
    out.append(
        {
            "goal": "zero 5xx under load",
            "met": integrity["server_errors"] == 0,
            "detail": f"{integrity['server_errors']} responses >= 500 in the whole run",
        }
    )
    return out


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def table_rows(results: dict[str, Any]) -> list[list[str]]:
    rows = []
    for connections, data in results["levels"].items():
        for name, row in data["scenarios"].items():
            queries = results["queries"].get(name)
            counted = f"{queries['small']['queries']} / {queries['large']['queries']}" if queries else "-"
            if results["kinds"].get(name) == "write":
                errors = ", ".join(f"{code}: {count}" for code, count in row["statuses"].items())
                if row["socket_errors"]:
                    errors += f", socket: {row['socket_errors']}"
            else:
                errors = str(row["errors"])
            rows.append(
                [
                    results["titles"][name],
                    connections,
                    f"{row['rps']:.0f}",
                    _ms(row["p50_ms"]),
                    _ms(row["p99_ms"]),
                    errors,
                    f"{row['ratio']:.0%}",
                    counted,
                ]
            )
    return rows


HEADER = ["endpoint", "conns", "req/s", "p50 ms", "p99 ms", "errors", "vs ceiling", "queries (small / large)"]


def text_table(results: dict[str, Any]) -> str:
    rows = [HEADER, *table_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _schedule(results: dict[str, Any]) -> str:
    """How long each endpoint was measured, as the run was made (runs before slices had no rounds)."""
    wrk = results["wrk"]
    rounds = wrk.get("rounds", 1)
    if rounds == 1:
        return f"{wrk['duration_s']} s per run."
    return (
        f"{wrk['duration_s']} s per endpoint and level, read endpoints in {rounds} slices round-robin; "
        "their figures are the medians of the slices'."
    )


def _cache_note(level: dict[str, Any]) -> str:
    """What the level's runs read from disk, and whether the data set was read into the page cache first."""
    rows = [row for row in level["scenarios"].values() if "disk_read_mib" in row]
    if not rows:
        return ""  # a run from before these were recorded
    read = sum(row["disk_read_mib"] for row in rows)
    runs = [run for row in rows for run in row.get("slices") or row.get("runs") or [row]]
    idle = max(run.get("cpu_idle", 0.0) for run in runs)
    warmed = level.get("warmed")
    before = (
        f" The data set ({warmed['mib']:,.0f} MiB) was read into the page cache before each of its {warmed['times']}"
        " measured runs;"
        if warmed
        else " The data set was not read into the page cache first (`--cold`);"
    )
    return f"{before} all its runs read {read:,.1f} MiB from disk; no run left more than {idle:.0%} of the CPU idle."


def markdown(results: dict[str, Any]) -> str:
    m, sizes = results["machine"], results["dataset"]["sizes"]
    front = " behind nginx" if results["server"].get("front") == "nginx" else ""
    lines = [
        f"Run of {results['finished_at'][:16].replace('T', ' ')} UTC, profile `{results['profile']}`: "
        f"{m['cores']} cores ({m['cpu']}), {m['ram_gib']} GiB RAM, PostgreSQL {m['postgresql']} "
        f"(shared_buffers {m['postgresql_shared_buffers']}), Python {m['python']}, Django {m['django']}, "
        f"gunicorn {m['gunicorn']} ({results['server']['workers']} "
        f"{results['server'].get('worker_class', 'sync')} workers{front}), {m['wrk']}, "
        + _schedule(results)
        + " The machine was shared with other work, so absolute numbers are noisy; the ratio to the ceiling, "
        "measured right before and right after each slice, is the comparable figure.",
        "",
        f"Data set: {sizes['doctors']:,} doctors, {sizes['patients']:,} patients, "
        f"{results['dataset']['rows']['appointments']:,} appointments over {sizes['days']} days, "
        f"{results['dataset']['rows']['record entries']:,} record entries, "
        f"{results['dataset']['rows']['notifications']:,} notifications"
        + (
            f" (generated in {results['dataset']['generation_seconds']:.0f} s)."
            if results["dataset"].get("generation_seconds")
            else "."
        ),
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join("---" for _ in HEADER) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in table_rows(results)]
    lines += ["", "| goal | met | detail |", "|---|---|---|"]
    lines += [f"| {g['goal']} | {'yes' if g['met'] else '**no**'} | {g['detail']} |" for g in results["goals"]]
    race = results["race"]
    memory = results["memory"]
    lines += [""]
    for connections, data in results["levels"].items():
        runs = data["scenarios"]["ceiling"]["runs"]
        loads = [row.get("load_average", 0.0) for row in data["scenarios"].values()] + [r["load_average"] for r in runs]
        lines.append(
            f"At {connections} connections the ceiling ran {len(runs)} times (between every two runs): "
            f"{min(r['rps'] for r in runs):.0f}-{max(r['rps'] for r in runs):.0f} req/s; the one-minute load "
            f"average of the machine was {min(loads):.1f}-{max(loads):.1f} on {results['machine']['cores']} cores."
            + _cache_note(data)
        )
    lines += [
        "",
        f"Same-slot race: {len(race['races'])} slots, {race['racers']} concurrent requests each, under "
        f"{race['background']['rps']:.0f} req/s of background load: "
        f"{sum(r['exactly_one'] for r in race['races'])} of {len(race['races'])} slots got exactly one 201 "
        "and exactly one booked row.",
        "Worker memory after the run (RSS, MiB): "
        + ", ".join(f"{w.get('VmRSS', '?')} (peak {w.get('VmHWM', '?')})" for w in memory)
        + ".",
    ]
    return "\n".join(lines)


def write(results: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.fromisoformat(results["finished_at"]).strftime("%Y%m%dT%H%M%SZ")
    label = f"-{results['label']}" if results.get("label") else ""
    path = RESULTS_DIR / f"{stamp}-{results['profile']}{label}.json"
    text = json.dumps(results, indent=2, default=str)
    path.write_text(text)
    if not label:
        (RESULTS_DIR / "latest.json").write_text(text)
        (RESULTS_DIR / f"latest-{results['profile']}.json").write_text(text)
    return path


def update_readme(results: dict[str, Any]) -> None:
    """Replace the README's block for this profile with the latest table."""
    readme = BENCH_DIR / "README.md"
    profile = results["profile"]
    start, end = f"<!-- latest-{profile}:start -->", f"<!-- latest-{profile}:end -->"
    text = readme.read_text()
    if start not in text:
        return
    block = f"{start}\n{markdown(results)}\n{end}"
    readme.write_text(re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S))
