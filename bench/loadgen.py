"""wrk, driven by bench/wrk/rotate.lua over a file of prepared requests."""

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from benchenv import BENCH_DIR

SCRIPT = BENCH_DIR / "wrk" / "rotate.lua"


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is not installed: run `bash bench/ensure-wrk.sh` (or `make bench-quick`).")
    return path


def machine_counters() -> dict[str, int]:
    """The machine's CPU time by state (in clock ticks, from /proc/stat) and the KiB read from its
    disks (pgpgin, /proc/vmstat): their change over a run shows idle CPU and reads that missed the
    page cache, whoever caused them."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, idle, iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    vmstat = dict(line.split() for line in Path("/proc/vmstat").read_text().splitlines())
    return {
        "busy": user + nice + system + irq + softirq,
        "idle": idle,
        "iowait": iowait,
        "steal": steal,
        "disk_read_kib": int(vmstat["pgpgin"]),
    }


def machine_during(before: dict[str, int], after: dict[str, int]) -> dict[str, float]:
    delta = {key: after[key] - before[key] for key in before}
    ticks = delta["busy"] + delta["idle"] + delta["iowait"] + delta["steal"]
    share = {key: round(delta[key] / ticks, 3) if ticks > 0 else 0.0 for key in ("idle", "iowait", "steal")}
    return {
        "cpu_idle": share["idle"],
        "cpu_iowait": share["iowait"],
        "cpu_steal": share["steal"],
        "disk_read_mib": round(delta["disk_read_kib"] / 1024, 1),
    }


class Run:
    """One wrk process under way, with the machine's counters from its start."""

    def __init__(self, process: subprocess.Popen, counters: dict[str, int]) -> None:
        self.process = process
        self.counters = counters


def start(base_url: str, requests: Path, *, connections: int, duration: int) -> Run:
    threads = min(2, connections)
    command = [require_wrk(), f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    command += ["-s", str(SCRIPT), base_url, "--", str(requests), str(threads)]
    counters = machine_counters()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603
    return Run(process, counters)


def finish(run: Run) -> dict[str, Any]:
    process = run.process
    out, err = process.communicate()
    machine = machine_during(run.counters, machine_counters())
    if process.returncode != 0:
        raise SystemExit(f"wrk failed ({process.returncode}): {err or out}")
    line = next((line for line in out.splitlines() if line.startswith("WRKJSON ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result line:\n{out}\n{err}")
    raw = json.loads(line.removeprefix("WRKJSON "))
    statuses = {int(code): count for code, count in raw["statuses"].items()}
    seconds = raw["duration_us"] / 1e6
    socket_errors = sum(raw["errors"][kind] for kind in ("connect", "read", "write", "timeout"))
    non_2xx = sum(count for code, count in statuses.items() if not 200 <= code < 300)
    latency = raw["latency_us"]
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 2),
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(latency["p50"] / 1000, 2),
        "p90_ms": round(latency["p90"] / 1000, 2),
        "p99_ms": round(latency["p99"] / 1000, 2),
        "max_ms": round(latency["max"] / 1000, 2),
        "statuses": {str(code): count for code, count in sorted(statuses.items())},
        "non_2xx": non_2xx,
        "server_errors": sum(count for code, count in statuses.items() if code >= 500),
        "socket_errors": socket_errors,
        "errors": non_2xx + socket_errors,
        "wrapped": raw["wrapped"],
        **machine,
    }


def run(base_url: str, requests: Path, *, connections: int, duration: int) -> dict[str, Any]:
    return finish(start(base_url, requests, connections=connections, duration=duration))
