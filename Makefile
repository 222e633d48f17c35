# The two commands of the README: `make run` (demo) and `make test` (the suite).
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Production-like settings for the deploy check (never used to serve anything).
DEPLOY_ENV := DEBUG=0 SECRET_KEY=deploy-check-$$(date +%s)-a-long-random-looking-value-xyz \
	ALLOWED_HOSTS=portal.example.gov.cn REQUIRE_2FA=1 DATABASE_URL=sqlite:///:memory: \
	CELERY_BROKER_URL=redis://127.0.0.1:6379/0

.PHONY: install run test lint messages bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	DEMO=1 DEBUG=1 $(PY) manage.py migrate --noinput
	DEMO=1 DEBUG=1 $(PY) manage.py compiletranslations
	@# seed_demo creates only what is missing (nothing on a seeded database) and prints
	@# the demo accounts.
	DEMO=1 DEBUG=1 $(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ — Ctrl-C to stop."
	DEMO=1 DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	DEBUG=1 $(PY) manage.py compiletranslations
	$(PY) -m pytest --cov=shangcheng/rules --cov-branch --cov-report=term-missing:skip-covered \
		--cov-fail-under=100 tests/rules
	$(PY) -m pytest --ignore=tests/rules

messages: install
	DEBUG=1 $(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=staticfiles
	DEBUG=1 $(PY) manage.py compiletranslations

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

bench: install
	$(PY) bench/rules_station.py
