"""The app as deployed: production settings, gunicorn's sync workers behind nginx (scripts/serve.sh), its own port."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import benchenv


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


class Server:
    def __init__(
        self,
        *,
        env: dict[str, str],
        workers: int,
        log_path: Path,
        worker_class: str = "sync",
        threads: int = 1,
        front: str = "nginx",
    ) -> None:
        self.env = {**os.environ, **env}
        self.front = front
        self.workers = workers
        self.worker_class = worker_class
        self.threads = threads
        self.port = free_port()
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("w")
        if self.front == "nginx":
            # As ./run.sh serves: nginx in front of gunicorn (sync workers).
            command = ["bash", str(benchenv.REPO_DIR / "scripts" / "serve.sh")]
            self.env |= {
                "PORT": str(self.port),
                "WEB_CONCURRENCY": str(self.workers),
                "SERVE_RUN_DIR": str(self.log_path.parent / "serve"),
            }
        else:
            command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
            command += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers), "--timeout", "60"]
            # The listen queue must hold every connection wrk opens (64) plus the race's racers.
            command += ["--backlog", "2048", "--worker-class", self.worker_class, "--threads", str(self.threads)]
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv, our own interpreter
            command,
            cwd=benchenv.BACKEND_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/health/", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200 and len(self.worker_pids()) == self.workers:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer within 60 s; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        """gunicorn's workers: the children of its master (the server process, or serve.sh's child)."""
        if self.process is None:
            return []
        if self.front != "nginx":
            return _children(self.process.pid)
        for pid in _children(self.process.pid):
            if b"gunicorn" in _cmdline(pid):
                return _children(pid)
        return []

    def worker_memory(self) -> list[dict[str, int]]:
        """Each worker's resident memory now (VmRSS) and at its peak (VmHWM), in MiB."""
        out = []
        for pid in self.worker_pids():
            values: dict[str, int] = {"pid": pid}
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    name, _, rest = line.partition(":")
                    if name in ("VmRSS", "VmHWM"):
                        values[name] = round(int(rest.split()[0]) / 1024)
            except OSError:
                continue
            out.append(values)
        return out

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
