"""Fixtures of the fault tests: the processes they start (tests/processes.py), an SMTP server, their logs."""

from pathlib import Path

import pytest

from tests.processes import Process, private_redis, spare_port


@pytest.fixture
def redis_server(tmp_path):
    with private_redis(tmp_path) as server:
        yield server


@pytest.fixture
def processes():
    """Starts what a test asks for and stops all of it at the end, showing their logs if the test failed."""
    started: list[Process] = []

    def start(process: Process) -> Process:
        started.append(process)
        return process

    yield start
    for process in reversed(started):
        process.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        for path in sorted(Path(item.funcargs.get("tmp_path", "/nonexistent")).glob("*.log")):
            report.sections.append((f"log of {path.stem}", path.read_text(errors="replace")[-6000:]))


@pytest.fixture
def smtp_inbox():
    """A real SMTP server (aiosmtpd, in this process) on a port of the range; answers its handler."""
    from aiosmtpd.controller import Controller

    from apps.notifications.tests.helpers import RecordingHandler

    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=spare_port())
    controller.start()
    handler.port = controller.port
    try:
        yield handler
    finally:
        controller.stop()
