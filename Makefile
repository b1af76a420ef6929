# Qualivie — `make run` to try it, `make test` before every commit. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run reset-demo test lint typecheck migrations-check unit browser bench messages clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 est requis ($(PYTHON) introuvable)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo
	PORT=$(PORT) $(BIN)/python -m demo.runner

# The demo database is the SQLite file under var/: delete it (no question asked: it is a demo), migrate, reload.
reset-demo: install
	@if [ -n "$$DATABASE_URL" ]; then echo "DATABASE_URL est défini : supprimez et recréez cette base vous-même (voir README.md)."; exit 1; fi
	@mkdir -p var
	rm -f var/qualivie.sqlite3 var/qualivie.sqlite3-wal var/qualivie.sqlite3-shm
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy

migrations-check: install
	@mkdir -p var
	$(BIN)/python manage.py makemigrations --check --dry-run

unit: install
	@mkdir -p var
	$(BIN)/pytest -m "not browser" -q

browser: install
	@mkdir -p var
	$(BIN)/pytest -m browser -q

test: lint typecheck migrations-check unit browser

bench: install
	$(BIN)/python bench/barometer_results.py
	$(BIN)/python bench/barometer_submit.py
	$(BIN)/python bench/people_import.py
	$(BIN)/python bench/barometer_close.py
	$(BIN)/python bench/results_api.py
	$(BIN)/python bench/plan_dashboard.py

messages: install
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf var
