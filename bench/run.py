"""Patient Tracker benchmarks: generate the data set, serve the app under gunicorn, drive it with wrk.

    .venv/bin/python bench/run.py --profile quick     # small data set, a few minutes
    .venv/bin/python bench/run.py --profile full      # 1M appointments (make bench)

See bench/README.md for what is measured and how to read the results.
"""

import argparse
import json
import os
import time
import warnings
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import benchenv
import loadgen
from datagen import Sizes

PROFILES: dict[str, dict[str, Any]] = {
    "full": {
        "scale": 1.0,
        "database": "pt_bench",
        "duration": 20,
        "lines": 20_000,
        "readers": 2_000,
        "booking_lines": 8_000,
        "races": 10,
        "fan_out_bookings": 300,
    },
    "quick": {
        "scale": 0.05,
        "database": "pt_bench_quick",
        "duration": 8,
        "lines": 5_000,
        "readers": 500,
        "booking_lines": 1_500,
        "races": 5,
        "fan_out_bookings": 300,
    },
}
SIZE_FLAGS = ("doctors", "patients", "appointments", "records", "notifications")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="quick")
    parser.add_argument("--scale", type=float, help="size of the data set relative to the full one (1.0)")
    for name in SIZE_FLAGS:
        parser.add_argument(f"--{name}", type=int, help=f"number of {name} (overrides --scale)")
    parser.add_argument(
        "--database-url", help="bench database, default postgres://postgres@127.0.0.1:5432/<profile db>"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument(
        "--broker-url", default="redis://127.0.0.1:6379/10", help="Celery broker of the webhook fan-out phase"
    )
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database of the same sizes")
    parser.add_argument("--drop", action="store_true", help="drop the bench database at the end")
    parser.add_argument("--duration", type=int, help="seconds of measured load per endpoint and level")
    parser.add_argument("--rounds", type=int, default=3, help="slices per read endpoint and level (median)")
    parser.add_argument("--connections", default="16,64", help="comma-separated connection levels")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: 2 x cores)")
    parser.add_argument(
        "--cold", action="store_true", help="do not read the data set into the page cache before each level"
    )
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (sync as deployed, gthread)")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (gthread)")
    parser.add_argument(
        "--front",
        choices=["nginx", "none"],
        default="nginx",
        help="nginx in front of gunicorn, as ./run.sh and docker-compose serve (none: gunicorn alone)",
    )
    parser.add_argument("--racers", type=int, default=32, help="concurrent requests per same-slot race")
    parser.add_argument("--only", help="comma-separated scenarios to run (ceiling always runs)")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--backend", type=Path, help="benchmark this copy of backend/ (e.g. an earlier commit)")
    parser.add_argument("--label", help="name the run (its JSON only; latest*.json and the README stay)")
    parser.add_argument("--no-readme", action="store_true", help="do not update the table in bench/README.md")
    parser.add_argument("--generate-only", action="store_true", help="generate (or reuse) the data set and stop")
    parser.add_argument(
        "--readme-only", action="store_true", help="rewrite bench/README.md's tables from bench/results/latest-*.json"
    )
    return parser.parse_args()


def log(message: str) -> None:
    print(message, flush=True)


def sizes_from(args: argparse.Namespace, profile: dict[str, Any]) -> Sizes:
    sizes = Sizes.scaled(args.scale if args.scale is not None else profile["scale"])
    overrides = {name: getattr(args, name) for name in SIZE_FLAGS if getattr(args, name) is not None}
    return replace(sizes, **overrides)


def prepare_database(url: str, sizes: Sizes, reuse: bool, seed: int, redis_url: str) -> dict[str, Any]:
    """Generate the data set (or reuse it), then configure Django against it; answers the data set's facts."""
    stored = benchenv.stored_meta(url) if reuse else None
    regenerate = not (stored and stored["sizes"] == sizes.as_dict() and benchenv.has_field_key(url))
    key = benchenv.field_key(url, fresh=regenerate)
    benchenv.configure_django(benchenv.run_env(database_url=url, redis_url=redis_url, key=key))
    from django.core.management import call_command
    from django.db import connection

    if not regenerate:
        log(f"Reusing {benchenv.database_name(url)} (generated {stored['generated_at']}); migrating")
        call_command("migrate", verbosity=0)
        return {**stored, "reused": True}
    import psycopg

    from datagen import generate

    log(f"Creating {benchenv.database_name(url)} and migrating")
    started = time.monotonic()
    benchenv.recreate_database(url)
    call_command("migrate", verbosity=0)
    connection.close()
    migrated = time.monotonic() - started
    log(f"  migrate{'':<19} {'':>10}      in {migrated:6.1f} s")
    log("Generating the data set (COPY)")
    with psycopg.connect(benchenv.conninfo(url)) as conn:
        generated = generate(conn, sizes, seed, log)
    total = time.monotonic() - started
    log(f"  total {total:.1f} s")
    meta = {
        "sizes": sizes.as_dict(),
        "rows": generated.counts,
        "seconds": {"migrate": round(migrated, 2), **generated.timings},
        "generation_seconds": round(total, 1),
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    benchenv.store_meta(url, meta)
    return {**meta, "reused": False}


def main() -> None:
    args = parse_args()
    if args.readme_only:
        import report

        for profile in PROFILES:
            latest = benchenv.RESULTS_DIR / f"latest-{profile}.json"
            if latest.exists():
                results = json.loads(latest.read_text())
                results["goals"] = report.goals(results)  # as the current goal checks read the stored figures
                report.update_readme(results)
        return
    # WhiteNoise warns once per process that collectstatic has not run; the API serves no static files.
    warnings.filterwarnings("ignore", message="No directory at")
    loadgen.require_wrk()
    if args.backend:
        benchenv.use_backend(args.backend)
    profile = PROFILES[args.profile]
    url = args.database_url or f"postgres://postgres@127.0.0.1:5432/{profile['database']}"
    sizes = sizes_from(args, profile)
    duration = args.duration or profile["duration"]
    levels = [int(level) for level in args.connections.split(",")]
    started_at = datetime.now(UTC)
    clock = time.monotonic()
    dataset = prepare_database(url, sizes, args.reuse, args.seed, args.redis_url)
    if args.generate_only:
        return

    # Django is configured from here on.
    from django.core.cache import cache
    from django.db import connection

    import inprocess
    import phases
    import report
    import workload
    from server import Server

    cache.clear()  # the bench's own Redis database: throttle counters of earlier runs go
    log("Preparing requests (parameters from the data, free slots from the app's selector)")
    load = workload.prepare(
        lines_per_scenario=profile["lines"],
        readers=profile["readers"],
        booking_lines=profile["booking_lines"],
        races=profile["races"],
        racers=args.racers,
        seed=args.seed,
        fan_out_lines=profile["fan_out_bookings"],
    )
    log("Counting queries per request (in-process, small and large page or range)")
    queries = inprocess.query_counts(load)
    for name, q in queries.items():
        small, large = q["small"], q["large"]
        log(f"  {name:<18} {small['queries']:>3} / {large['queries']:<3} statuses {small['status']}, {large['status']}")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0].split()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    before_booking = inprocess.last_appointment_id()
    connection.close()

    workers = args.workers or 2 * (os.cpu_count() or 1)
    only = set(args.only.split(",")) if args.only else None
    scenarios = [s for s in load.scenarios if s.kind == "ceiling" or only is None or s.name in only]
    run_booking = only is None or "booking" in only
    run_fan_out = only is None or "webhook_fan_out" in only
    results: dict[str, Any] = {
        "profile": args.profile,
        "label": args.label or "",
        "backend": str(benchenv.BACKEND_DIR),
        "started_at": started_at.isoformat(timespec="seconds"),
        "titles": {s.name: s.title for s in load.scenarios} | {"booking": "booking (POST appointments/)"},
        "kinds": {s.name: s.kind for s in load.scenarios} | {"booking": "write"},
        "levels": {},
    }
    files = benchenv.VAR_DIR / "requests"
    server = Server(
        env=dict(os.environ),
        workers=workers,
        log_path=benchenv.VAR_DIR / "gunicorn.log",
        worker_class=args.worker_class,
        threads=args.threads,
        front=args.front,
    )
    server.start()
    front = "behind nginx" if args.front == "nginx" else "alone"
    log(f"gunicorn {front} on {server.url}: {workers} workers (pids {server.worker_pids()})")
    try:
        for index, connections in enumerate(levels):
            booking = load.booking_sets[index % len(load.booking_sets)] if run_booking else []
            results["levels"][str(connections)] = phases.measure_level(
                server=server,
                scenarios=scenarios,
                booking=booking,
                connections=connections,
                duration=duration,
                rounds=max(1, args.rounds),
                files=files,
                warm=not args.cold,
            )
        results["race"] = phases.race_under_load(server=server, load=load, racers=args.racers, files=files)
        results["memory"] = server.worker_memory()
    finally:
        server.stop()
    if run_fan_out:
        import fanout

        results["webhook_fan_out"] = fanout.webhook_fan_out(
            lines=load.fan_out, files=files, workers=workers, front=args.front, broker_url=args.broker_url
        )
    results["integrity"] = phases.check_database(results, before_booking)
    if args.drop:
        benchenv.drop_database(url)

    results.update(
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
        seconds=round(time.monotonic() - clock, 1),
        machine=report.machine(pg_version, shared_buffers),
        dataset=dataset,
        server={
            "workers": workers,
            "worker_class": args.worker_class,
            "threads": args.threads,
            "front": args.front,
            "settings": "bench_settings (production)",
        },
        wrk={"threads": 2, "duration_s": duration, "rounds": max(1, args.rounds), "warmup_s": 2, "timeout_s": 10},
        queries=queries,
    )
    results["goals"] = report.goals(results)
    path = report.write(results)
    log("\n" + report.text_table(results) + "\n")
    for goal in results["goals"]:
        log(f"  [{'met ' if goal['met'] else 'MISS'}] {goal['goal']}: {goal['detail']}")
    also = "" if args.label else " (and latest.json)"
    log(f"\nResults: {path.relative_to(benchenv.REPO_DIR)}{also}; {results['seconds']:.0f} s in all")
    if not args.no_readme and only is None and not args.label:
        report.update_readme(results)


if __name__ == "__main__":
    main()
