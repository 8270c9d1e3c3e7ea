"""Benchmark settings (bench/ only): production, plus the ceiling endpoint of `bench_urls`."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench_urls"

# The webhook fan-out phase delivers to its own receiver on 127.0.0.1 (bench/receiver.py).
WEBHOOK_ALLOW_HTTP_LOOPBACK = True
