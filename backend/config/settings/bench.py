"""Benchmark settings (bench/ only): production, plus the ceiling endpoint of `config.urls_bench`."""

from .production import *  # noqa: F403

ROOT_URLCONF = "config.urls_bench"
