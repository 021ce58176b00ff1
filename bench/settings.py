"""Benchmark settings: the production settings plus one trivial "floor" view."""

from ldsp.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
