"""Alembic environment for School Journal.

Migrations only ever run *online*, on a connection the program has already opened
and keyed (``database.store`` passes it in ``config.attributes["connection"]``): the
database is encrypted, so there is no URL Alembic could open by itself, and no
``alembic.ini`` is needed at run time (it would not exist inside the installer).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from database.models import Base

config = context.config
connection = config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError(
        "School Journal migrations run only through database.store, "
        "which passes an open, keyed connection"
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds the table (copy, drop,
    # rename) under the hood, and the metadata's naming convention gives every
    # constraint a stable name batch mode can find.
    render_as_batch=True,
    compare_type=True,
)

with context.begin_transaction():
    context.run_migrations()
