"""Control works on plan topics: a КТП topic can be marked as a control work.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

``plan_topic.control_work`` says the planned lesson is a control work; the lesson the
topic is given on takes the flag (``database.services.lessons.update_lesson``,
``database.services.plans.set_plan``). Existing topics are not control works
(server default false), so no table is rebuilt: SQLite adds a column with a constant
default in place.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "plan_topic",
        sa.Column("control_work", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("plan_topic") as batch_op:
        batch_op.drop_column("control_work")
