# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1:8000
# make is for laptops and CI; production runs manage.py and gunicorn with DEBUG off.
export DEBUG ?= true
# Every installed package, pinned with its hashes (`make lock` writes it from pyproject.toml).
LOCK := requirements.lock
# The tool that writes the lock, pinned so that everyone who runs `make lock` gets the same
# file; it lives in its own venv under var/, never in the project's.
UV_VERSION := 0.13.8
LOCK_TOOL := var/lock-tool
# pip is in the lock too: a venv comes with whatever pip its Python bundles.
PIP_VERSION := 26.3
# Where the tests marked `worker` find Redis (databases 14 and 15 keep clear of a laptop's 0).
REDIS_HOST := 127.0.0.1
REDIS_PORT := 6379
WORKER_ENV := CELERY_BROKER_URL=redis://$(REDIS_HOST):$(REDIS_PORT)/15 \
	CACHE_URL=redis://$(REDIS_HOST):$(REDIS_PORT)/14

.PHONY: run worker test test-fast test-worker venv lock system-deps messages lint bench clean

# Reinstalls whenever the lock changes; --require-hashes refuses any package, sub-packages
# included, that the lock does not name with its hash.
$(BIN)/activate: $(LOCK)
	@PYTHON=$(PYTHON) sh scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	touch $(BIN)/activate

venv: $(BIN)/activate

# Rewrites the lock from pyproject.toml: run it after changing a dependency there, and commit
# both. Resolved for every platform (--universal), so a Mac or Windows laptop installs too.
lock:
	test -x $(LOCK_TOOL)/bin/uv || $(PYTHON) -m venv $(LOCK_TOOL)
	$(LOCK_TOOL)/bin/pip install --quiet "uv==$(UV_VERSION)"
	echo "pip==$(PIP_VERSION)" | $(LOCK_TOOL)/bin/uv pip compile - pyproject.toml --extra dev --universal \
		--python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
		--quiet --output-file $(LOCK)

# Laptop settings for manage.py run by hand (DEBUG on); never used in production.
.env:
	cp .env.example .env

# Debian packages the portal needs: gettext (compilemessages), pango and harfbuzz-subset
# (WeasyPrint), poppler-utils (pdftotext in tests), Chromium (browser tests), libpq-dev and
# a C compiler (psycopg2 is built against the system's libpq), redis-server (worker tests).
system-deps:
	@PYTHON=$(PYTHON) sh scripts/system-deps.sh

messages: venv .env
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

run: venv .env system-deps messages
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_data
	$(PY) manage.py runserver $(HOST)

# A Celery worker with the scheduler (beat) for the background jobs, against the Redis that
# CELERY_BROKER_URL names; `make run` with the same variable queues jobs for it.
worker: venv .env messages
	@test -n "$$CELERY_BROKER_URL" || { echo "Set CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0"; exit 1; }
	$(BIN)/celery -A portal worker --beat --loglevel INFO --schedule var/celerybeat-schedule

# Everything: the ordinary tests on every core, the browser tests in one process (each
# xdist worker would drive its own Chromium and live server), then the tests that
# need a real Celery worker, when Redis answers.
# BROWSER=no leaves the browser tests out and WORKER=no the worker tests: .ci/run runs
# `make test` on each database and each of those once.
BROWSER ?= yes
WORKER ?= yes
# MATRICES=no leaves out the permission matrices (.ci/run runs them once, on SQLite).
QUICK := not browser and not worker$(if $(filter no,$(MATRICES)), and not permissions)

test: venv .env system-deps messages
	$(PY) -m pytest -n auto -m "$(QUICK)" $(PYTEST_ARGS)
	@if [ "$(BROWSER)" != no ]; then $(PY) -m pytest -m "browser" $(PYTEST_ARGS); fi
	@if [ "$(WORKER)" != no ]; then $(MAKE) --no-print-directory test-worker; fi

# The quick loop on a laptop: SQLite, no browser, no worker, every core.
test-fast: venv .env messages
	env -u DATABASE_URL $(PY) -m pytest -n auto -m "not browser and not worker" $(PYTEST_ARGS)

# The tests that start a real Celery worker against Redis, one at a time; skipped, saying
# why, when no Redis answers.
test-worker: venv .env messages
	@if sh scripts/redis-up.sh --check $(REDIS_HOST) $(REDIS_PORT); then \
		$(WORKER_ENV) $(PY) -m pytest -m worker $(PYTEST_ARGS); \
	else \
		echo "Skipped the worker tests: no Redis answers on $(REDIS_HOST):$(REDIS_PORT)."; \
		echo "Start one: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ''"; \
		test -z "$$WORKER_TESTS_REQUIRED"; \
	fi

lint: venv .env messages
	$(PY) scripts/check-lock.py
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	sh scripts/check-messages.sh

bench: venv
	$(PY) bench/directory.py
	@if [ -n "$$DATABASE_URL" ]; then $(PY) bench/signups.py; \
	else echo "bench/signups.py skipped: it measures PostgreSQL's row locks (set DATABASE_URL)"; fi

clean:
	rm -rf $(VENV) var/*.sqlite3
