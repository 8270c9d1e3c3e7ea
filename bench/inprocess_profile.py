"""Where one scenario's time goes, in-process: the bench's own requests through Django's whole stack.

    .venv/bin/python bench/inprocess_profile.py --profile full slots_next            # time per request
    .venv/bin/python bench/inprocess_profile.py --profile full slots_next --cprofile # and where it goes

It reuses the bench database that `make bench` (or `--generate-only`) made, with production
settings, and runs the scenario's prepared requests through the test client, signed in as the
users wrk would use. Each figure is the best of `--rounds` rounds of `--requests` requests each:
the wall time per request, and the CPU time it took in this process and in its PostgreSQL backend
(read from /proc, so other work on a shared machine disturbs it less than the wall time). That CPU
is what the load run multiplies, without gunicorn, TCP or wrk around it. It is a tool for finding
what to change; the figures that count are the load run's (bench/README.md).
"""

import argparse
import cProfile
import gc
import itertools
import pstats
import sys
import time
import warnings

import benchenv
from run import PROFILES, log, prepare_database, sizes_from


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "scenarios",
        nargs="+",
        help="scenario names, as in the results table (e.g. slots_next); each is measured against the ceiling",
    )
    parser.add_argument("--profile", choices=sorted(PROFILES), default="full")
    parser.add_argument("--database-url", help="bench database, default that of the profile")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--requests", type=int, default=200, help="requests per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cprofile", action="store_true", help="print where the time goes (cumulative)")
    parser.add_argument("--top", type=int, default=40, help="lines of the profile to print")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (cumulative, tottime...)")
    parser.add_argument("--dump", help="also write the profile to this file (NAME: the scenario's name)")
    parser.add_argument("--seed", type=int, default=9)
    for name in ("scale", "doctors", "patients", "appointments", "records", "notifications"):
        parser.add_argument(f"--{name}", type=float if name == "scale" else int, help=argparse.SUPPRESS)
    return parser.parse_args()


def cpu_ns(pid: int | str) -> int:
    """Nanoseconds a local process has run on a CPU (/proc/PID/schedstat; "self" for this one)."""
    try:
        with open(f"/proc/{pid}/schedstat") as stat:
            return int(stat.read().split()[0])
    except OSError:  # PostgreSQL on another host: only this process is counted
        return 0


def main() -> None:
    args = parse_args()
    warnings.filterwarnings("ignore", message="No directory at")
    profile = PROFILES[args.profile]
    url = args.database_url or f"postgres://postgres@127.0.0.1:5432/{profile['database']}"
    if benchenv.stored_meta(url) is None:
        raise SystemExit(f"No bench data set in {url}: run `make bench` or `bench/run.py --generate-only` first.")
    prepare_database(url, sizes_from(args, profile), True, args.seed, args.redis_url)

    from django.db import connection
    from django.test import Client

    import workload

    load = workload.prepare(
        lines_per_scenario=args.requests,
        readers=min(profile["readers"], args.requests),
        booking_lines=10,
        races=1,
        racers=2,
        seed=args.seed,
    )
    by_name = {scenario.name: scenario for scenario in load.scenarios}
    # As config.wsgi does in gunicorn's workers: every view loaded, then frozen out of the collector's scans.
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018
    gc.collect()
    gc.freeze()
    unknown = [name for name in args.scenarios if name not in by_name]
    if unknown:
        raise SystemExit(f"Unknown scenario(s) {unknown}; choose from {sorted(by_name)}.")
    ceiling = by_name["ceiling"].lines
    tokens = workload.mint_tokens(
        {line.user_id for name in {"ceiling", *args.scenarios} for line in by_name[name].lines}
    )
    clients = {
        user: Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}") for user, token in tokens.items()
    }

    def get(line: workload.Line) -> tuple[int, int, int]:
        """One request: wall, this process's and the database backend's CPU, in ns."""
        backend = connection.connection.info.backend_pid if connection.connection else "self"
        wall, here, db = time.perf_counter_ns(), cpu_ns("self"), cpu_ns(backend)
        response = clients[line.user_id].get(line.path)
        if response.status_code != 200:
            raise SystemExit(f"{line.path} answered {response.status_code}: {response.content[:300]!r}")
        backend = connection.connection.info.backend_pid
        return time.perf_counter_ns() - wall, cpu_ns("self") - here, cpu_ns(backend) - db

    def one_round(lines: list[workload.Line]) -> tuple[list[int], list[int]]:
        """The scenario's requests, each followed by one of the ceiling's: both see the same machine."""
        spent, base = [0, 0, 0], [0, 0, 0]
        for line, other in zip(lines, itertools.cycle(ceiling)):
            spent = [a + b for a, b in zip(spent, get(line), strict=True)]
            base = [a + b for a, b in zip(base, get(other), strict=True)]
        return spent, base

    for name in args.scenarios:
        lines = by_name[name].lines
        one_round(lines)  # warm caches and connections
        rounds = [one_round(lines) for _ in range(args.rounds)]
        ratios = sorted((spent[1] + spent[2]) / (base[1] + base[2]) for spent, base in rounds)
        wall, here, db = (min(r[0][i] for r in rounds) / len(lines) / 1e6 for i in range(3))
        log(
            f"{name:<18} wall {wall:6.2f} ms, CPU {here:5.2f} ms here + {db:5.2f} ms in PostgreSQL;"
            f" CPU {ratios[len(ratios) // 2]:4.2f} x the ceiling's (median of {args.rounds} x {len(lines)})"
        )
        if args.cprofile:
            profiler = cProfile.Profile()
            profiler.runcall(lambda: [clients[line.user_id].get(line.path) for line in lines])  # noqa: B023
            if args.dump:
                profiler.dump_stats(args.dump.replace("NAME", name))
            pstats.Stats(profiler, stream=sys.stdout).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
