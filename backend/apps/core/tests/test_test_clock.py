"""The shifted clock of end-to-end runs (CLOCK_OFFSET_SECONDS): every process agrees on "now"."""

import time
from datetime import UTC, datetime, timedelta

from .test_settings import LOCAL_KEYS, PRODUCTION_ENV, run_python

# Prints the process's "now" after waiting `sys.argv[1]` seconds without reading the clock, the
# way a server worker waits for its first request.
PRINT_NOW_AFTER = """
import sys, time
import django
django.setup()
time.sleep(float(sys.argv[1]))
from django.utils import timezone
print(timezone.now().timestamp())
"""

OFFSET = timedelta(days=90, hours=3)
LOCAL_ENV = {
    **LOCAL_KEYS,
    "DJANGO_SETTINGS_MODULE": "config.settings.local",
    "CLOCK_OFFSET_SECONDS": str(OFFSET.total_seconds()),
    "DATABASE_URL": "",
}


def _now_in_a_process(wait: float) -> tuple[float, float]:
    """That process's "now", and the real time when it read it (within a second or so)."""
    result = run_python("-c", PRINT_NOW_AFTER, str(wait), env=LOCAL_ENV)
    assert result.returncode == 0, result.stderr
    return float(result.stdout.strip().splitlines()[-1]), time.time()


def test_every_process_runs_the_same_offset_ahead_whenever_it_first_reads_the_clock():
    prompt, real_prompt = _now_in_a_process(0)
    late, real_late = _now_in_a_process(3)
    # Each is the real time plus the offset, less the moment between its read and the process's exit.
    for shifted, real in ((prompt, real_prompt), (late, real_late)):
        assert OFFSET.total_seconds() - 2 <= shifted - real <= OFFSET.total_seconds()
    # The late reader had ticked on through its wait instead of starting from the shift's start.
    assert late - prompt >= 3


def test_without_an_offset_the_clock_is_the_real_one():
    result = run_python("-c", PRINT_NOW_AFTER, "0", env={**LOCAL_ENV, "CLOCK_OFFSET_SECONDS": "0"})
    assert result.returncode == 0, result.stderr
    assert abs(float(result.stdout.strip().splitlines()[-1]) - datetime.now(UTC).timestamp()) < 2


def test_production_settings_refuse_a_shifted_clock():
    result = run_python("manage.py", "check", env={**PRODUCTION_ENV, "CLOCK_OFFSET_SECONDS": "3600"})
    assert result.returncode != 0
    assert "CLOCK_OFFSET_SECONDS" in result.stderr
