"""A background apply in slices short enough to type between.

The GUI runs a round one step per worker job (:func:`database.sync.round.sync_round_steps`),
and a mark typed meanwhile is saved after the step under way. A whole published
segment (1,000 rows) takes 150–450 ms to apply on this project's 2-core machine, so
a typed mark waited that long. With a step length given, a segment is applied in
*parts*: consecutive runs of its rows, each applied with
:func:`database.sync.apply.apply_segment` as if it were a segment of its own, in its
own transaction, with the cursor moved to the part's last row. The cursor is
therefore never past what was applied, and a round closed (or a crash) between two
parts resumes inside the segment next time (the round accepts a segment that
covers the cursor, checking that the row at the cursor is the one applied).

How many rows a part holds follows the time the previous parts took
(:class:`Pace`), so the step stays near its length whatever the rows cost here
(new marks are cheap, corrections of records with a history dearer) and however
busy the machine is.

Parts are not free: each is a transaction and :func:`apply_segment`'s statements
around the rows (cursor, clock, epochs, known ops), about 15 ms of CPU whatever its
size (measured on the 20,000-change day: parts of 50 rows took 11.4 s of CPU, of
200 rows 6.7 s, whole segments 5.5 s). So the GUI asks for short steps
(:data:`STEP_S`) only while its user is at work, and for longer ones
(:data:`IDLE_STEP_S`, a few parts per segment) while nobody is waiting.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from database.sync.segments import SegmentHeader

# What a background step aims at (CPU) while the user works: a typed mark waits about
# half of it. Measured on the 20,000-change day, a mark typed every 500 ms, the
# machine loaded 4-6: 40 ms gave a commit p50 of 38-57 ms for 13 s of CPU, 60 ms
# 48-54 ms for 8-9 s, 80 ms 58-67 ms for 6.5-8 s (whole segments: 104-133 ms, 7 s).
STEP_S = 0.06
# ... and while nobody has asked for anything for a while: the first mark typed then
# waits at most this long.
IDLE_STEP_S = 0.2
FIRST_ROWS = 100  # before anything is measured: about a quarter of a step
MIN_ROWS = 20  # below this the fixed cost of a transaction is most of the step
# Weight of the newest measurement in the running cost per row.
_SMOOTHING = 0.5


class Pace:
    """How many rows the next part holds. ``step_s`` None: no parts (the whole
    segment at once, as the command line and the tests apply). The caller may change
    ``step_s`` between two steps; what the rows cost is remembered."""

    def __init__(self, step_s: float | None) -> None:
        self.step_s = step_s
        self._per_row: float | None = None

    @property
    def sliced(self) -> bool:
        return self.step_s is not None

    def rows(self) -> int | None:
        """Rows for the next part, or None for all that are left."""
        if self.step_s is None:
            return None
        if self._per_row is None:
            return FIRST_ROWS
        return max(MIN_ROWS, int(self.step_s / self._per_row))

    def took(self, rows: int, seconds: float) -> None:
        """A part of ``rows`` rows took ``seconds`` of the applying thread's CPU. Not
        wall time: on a loaded machine that would shrink the parts until their fixed
        cost is all they do, and the apply would crawl just when the machine is busy;
        the CPU a part needs is what the user waits for, stretched by the load as
        the user's own save is."""
        if rows <= 0:
            return
        cost = max(seconds, 1e-6) / rows
        self._per_row = cost if self._per_row is None else (
            _SMOOTHING * cost + (1 - _SMOOTHING) * self._per_row)


def part_of(
    header: SegmentHeader, rows: list[dict[str, Any]], start: int, end: int,
) -> tuple[SegmentHeader, list[dict[str, Any]]]:
    """Rows ``start:end`` of a verified segment and a header that describes exactly
    them: their seqs, the hash before the first and of the last, their HLC range
    (fixed-width text, so text order is time order); the segment's ``seen``."""
    part = rows[start:end]
    if start == 0 and end >= len(rows):
        return header, rows
    return dataclasses.replace(
        header,
        first=int(part[0]["device_seq"]),
        last=int(part[-1]["device_seq"]),
        prev_hash=header.prev_hash if start == 0 else str(rows[start - 1]["hash"]),
        last_hash=str(part[-1]["hash"]),
        hlc_min=min(str(r["hlc"]) for r in part),
        hlc_max=max(str(r["hlc"]) for r in part),
    ), part
