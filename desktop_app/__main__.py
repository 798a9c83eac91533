"""``python -m desktop_app`` and the frozen executable's entry point."""

import sys

from desktop_app.cli import main

sys.exit(main())
