"""Slow clients against the app as it is served: ./run.sh's scripts/serve.sh, and docker-compose's
nginx (frontend/nginx.conf, pointed at a local gunicorn), each nginx in front of gunicorn.

What they serve is compressed: the SPA's files and the API's JSON.

Hundreds of connections trickle their headers or their body a byte a second. nginx holds them; the
gunicorn workers only ever see whole requests, so health and a signed-in read keep answering as fast
as on a quiet server. All traffic goes to 127.0.0.1, and every loop is bounded in time.
"""

import gzip
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from apps.accounts.services.sessions import session_start_for
from apps.accounts.tests.factories import NurseFactory, PatientFactory

REPO_DIR = Path(__file__).resolve().parents[3]
SERVE = REPO_DIR / "scripts" / "serve.sh"
COMPOSE_NGINX = REPO_DIR / "frontend" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SLOW_CONNECTIONS = 200
# nginx's allowance for a client that pauses while sending (the test sets it short).
CLIENT_TIMEOUT = 3

pytestmark = [
    pytest.mark.faults,
    pytest.mark.postgres,
    # `make install` installs nginx; CI must never skip this.
    pytest.mark.skipif(
        not os.path.exists(NGINX) and os.environ.get("CI") != "true", reason="needs nginx (make install)"
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own scripts and servers
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )


def _compose_nginx(run_dir: Path, root: Path, temp_dir: Path, port: int, app_port: int) -> list[str]:
    """docker-compose's nginx, as written, but on loopback ports and this machine's folders."""
    site = COMPOSE_NGINX.read_text()
    # The compose network's DNS (and nginx's re-resolving, newer than Debian's) is not here.
    site = re.sub(r"\n\s*resolver [^;]*;", "", site)
    site = re.sub(r"server api:8000[^;]*;", f"server 127.0.0.1:{app_port};", site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("listen [::]:80;", "")
    site = site.replace("/usr/share/nginx/html", str(root))
    site = site.replace("client_header_timeout 10s;", f"client_header_timeout {CLIENT_TIMEOUT}s;")
    site = site.replace("client_body_timeout 10s;", f"client_body_timeout {CLIENT_TIMEOUT}s;")
    (run_dir / "site.conf").write_text(site)
    temps = "\n".join(
        f"{kind}_temp_path {temp_dir / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user nobody nogroup;" if os.getuid() == 0 else ""
    (run_dir / "nginx.conf").write_text(
        f"{user}\nworker_processes 1;\nerror_log {run_dir}/error.log warn;\npid {run_dir}/nginx.pid;\n"
        f"events {{ worker_connections 4096; }}\n"
        # The image's main configuration maps file names to MIME types the same way.
        f"http {{ access_log off;\ninclude /etc/nginx/mime.types;\n{temps}\ninclude {run_dir / 'site.conf'};\n}}\n"
    )
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (temp_dir / kind).mkdir()
        if os.getuid() == 0:
            shutil.chown(temp_dir / kind, user="nobody")
    return [NGINX, "-c", str(run_dir / "nginx.conf"), "-g", "daemon off;"]


SPA_SCRIPT = "index-4f2a9c.js"
SPA_INDEX = f'<!doctype html><html><head><script type="module" src="/assets/{SPA_SCRIPT}"></script></head></html>'


def _spa_script() -> str:
    """Minified-looking JavaScript of a realistic size (a bundle repeats its identifiers a lot)."""
    return "".join(f"const c{n}=(e,t)=>e.map(r=>({{...r,id:t+{n}}}));export{{c{n}}};" for n in range(4000))


@pytest.fixture(params=["run.sh", "docker-compose"])
def served(request, transactional_db, tmp_path):
    """The app behind nginx as run.sh or as docker-compose serves it, on this test database."""
    db = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "WARNING",
        "NUM_PROXIES": "1",
    }
    # A built SPA of its own: run.sh's gunicorn serves it from FRONTEND_DIST, compose's nginx from its
    # root. Under /tmp, where nginx's workers (nobody) may read it.
    dist = Path(tempfile.mkdtemp(prefix="pt-dist-test."))
    dist.chmod(0o755)
    (dist / "assets").mkdir(mode=0o755)
    (dist / "index.html").write_text(SPA_INDEX)
    (dist / "assets" / SPA_SCRIPT).write_text(_spa_script())
    env["FRONTEND_DIST"] = str(dist)
    temp_dir: Path | None = None
    if request.param == "run.sh":
        env |= {"PORT": str(port), "SERVE_RUN_DIR": str(tmp_path), "NGINX_CLIENT_TIMEOUT": str(CLIENT_TIMEOUT)}
        processes = [_start(["bash", str(SERVE)], env)]
    else:
        app_port = _free_port()
        gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application"]
        gunicorn += ["--bind", f"127.0.0.1:{app_port}", "--workers", "2", "--chdir", str(REPO_DIR / "backend")]
        gunicorn += ["--limit-request-line", "8190"]  # as docker-compose.yml runs it
        tmp_path.chmod(0o755)
        # nginx's workers (nobody) buffer large bodies there: under /tmp, which they can traverse.
        temp_dir = Path(tempfile.mkdtemp(prefix="pt-nginx-test."))
        temp_dir.chmod(0o711)
        processes = [_start(gunicorn, env), _start(_compose_nginx(tmp_path, dist, temp_dir, port, app_port), env)]
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for process in processes:
                assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            try:
                with urllib.request.urlopen(f"{url}/api/v1/health/", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"{request.param}: the server did not answer within 30 s")
        yield url
    finally:
        for process in processes:
            os.killpg(process.pid, 15)
        for process in processes:
            process.wait(timeout=20)
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
        shutil.rmtree(dist, ignore_errors=True)


def _timed_get(url: str, token: str | None = None) -> float:
    request = urllib.request.Request(url)  # noqa: S310 - our own loopback server
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310
        answer.read()
        assert answer.status == 200
    return time.monotonic() - started


def _latencies(base: str, token: str, rounds: int = 30) -> list[float]:
    """Health and a signed-in read, alternately: each one's time."""
    out = []
    for _ in range(rounds):
        out.append(_timed_get(f"{base}/api/v1/health/"))
        out.append(_timed_get(f"{base}/api/v1/me/", token))
        time.sleep(0.05)
    return sorted(out)


def _p99(values: list[float]) -> float:
    return values[min(len(values) - 1, round(0.99 * (len(values) - 1)))]


def _trickle(port: int, body: bool, stop: threading.Event, opened: list[socket.socket]) -> None:
    """One slow client: a byte a second of headers, or of a body it announced as 100 kB."""
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    except OSError:
        return
    opened.append(sock)
    try:
        if body:
            sock.sendall(
                b"POST /api/v1/auth/token/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
            )
        else:
            sock.sendall(b"GET /api/v1/health/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        while not stop.wait(1):
            sock.sendall(b" " if body else b"X-Slow: 1\r\n")
    except OSError:
        pass  # nginx closed it: the client was too slow


def test_slow_clients_hold_nginx_not_the_workers(served):
    token = session_start_for(user=PatientFactory()).access
    port = int(served.rsplit(":", 1)[1])
    quiet = _latencies(served, token)

    stop = threading.Event()
    opened: list[socket.socket] = []
    clients = [
        threading.Thread(target=_trickle, args=(port, n % 2 == 1, stop, opened), daemon=True)
        for n in range(SLOW_CONNECTIONS)
    ]
    for client in clients:
        client.start()
    try:
        time.sleep(1.5)  # every slow client has connected and started sending
        assert len(opened) == SLOW_CONNECTIONS
        attacked = _latencies(served, token)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=5)
        for sock in opened:
            sock.close()

    assert attacked[-1] < 1.0, f"slowest answer under attack: {attacked[-1]:.3f} s"
    # Within twice the quiet run's p99; tiny figures get a 20 ms floor against scheduling noise.
    assert _p99(attacked) <= max(2 * _p99(quiet), _p99(quiet) + 0.02), (_p99(quiet), _p99(attacked))


def test_a_client_that_stalls_mid_body_is_answered_408_and_let_go(served):
    port = int(served.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=CLIENT_TIMEOUT + 10) as sock:
        sock.sendall(
            b"POST /api/v1/auth/token/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b'Content-Type: application/json\r\nContent-Length: 50\r\n\r\n{"user'
        )
        started = time.monotonic()
        answer = sock.recv(4096)
    waited = time.monotonic() - started
    # nginx answers 408 (or just closes) after its client timeout; no worker ever saw the request.
    assert answer == b"" or answer.startswith(b"HTTP/1.1 408"), answer[:40]
    assert CLIENT_TIMEOUT - 1 <= waited <= CLIENT_TIMEOUT + 5


def _fetched(url: str, token: str | None = None) -> tuple[int, str, int]:
    """The size on the wire, the Content-Encoding and the size once decoded."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})  # noqa: S310 - loopback
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        raw = answer.read()
        encoding = answer.headers.get("Content-Encoding", "")
        assert "Accept-Encoding" in answer.headers.get("Vary", "")
    decoded = gzip.decompress(raw) if encoding == "gzip" else raw
    return len(raw), encoding, len(decoded)


def test_the_spa_and_the_api_are_served_compressed(served):
    PatientFactory.create_batch(30)
    token = session_start_for(user=NurseFactory()).access
    script = _fetched(f"{served}/assets/{SPA_SCRIPT}")
    listing = _fetched(f"{served}/api/v1/patients/?page_size=30", token)
    for wire, encoding, size in (script, listing):
        assert encoding == "gzip"
        assert wire < size / 3, (wire, size)
