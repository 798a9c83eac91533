"""Developer tool: autogenerate a new migration from the models.

    .venv/bin/python -m database.migrations.new_revision "add lesson colour" 0002

Alembic's command line cannot open our database (it is encrypted and there is no
alembic.ini), so this builds a throw-away encrypted database at the current head in
a temporary folder, lets Alembic compare it with ``database.models`` and writes
``versions/<rev_id>_<slug>.py``. Read and tidy the generated file before committing
it, and add a fixture database for the previous revision (see
tests/database/fixtures/make_schema_0001.py).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from database.engine import make_engine
from database.keyslots import new_data_key
from database.schema import alembic_config, upgrade_schema


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    message, rev_id = argv
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(Path(tmp) / "autogen.db", new_data_key())
        try:
            upgrade_schema(engine)
            with engine.begin() as connection:
                command.revision(
                    alembic_config(connection), message=message, autogenerate=True, rev_id=rev_id
                )
        finally:
            engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
