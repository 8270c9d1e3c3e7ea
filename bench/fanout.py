"""The webhook fan-out phase: bookings that each fan out to ten endpoints, sent by a real Celery
worker through a Redis broker (the docker-compose topology) to a receiver on loopback that verifies
every signature with the reference library.

Three batches of bookings, side by side in one run:
1. no endpoint subscribed;
2. ten endpoints subscribed, before the worker starts: the request's own cost of its webhooks
   (writing the event, handing it over), which must not slow it; then the worker starts and the
   time until the receiver holds those 1,000 deliveries is the delivery figure;
3. ten endpoints while the worker delivers: what sharing the machine's CPU with the deliveries
   costs a booking when worker and server run on one host (a figure, not a goal).
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


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "started"}


def _wait_for_deliveries(port: int, expected: int) -> dict[str, Any]:
    """The receiver's figures once it holds `expected` distinct deliveries (or DRAIN_TIMEOUT_SECONDS)."""
    deadline = time.monotonic() + DRAIN_TIMEOUT_SECONDS
    stats = _stats(port)
    while stats["distinct"] < expected and time.monotonic() < deadline:
        time.sleep(0.2)
        stats = _stats(port)
    time.sleep(1)  # a duplicate sent late still counts
    return _stats(port)


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
    """A third of the lines per batch (module docstring); waits (bounded) for every delivery."""
    from apps.accounts.models import User
    from apps.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
    from apps.webhooks.services.endpoints import webhook_endpoint_create

    third = len(lines) // 3
    without, held, shared = lines[:third], lines[third : 2 * third], lines[2 * third : 3 * third]
    log(f"\nWebhook fan-out ({len(held)} bookings x {ENDPOINTS} endpoints, a Celery worker, {connections} at a time)")
    redis.Redis.from_url(broker_url).flushdb()  # the bench's own broker database: no earlier run's tasks
    env = {**os.environ, "CELERY_BROKER_URL": broker_url}
    receiver_port = free_port()
    paths = [f"/hook/{n}" for n in range(ENDPOINTS)]
    processes: list[subprocess.Popen] = []
    server = Server(env=env, workers=workers, log_path=benchenv.VAR_DIR / "fanout" / "gunicorn.log", front=front)
    endpoint_ids: list[int] = []
    try:
        server.start()
        quiet = _book(server.port, without, connections)
        log(f"  no endpoint:                  {_figures(quiet)}")

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

        loud = _book(server.port, held, connections)
        log(f"  {ENDPOINTS} endpoints, worker not yet up: {_figures(loud)}")

        worker_log = benchenv.VAR_DIR / "fanout" / "celery.log"
        worker_started = time.monotonic()
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
        expected = loud["statuses"].get("201", 0) * ENDPOINTS
        stats = _wait_for_deliveries(receiver_port, expected)
        drain = round(stats["last"] - worker_started, 2) if stats["last"] else None
        log(
            f"  deliveries: {stats['distinct']}/{expected} distinct ({stats['deliveries']} received, "
            f"{stats['bad_signatures']} bad signatures) in {drain} s from the worker's start"
        )

        during = _book(server.port, shared, connections)
        log(f"  {ENDPOINTS} endpoints, worker delivering:  {_figures(during)}")
        expected += during["statuses"].get("201", 0) * ENDPOINTS
        stats = _wait_for_deliveries(receiver_port, expected)
        states = dict(
            Counter(WebhookDelivery.objects.filter(endpoint_id__in=endpoint_ids).values_list("status", flat=True))
        )
        log(
            f"  all deliveries: {stats['distinct']}/{expected} distinct ({stats['deliveries']} received, "
            f"{stats['bad_signatures']} bad signatures); rows {states}"
        )
        return {
            "endpoints": ENDPOINTS,
            "event": EVENT,
            "connections": connections,
            "without_endpoints": _public(quiet),
            "with_endpoints": _public(loud),
            "while_delivering": _public(during),
            "p50_ratio": round(loud["p50_ms"] / quiet["p50_ms"], 2) if quiet["p50_ms"] else None,
            "p50_ratio_while_delivering": round(during["p50_ms"] / quiet["p50_ms"], 2) if quiet["p50_ms"] else None,
            "deliveries_expected": expected,
            "deliveries_received": stats["deliveries"],
            "deliveries_distinct": stats["distinct"],
            "bad_signatures": stats["bad_signatures"],
            "seconds_to_deliver_first_batch": drain,
            "deliveries_per_s": round(loud["statuses"].get("201", 0) * ENDPOINTS / drain, 1) if drain else None,
            "delivery_rows": states,
            "all_delivered": stats["distinct"] == expected
            and states.get(DeliveryStatus.SUCCEEDED, 0) == expected
            and stats["bad_signatures"] == 0,
        }
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
