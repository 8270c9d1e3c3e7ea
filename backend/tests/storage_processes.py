"""Real server processes for the storage tests, on loopback ports 18400-18499: an S3-compatible
server (moto) and the API under gunicorn. Each helper is a context manager that stops its processes on the way out."""

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import boto3
import requests
from django.conf import settings

BACKEND_DIR = Path(__file__).resolve().parents[1]
PORTS = range(18400, 18500)
START_SECONDS = 90  # gunicorn imports every view before it answers; a busy 2-core machine is slow at it
S3_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_S3_REGION_NAME": "us-east-1"}


def free_port(exclude: set[int] | frozenset[int] = frozenset()) -> int:
    """A port of the range that nothing listens on now (start at a random one: other runs share the range)."""
    ports = [port for port in PORTS if port not in exclude]
    offset = random.randrange(len(ports))  # noqa: S311 - spreading, not secrecy
    for port in ports[offset:] + ports[:offset]:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("Every port of 18400-18499 is taken.")


def database_url(name: str | None = None) -> str:
    """The URL of the database this test run uses (pytest-django's test database), or of `name` on its server."""
    from django.db import connection

    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(str(db['PASSWORD']), safe='')}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name or db['NAME']}"


def cache_env() -> dict[str, str]:
    """The test run's own Redis (database and key prefix), so servers share its throttles; else the database cache."""
    cache = settings.CACHES["default"]
    if cache["BACKEND"].endswith("RedisCache"):
        return {"REDIS_URL": cache["LOCATION"], "CACHE_KEY_PREFIX": cache.get("KEY_PREFIX", "")}
    return {"REDIS_URL": ""}


class Process:
    """A child process whose output goes to a temporary file, shown when it fails to start."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
        self.popen = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed modules
            argv, cwd=BACKEND_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-5000:]

    def wait_until_answers(self, url: str) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise RuntimeError(f"{url} exited with {self.popen.returncode} before answering:\n{self.output()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(url, timeout=2).status_code < 500:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"{url} did not answer within {START_SECONDS} s:\n{self.output()}")

    def stop(self) -> None:
        if self.popen.poll() is None:
            # The whole session: gunicorn's master and its workers.
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=20)
        self.log.close()


@contextlib.contextmanager
def moto_s3_server(port: int | None = None) -> Iterator[str]:
    """A real S3-compatible HTTP server (moto in server mode), on `port` or a free one; yields its endpoint URL."""
    port = port or free_port()
    server = Process([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], env=dict(os.environ))
    endpoint = f"http://127.0.0.1:{port}"
    try:
        server.wait_until_answers(f"{endpoint}/moto-api/")
        yield endpoint
    finally:
        server.stop()


def s3_client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=S3_CREDENTIALS["AWS_S3_REGION_NAME"],
        aws_access_key_id=S3_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


def s3_reports_env(endpoint: str, bucket: str) -> dict[str, str]:
    """The environment that stores report files in `bucket` of the S3 server at `endpoint`."""
    return {
        "REPORTS_STORAGE": "s3",
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_STORAGE_BUCKET_NAME": bucket,
        **S3_CREDENTIALS,
    }


def app_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of an app process under local settings on this test run's database, cache and keys.

    Every setting a developer's `.env` could hold that would change the outcome is given explicitly
    (the environment wins over `.env`).
    """
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": database_url(),
        **cache_env(),
        "SECRET_KEY": settings.SECRET_KEY,
        "JWT_SIGNING_KEY": settings.JWT_SIGNING_KEY,
        "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEY),
        "VAR_DIR": str(var_dir),
        "REPORTS_STORAGE": "local",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CELERY_BROKER_URL": "",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MFA_REQUIRED_FOR_STAFF": "false",
        "CLOCK_OFFSET_SECONDS": "0",
        "NUM_PROXIES": "0",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


@contextlib.contextmanager
def api_servers(*envs: dict[str, str]) -> Iterator[list[str]]:
    """One API process (gunicorn, one worker) per environment, started side by side; yields their base URLs."""
    servers: list[Process] = []
    urls: list[str] = []
    try:
        for env in envs:
            # Not yet bound by the servers started just before: keep them out of the choice.
            port = free_port(exclude={int(url.rsplit(":", 1)[1]) for url in urls})
            argv = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
            servers.append(Process([*argv, "--workers", "1", "--timeout", "60"], env=env))
            urls.append(f"http://127.0.0.1:{port}")
        for server, url in zip(servers, urls, strict=True):
            server.wait_until_answers(f"{url}/api/v1/health/")
        yield urls
    finally:
        for server in servers:
            server.stop()
