# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1:8000
# make is for laptops and CI; production runs manage.py and gunicorn with DEBUG off.
export DEBUG ?= true

.PHONY: run test venv system-deps messages lint bench clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/activate

venv: $(BIN)/activate

# Laptop settings for manage.py run by hand (DEBUG on); never used in production.
.env:
	cp .env.example .env

# Debian packages the portal needs: gettext (compilemessages), pango and harfbuzz-subset
# (WeasyPrint), poppler-utils (pdftotext in tests), Chromium (browser tests).
system-deps:
	@sh scripts/system-deps.sh

messages: venv .env
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

run: venv .env system-deps messages
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_data
	$(PY) manage.py runserver $(HOST)

test: venv .env system-deps messages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv .env messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	sh scripts/check-messages.sh

bench: venv
	$(PY) bench/directory.py

clean:
	rm -rf $(VENV) var/*.sqlite3
