"""The webhook fan-out phase: bookings that each fan out to ten endpoints, 1,000 deliveries in all,
sent by a real Celery worker through a Redis broker (the docker-compose topology) to a receiver on
loopback that verifies every signature with the reference library.

What it shows: the bookings' latency with no endpoint subscribed and then with ten, side by side in
one run (a webhook must never slow the request that caused it), and how long the worker takes to
deliver the lot.
"""

import http.client
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import redis
from django.db import connection

import benchenv
import workload
from server import Server, free_port

ENDPOINTS = 10
EVENT = "appointment.booked"
DRAIN_TIMEOUT_SECONDS = 180
CELERY_WORKER = [sys.executable, "-m", "celery", "-A", "config", "worker", "--without-gossip", "--without-mingle"]


def log(message: str) -> None:
    print(message, flush=True)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _book(port: int, lines: list[workload.Line], connections: int) -> dict[str, Any]:
    """Sends every line once, `connections` at a time; answers the statuses and client-side latencies."""
    tokens = workload.mint_tokens({line.user_id for line in lines})
    connection.close()

    def send(line: workload.Line) -> tuple[int, float]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Authorization": f"Bearer {tokens[line.user_id]}", "Content-Type": "application/json"}
        started = time.perf_counter()
        try:
            conn.request(line.method, line.path, body=line.body, headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status, time.perf_counter() - started
        except OSError:
            return 0, time.perf_counter() - started
        finally:
            conn.close()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=connections) as pool:
        answers = list(pool.map(send, lines))
    seconds = time.monotonic() - started
    latencies = [latency * 1000 for _, latency in answers]
    return {
        "requests": len(answers),
        "started": started,
        "seconds": round(seconds, 2),
        "rps": round(len(answers) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(_percentile(latencies, 0.50), 1),
        "p99_ms": round(_percentile(latencies, 0.99), 1),
        "statuses": {str(code): count for code, count in sorted(Counter(code for code, _ in answers).items())},
    }


def _figures(row: dict[str, Any]) -> str:
    return f"{row['rps']:>6.0f} req/s  p50 {row['p50_ms']:>6.1f} ms  p99 {row['p99_ms']:>6.1f} ms  {row['statuses']}"


def _stats(port: int) -> dict[str, Any]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/stats", timeout=5) as answer:
        return json.load(answer)


def _wait_for_worker(log_path: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"The Celery worker exited; see {log_path}")
        if "ready." in log_path.read_text(errors="replace"):
            return
        time.sleep(0.3)
    raise SystemExit(f"The Celery worker was not ready within 60 s; see {log_path}")


def webhook_fan_out(
    *, lines: list[workload.Line], files: Path, workers: int, front: str, broker_url: str, connections: int = 16
) -> dict[str, Any]:
    """Half the lines book with no endpoint subscribed, the other half with ENDPOINTS subscribed to
    every booking; then waits (bounded) until the receiver holds every delivery."""
    from apps.accounts.models import User
    from apps.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
    from apps.webhooks.services.endpoints import webhook_endpoint_create

    half = len(lines) // 2
    without, with_hooks = lines[:half], lines[half:]
    log(
        f"\nWebhook fan-out ({len(with_hooks)} bookings x {ENDPOINTS} endpoints, a Celery worker, "
        f"{connections} at a time)"
    )
    redis.Redis.from_url(broker_url).flushdb()  # the bench's own broker database: no earlier run's tasks
    env = {**os.environ, "CELERY_BROKER_URL": broker_url}
    receiver_port = free_port()
    paths = [f"/hook/{n}" for n in range(ENDPOINTS)]
    processes: list[subprocess.Popen] = []
    server = Server(env=env, workers=workers, log_path=benchenv.VAR_DIR / "fanout" / "gunicorn.log", front=front)
    endpoint_ids: list[int] = []
    try:
        server.start()
        worker_log = benchenv.VAR_DIR / "fanout" / "celery.log"
        worker = subprocess.Popen(  # noqa: S603 - fixed argv, our own interpreter
            [*CELERY_WORKER, "--loglevel", "INFO", "--concurrency", "4"],
            cwd=benchenv.BACKEND_DIR,
            env=env,
            stdout=worker_log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        processes.append(worker)
        _wait_for_worker(worker_log, worker)

        quiet = _book(server.port, without, connections)
        log(f"  no endpoint: {_figures(quiet)}")

        # Endpoints of the clinic's admins, created as the admin SPA does (secrets shown once).
        admin = User.objects.filter(role="admin").order_by("id").first()
        secrets = {}
        for path in paths:
            endpoint, secret = webhook_endpoint_create(
                actor=admin, url=f"http://127.0.0.1:{receiver_port}{path}", event_types=[EVENT], description="bench"
            )
            endpoint_ids.append(endpoint.pk)
            secrets[path] = secret
        secrets_file = files / "webhook-secrets.json"
        secrets_file.parent.mkdir(parents=True, exist_ok=True)
        secrets_file.write_text(json.dumps(secrets))
        receiver = subprocess.Popen(  # noqa: S603 - fixed argv, our own interpreter
            [sys.executable, str(benchenv.BENCH_DIR / "receiver.py"), str(receiver_port), str(secrets_file)],
            start_new_session=True,
        )
        processes.append(receiver)
        for _ in range(100):
            try:
                _stats(receiver_port)
                break
            except OSError:
                time.sleep(0.1)
        connection.close()

        loud = _book(server.port, with_hooks, connections)
        log(f"  {ENDPOINTS} endpoints: {_figures(loud)}")
        expected = loud["statuses"].get("201", 0) * ENDPOINTS
        deadline = time.monotonic() + DRAIN_TIMEOUT_SECONDS
        stats = _stats(receiver_port)
        while stats["distinct"] < expected and time.monotonic() < deadline:
            time.sleep(0.5)
            stats = _stats(receiver_port)
        time.sleep(1)  # a duplicate sent late still counts
        stats = _stats(receiver_port)
        states = dict(
            Counter(WebhookDelivery.objects.filter(endpoint_id__in=endpoint_ids).values_list("status", flat=True))
        )
        drain = round(stats["last"] - loud["started"], 2) if stats["last"] else None
        result = {
            "endpoints": ENDPOINTS,
            "event": EVENT,
            "connections": connections,
            "without_endpoints": {k: v for k, v in quiet.items() if k != "started"},
            "with_endpoints": {k: v for k, v in loud.items() if k != "started"},
            "p50_ratio": round(loud["p50_ms"] / quiet["p50_ms"], 2) if quiet["p50_ms"] else None,
            "deliveries_expected": expected,
            "deliveries_received": stats["deliveries"],
            "deliveries_distinct": stats["distinct"],
            "bad_signatures": stats["bad_signatures"],
            "seconds_to_last_delivery": drain,
            "deliveries_per_s": round(stats["distinct"] / drain, 1) if drain else None,
            "delivery_rows": states,
            "all_delivered": stats["distinct"] == expected
            and states.get(DeliveryStatus.SUCCEEDED, 0) == expected
            and stats["bad_signatures"] == 0,
        }
        log(
            f"  deliveries: {stats['distinct']}/{expected} distinct ({stats['deliveries']} received, "
            f"{stats['bad_signatures']} bad signatures) in {drain} s from the first booking; rows {states}"
        )
        return result
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                process.kill()
        server.stop()
        WebhookEndpoint.objects.filter(pk__in=endpoint_ids).delete()  # a later run's bookings send nowhere
        connection.close()
