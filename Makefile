# School Journal — everyday commands. Each target builds .venv by itself on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint pytest bench smb-check forms installer clean system-deps

# The system packages Qt and venv need (Debian/Ubuntu; installed with apt-get when
# root or through sudo, else the command is printed): checked before the venv is made,
# then Qt's plugins once PySide6 is in it.
$(STAMP): pyproject.toml
	$(PYTHON) tools/system_deps.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PYTHON) tools/system_deps.py --venv $(VENV)
	touch $(STAMP)

system-deps:
	$(PYTHON) tools/system_deps.py $(if $(wildcard $(PY)),--venv $(VENV))

# Compiled Designer forms, Qt resources and translations (git-ignored, generated).
forms: $(STAMP)
	$(PY) -m desktop_app.build_forms

# Start the app on the demo school (built on first start, ~1 minute).
run: forms
	$(VENV)/bin/school-journal --demo

# The whole test suite: lint, type check, tests. CI runs exactly this.
test: lint pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy database desktop_app

# Two workers (pytest-xdist) for the two cores. Each test file runs on one worker (its
# module fixtures are built once), files in collection order: tests marked slow first
# (tests/conftest.py). The slowest tests are listed at the end.
pytest: forms
	$(PY) -m pytest -q -n 2 --dist loadfile --no-loadscope-reorder --durations=15

# Benchmark figures as one JSON object (builds generated schools; takes minutes).
bench: forms
	$(PY) -m tests.perf.bench

# Two computers synchronising through a real SMB server: Debian's Samba started on
# 127.0.0.1:4450 as a test server, reached by smb:// through smbprotocol. Needs root and
# the samba package; not part of `make test`.
smb-check: forms
	$(PY) -m pytest -q -p no:cacheprovider tests/smb

installer: forms
	$(PY) -m pip install --quiet -e ".[installer]"
	$(VENV)/bin/pyinstaller --noconfirm installer/school_journal.spec
	QT_QPA_PLATFORM=offscreen dist/SchoolJournal/SchoolJournal --version

clean:
	rm -rf $(VENV) build dist desktop_app/generated .pytest_cache .mypy_cache .ruff_cache
