"""The merge carried from one segment to the next (:func:`records.extend`) equals
the merge of all the record's ops (:func:`records.fold`), whatever the ops, their
devices, what each had seen and where the segments split them."""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from database.sync import records
from database.sync.records import Epochs, Folded, Merged, Op, extend, fold, merge

DEVICES = ("aaaa", "bbbb", "cccc")
FIELDS = ("value", "comment", "late")


@dataclass
class History:
    ops: list[Op]  # in the order they were made (causal)
    epochs: Epochs


@st.composite
def histories(draw: st.DrawFn) -> History:
    """Ops of one record made on up to three devices, each now and then catching up
    with the others before writing (its ``seen``), with clocks that may run ahead."""
    devices = DEVICES[: draw(st.integers(1, 3))]
    skews = draw(st.booleans())
    skew = {d: draw(st.sampled_from([0, 3, -3, 50])) if skews else 0 for d in devices}
    catching_up = draw(st.integers(0, 4))  # how often a device syncs before writing
    made: dict[str, int] = dict.fromkeys(devices, 0)
    view: dict[str, dict[str, int]] = {d: {} for d in devices}
    epochs = Epochs()
    ops: list[Op] = []
    for tick in range(draw(st.integers(1, 14))):
        device = draw(st.sampled_from(devices))
        if draw(st.integers(0, 3)) < catching_up:  # first saw everything made so far
            view[device] = {d: n for d, n in made.items() if d != device and n}
        made[device] += 1
        seq = made[device]
        epochs.add(device, seq, dict(view[device]))
        if draw(st.integers(0, 9)) == 9:
            operation, fields = "delete", {}
        else:
            operation = "upsert"
            names = draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=3,
                                  unique=True))
            fields = {n: draw(st.sampled_from(["2", "3", "5"])) for n in names}
        hlc = f"{100 + tick + skew[device]:015d}:{0:06d}"
        ops.append(Op(f"{device}-{seq}", hlc, device, seq, operation, fields))
    return History(ops, epochs)


def _same(left: Folded, right: Folded) -> None:
    assert left.merged == right.merged
    assert [o.op_id for o in left.ops] == [o.op_id for o in right.ops]
    assert left.latest == right.latest


@settings(max_examples=250, deadline=None)
@given(histories(), st.lists(st.integers(0, 14), max_size=3))
def test_extending_segment_by_segment_equals_merging_all(
    history: History, cuts: list[int]
) -> None:
    """Segments arrive in causal order (as the apply delivers them), split anywhere."""
    ops = history.ops
    whole = fold("mark", ops, history.epochs)
    assert whole.merged == merge("mark", ops, history.epochs)
    folded: Folded | None = None
    start = 0
    for cut in [*sorted(c for c in cuts if c < len(ops)), len(ops)]:
        folded = extend("mark", folded, ops[start:cut], history.epochs)
        start = max(start, cut)
    assert folded is not None
    _same(folded, whole)


@settings(max_examples=150, deadline=None)
@given(histories(), st.integers(0, 14), st.randoms())
def test_extending_with_ops_out_of_order_equals_merging_all(
    history: History, cut: int, random: Random
) -> None:
    """Ops not after all held ones (another device's, clocks apart): merged again."""
    ops = list(history.ops)
    random.shuffle(ops)
    whole = fold("mark", ops, history.epochs)
    _same(extend("mark", fold("mark", ops[:cut], history.epochs), ops[cut:],
                 history.epochs), whole)


@given(histories())
def test_a_merge_dropped_by_a_local_edit_is_redone(history: History) -> None:
    """The round's cache forgets the merge when this computer's own ops join a
    record (OpCache.check): extending then merges everything held again."""
    whole = fold("mark", history.ops, history.epochs)
    stale = Folded(list(reversed(history.ops)), None, {})
    _same(extend("mark", stale, [], history.epochs), whole)


def _op(device: str, seq: int, tick: int, operation: str = "upsert", **fields: str) -> Op:
    return Op(f"{device}-{seq}", f"{tick:015d}:{0:06d}", device, seq, operation, fields)


def test_conflicts_extended_without_merging_all_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick way keeps a disagreement about a field the new ops leave alone and
    drops those they settle (written, or a delete, after seeing both sides)."""
    epochs = Epochs()
    for device in ("aaaa", "bbbb", "cccc"):
        epochs.add(device, 1, {})
    epochs.add("aaaa", 2, {"bbbb": 1, "cccc": 1})
    first = [_op("aaaa", 1, 101, value="5", comment="a"), _op("cccc", 1, 100, "delete"),
             _op("bbbb", 1, 102, value="4")]
    later = [_op("aaaa", 2, 103, comment="b")]
    settled = [_op("aaaa", 3, 104, value="3")]
    expected = [fold("mark", first, epochs), fold("mark", first + later, epochs),
                fold("mark", first + later + settled, epochs)]
    assert {(c.field, c.loser_op) for c in expected[0].merged.conflicts} == {  # type: ignore[union-attr]
        ("value", "aaaa-1"), ("*", "cccc-1")}

    def merged_again(*args: object) -> Folded:
        raise AssertionError("merged all the ops again")

    monkeypatch.setattr(records, "fold", merged_again)
    extended = extend("mark", expected[0], later, epochs)
    _same(extended, expected[1])
    assert [(c.field, c.loser_op) for c in extended.merged.conflicts] == [  # type: ignore[union-attr]
        ("value", "aaaa-1")]
    again = extend("mark", extended, settled, epochs)
    _same(again, expected[2])
    created = ("000000000000101:000000", "aaaa")
    assert again.merged == Merged({"value": "3", "comment": "b"}, (), created)
