"""Benchmark settings (bench/ only): production, plus the ceiling endpoint of `bench_urls`."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
