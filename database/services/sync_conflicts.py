"""Settling a sync conflict: keep the value shown, or take the other one.

Who may: the administration, for any conflict; a teacher, for the marks, attendance
and lessons of a lesson it keeps (its journal or its substitution) and the period
marks of a subject it teaches.

How the settled state reaches every computer — no new kind of op and no migration:
the choice is written as ordinary ops on the conflicted fields, and
:func:`database.sync.records.merge` already closes a conflict once the winning op
*saw* both sides (its device had applied them; each segment carries that ``seen``
vector). A resolution is made on a computer that holds both ops — that is where the
conflict is shown — so its op saw both, and its HLC is moved past both
(:func:`database.changelog.advance_clock`) so it is the winner everywhere — never past
the drag bound of :mod:`database.sync.apply`: a side stamped by a computer whose clock
ran far ahead is refused a resolution, with the reason, rather than this computer's
clock dragged along (which would make it the next computer far ahead). Every
computer that applies it computes the same merge and drops the conflict rows: closed
on all computers after their next sync. We chose this over an op "naming the ops it
settles" because it needs nothing new in the change log, the segment format or the
rules, and because a third computer's edit made *without* seeing the resolution still
shows as a new conflict, as it should. A change of the same field made on another
computer during the round-trip is simply a new disagreement, shown again.

What is written, per kind of conflict:

- a field (two values of a mark, a topic): the chosen values of the conflicted
  fields, logged even when unchanged (with the stamps of the side taken);
- a delete raced a change: the record written whole again, or deleted again;
- a cell filled on two computers (the duplicate kept as its own record): the
  duplicate is deleted (a tombstone naming its lesson, so every computer can check
  the author's rights); taking it first copies its values into the record shown.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from database import changelog
from database.actor import Actor, Role
from database.changelog import _decode_hlc, hlc_moment
from database.errors import NotFound, PermissionDenied, ValidationError
from database.models import SYNCED_TABLES, ChangeLog, Lesson, SyncConflict, TeachingAssignment
from database.permissions import require_lesson_edit
from database.queries.sync_conflicts import ConflictKey
from database.queries.sync_places import record_fields
from database.sync.apply import MAX_DRAG_MS
from database.sync.records import QUIET_FIELDS, TABLES
from database.sync.settle import settle_conflicts

RESOLVE_REASON: Final = "разрешение конфликта синхронизации"
ALREADY_SETTLED: Final = "Этот конфликт уже разрешён (возможно, на другом компьютере)."
ADMIN_ONLY: Final = "Разрешить этот конфликт может только администрация."

# Fields a tombstone of a duplicate carries: what the rules need to check its author.
_OWNER_FIELDS: Final = ("lesson_id", "student_id", "position", "assignment_id", "subject_id",
                        "year_id", "kind", "period_id")


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return None if value is None else uuid.UUID(str(value))
    except ValueError:
        return None


def _require_rights(session: Session, actor: Actor, table: str, record_id: str,
                    fields: dict[str, Any]) -> None:
    if actor.role is Role.ADMIN:
        return
    if actor.role is not Role.TEACHER or actor.staff_id is None:
        raise PermissionDenied(ADMIN_ONLY)
    if table in ("mark", "attendance", "lesson"):
        lesson_id = _uuid(record_id if table == "lesson" else fields.get("lesson_id"))
        lesson = session.get(Lesson, lesson_id) if lesson_id is not None else None
        if lesson is None:
            raise PermissionDenied(ADMIN_ONLY)
        require_lesson_edit(session, actor, lesson)
        return
    if table == "period_mark":
        subject_id = _uuid(fields.get("subject_id"))
        teaches = session.execute(select(TeachingAssignment.id).where(
            TeachingAssignment.teacher_id == actor.staff_id,
            TeachingAssignment.subject_id == subject_id).limit(1)).first()
        if teaches is None:
            raise PermissionDenied("Недостаточно прав: этот предмет ведёт другой учитель.")
        return
    raise PermissionDenied(ADMIN_ONLY)


def _set(obj: Any, table: str, values: dict[str, Any]) -> None:
    for name, value in TABLES[table].decode(values).items():
        setattr(obj, name, value)


def _owner_fields(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values[k] for k in _OWNER_FIELDS if k in values}


def _check_clock(ops: list[tuple[str, str, dict[str, Any], str]]) -> None:
    """The resolving op must be later than both sides, and this computer's clock may
    not be dragged past the bound every remote op respects: a side stamped by a
    computer whose clock ran far ahead cannot be outvoted yet (it stays shown, never
    lost, and the administration sees that computer flagged)."""
    latest_ms = max(_decode_hlc(hlc)[0] for hlc, *_ in ops)
    if latest_ms > int(time.time() * 1000) + MAX_DRAG_MS:
        raise ValidationError(
            f"Одно из значений записано на компьютере, часы которого спешали (на "
            f"{hlc_moment(max(hlc for hlc, *_ in ops)):%d.%m.%Y %H:%M}): выбор сейчас не "
            "перевесил бы его. Исправьте часы того компьютера; конфликт остаётся в списке."
        )


def resolve_conflict(session: Session, actor: Actor, key: ConflictKey, *,
                     take_other: bool) -> None:
    """Settle one disagreement: keep the value shown (``take_other=False``) or take the
    value that lost. Written as ops in the caller's transaction."""
    rows = list(session.execute(select(SyncConflict).where(
        SyncConflict.table_name == key.table, SyncConflict.record_id == key.record_id,
        SyncConflict.loser_op == key.loser_op)).scalars())
    if not rows or key.table not in SYNCED_TABLES:
        raise NotFound(ALREADY_SETTLED)
    table, record = key.table, key.record_id
    model = SYNCED_TABLES[table]
    op_ids = {key.loser_op, *(r.winner_op for r in rows)}
    logged = {
        op_id: (hlc, operation, json.loads(fields), record_id)
        for op_id, hlc, operation, fields, record_id in session.execute(
            select(ChangeLog.op_id, ChangeLog.hlc, ChangeLog.operation, ChangeLog.fields,
                   ChangeLog.record_id).where(ChangeLog.op_id.in_(op_ids)))
    }
    if key.loser_op not in logged:
        raise NotFound(ALREADY_SETTLED)
    _check_clock(list(logged.values()))
    changelog.advance_clock(session, [hlc for hlc, *_ in logged.values()])
    touched = {record}
    first = rows[0]
    reason = RESOLVE_REASON

    if first.field == "unique":
        duplicate = json.loads(first.loser_value)
        _require_rights(session, actor, table, record, duplicate)
        winner_record = logged.get(first.winner_op, (None, None, None, None))[3]
        if take_other:
            held = session.get(model, uuid.UUID(winner_record)) if winner_record else None
            if held is None:
                raise NotFound("Запись, с которой совпала эта, уже удалена.")
            keys = {c for columns in TABLES[table].uniques for c in columns}
            values = {k: v for k, v in duplicate.items() if k not in keys and k != "id"}
            _set(held, table, values)
            changelog.save_fields(session, actor, held, sorted(values), reason)
            touched.add(str(held.id))
        changelog.log_tombstone(session, actor, table, uuid.UUID(record),
                                _owner_fields(duplicate), reason)
    elif first.field == "*":
        obj = session.get(model, uuid.UUID(record))
        fields = record_fields(session, table, record) or {}
        _require_rights(session, actor, table, record, fields)
        if obj is not None:  # the change won over a delete
            if take_other:
                changelog.delete(session, actor, obj, reason)
            else:
                columns = [c for c in TABLES[table].columns if c != "id"]
                changelog.save_fields(session, actor, obj, columns, reason)
        elif take_other:  # the delete won: bring the record back whole
            restored = model()
            _set(restored, table, {k: v for k, v in fields.items() if k != "id"})
            restored.id = uuid.UUID(record)
            try:
                with session.begin_nested():
                    changelog.save(session, actor, restored, reason)
            except IntegrityError as error:
                raise ValidationError(
                    "Запись не восстановить: её место уже занято другой записью."
                ) from error
        else:
            changelog.log_tombstone(session, actor, table, uuid.UUID(record),
                                    _owner_fields(fields), reason)
    else:
        obj = session.get(model, uuid.UUID(record))
        if obj is None:
            raise NotFound(ALREADY_SETTLED)
        _require_rights(session, actor, table, record, record_fields(session, table, record)
                        or {})
        names = sorted({r.field for r in rows})
        if take_other:
            values = {r.field: json.loads(r.loser_value) for r in rows}
            loser_fields = logged[key.loser_op][2]
            # The side taken brings its stamps (who typed it, when) along.
            values.update({k: v for k, v in loser_fields.items()
                           if (table, k) in QUIET_FIELDS and k not in values})
            _set(obj, table, values)
            names = sorted(values)
        changelog.save_fields(session, actor, obj, names, reason)

    session.flush()
    # This computer lists what every computer will once the op reaches it.
    settle_conflicts(session, [(table, record_id) for record_id in touched])
