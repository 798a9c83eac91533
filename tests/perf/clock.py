"""The benchmark's «today»: its schools are built on this day and everything it
writes or opens sees it, so a run on any real day measures the same school (the
correction window, the current period and «today's» lesson all follow this date)."""

from __future__ import annotations

from datetime import date, datetime

BENCH_TODAY = date(2026, 11, 20)
BENCH_NOW = datetime(2026, 11, 20, 12, 0)  # midday: the day's lessons have been taught


def bench_clock() -> datetime:
    """The ``clock`` for ``sign_in``: the benchmark's «now»."""
    return BENCH_NOW
