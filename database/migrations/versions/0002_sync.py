"""Synchronisation: synced password slots, and this computer's sync state.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

``account_key`` is a synchronised table (an account's password slot that every
computer of the school can check, see ``database.sync.people``). The ``sync_*``
tables are this computer's own state and never travel: the verified device registry,
per-source-device cursors (last seq + hash), the ``seen`` vectors of segments
(epochs), segments already checked, conflicts (the losers kept) and refused ops.

Only new tables: no existing table is rebuilt, so no batch block is needed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "account_key",
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("slot", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_key")),
    )
    op.create_table(
        "sync_device",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("sign_key", sa.String(length=64), nullable=False),
        sa.Column("box_key", sa.String(length=64), nullable=False),
        sa.Column("revoked_after", sa.Integer(), nullable=True),
        sa.Column("registry_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_sync_device")),
    )
    op.create_table(
        "sync_cursor",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("clock_ahead_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_sync_cursor")),
    )
    op.create_table(
        "sync_epoch",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("seen", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "first_seq", name=op.f("pk_sync_epoch")),
    )
    op.create_table(
        "sync_segment",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint(
            "device_id", "first_seq", "last_seq", name=op.f("pk_sync_segment")
        ),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("winner_op", sa.String(length=36), nullable=False),
        sa.Column("loser_op", sa.String(length=36), nullable=False),
        sa.Column("loser_value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )
    op.create_index(
        "ix_sync_conflict_record", "sync_conflict", ["table_name", "record_id"], unique=False
    )
    op.create_table(
        "sync_refused",
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("device_seq", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=True),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name=op.f("pk_sync_refused")),
    )


def downgrade() -> None:
    op.drop_table("sync_refused")
    op.drop_table("sync_conflict")
    op.drop_table("sync_segment")
    op.drop_table("sync_epoch")
    op.drop_table("sync_cursor")
    op.drop_table("sync_device")
    op.drop_table("account_key")
