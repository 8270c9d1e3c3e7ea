"""Real processes for tests: Redis servers, the app under gunicorn, a Celery worker with beat.

Everything listens on 127.0.0.1 only, on ports of its own (18300-18399), and is stopped at the end
of its test; the machine's own Redis and PostgreSQL are never touched. The app's processes use the
test database, which `transaction=True` tests commit to, so they see what a test writes.
"""

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
import requests
from django.db import connection

BACKEND_DIR = Path(__file__).resolve().parents[1]
PORTS = range(18300, 18400)


def spare_port() -> int:
    """A port of the fault tests' range that nothing listens on."""
    for port in random.sample(PORTS, len(PORTS)):  # spreads concurrent runs over the range
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("No spare port in 18300-18399.")


def wait_until(condition, *, timeout: float, interval: float = 0.1, what: str = "the condition") -> float:
    """Poll `condition` until it is true; answers the seconds it took, fails the test after `timeout`."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            pytest.fail(f"{what} did not happen within {timeout} s")
        time.sleep(interval)
    return time.monotonic() - started


def database_url(application_name: str = "") -> str:
    """The test database, for the processes the tests start (`application_name` tells their connections apart)."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"{url}?application_name={application_name}" if application_name else url


class RedisServer:
    """A redis-server of the test's own, without persistence, which the test stops, freezes and restarts."""

    def __init__(self, workdir: Path) -> None:
        self.port = spare_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def answers(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is required"
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command on loopback
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
        )
        wait_until(self.answers, timeout=10, what=f"Redis on port {self.port} answering")

    def stop(self) -> None:
        """Gone: its data with it, as a Redis without persistence that restarts."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def freeze(self) -> None:
        """Hung: connections open, nothing answers (as a stalled host or a network that drops packets)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


def app_env(**overrides: str) -> dict[str, str]:
    """The environment of the app's processes: the test settings on the test database, as deployed otherwise."""
    env = {key: value for key, value in os.environ.items() if key not in ("CELERY_BROKER_URL", "PYTEST_ADDOPTS")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.faults.server_settings",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": "",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.update(overrides)
    return env


class Process:
    """A process of the app, its output in a log file that a failing test shows."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and modules
            argv, cwd=BACKEND_DIR, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()


class Server(Process):
    """The app under gunicorn (sync workers, as deployed), on a port of its own."""

    def __init__(self, env: dict[str, str], log_dir: Path, workers: int = 2) -> None:
        self.port = spare_port()
        self.url = f"http://127.0.0.1:{self.port}"
        argv = [
            *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
            *("--bind", f"127.0.0.1:{self.port}", "--workers", str(workers), "--timeout", "60"),
        ]
        super().__init__("gunicorn", argv, env, log_dir)

        def ready() -> bool:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited:\n{self.log_tail()}")
            try:
                return requests.get(f"{self.url}/api/v1/health/", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        wait_until(ready, timeout=60, interval=0.2, what="gunicorn answering")


class Worker(Process):
    """A Celery worker with its beat, on the broker the test gives it."""

    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        argv = [
            *(sys.executable, "-m", "celery", "-A", "config", "worker", "--beat", "--pool=solo"),
            *("--loglevel=WARNING", f"--schedule={log_dir / 'beat-schedule'}"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ]
        super().__init__("worker", argv, env, log_dir)


@contextmanager
def private_redis(workdir: Path) -> Iterator[RedisServer]:
    """A Redis of the test's own for as long as the block runs; skipped, with the reason, without redis-server."""
    if not shutil.which("redis-server"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs redis-server for the tests that start their own Redis")
        pytest.skip("this test needs redis-server on PATH")
    server = RedisServer(workdir)
    server.start()
    try:
        yield server
    finally:
        server.stop()
