# LDSP Hub. Quick start: `make demo` (serve the demo) and `make test` (run every test).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: demo test install system-packages lint typecheck bench soak assets clean

demo: install
	$(BIN)/ldsp demo

test: install system-packages
	$(BIN)/pytest

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(INSTALLED)

system-packages:
	bash scripts/install-system-packages.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	SECRET_KEY=checking-migrations-only $(BIN)/ldsp makemigrations --check --dry-run

typecheck: install
	SECRET_KEY=type-checking-only $(BIN)/mypy ldsp tests conftest.py bench

bench: install system-packages
	$(BIN)/python bench/run.py

# SOAK_SECONDS=60 make soak for a short run; DATABASE_URL to soak PostgreSQL.
soak: install
	$(BIN)/python bench/soak.py

# Rebuild the committed GOV.UK Frontend styles and script (needs npm).
assets:
	cd assets && npm ci --no-audit --no-fund && npm run build

clean:
	rm -rf $(VENV) var
