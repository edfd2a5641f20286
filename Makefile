# Two commands matter: `make run` and `make test`. Everything installs itself.
SHELL := /bin/bash
PYTHON ?= python3
UV := var/uv/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)

.PHONY: run test install migrate bench lint browser clean

$(UV):
	@mkdir -p var
	$(PYTHON) -m venv var/uv
	var/uv/bin/pip install --quiet --disable-pip-version-check "uv>=0.5"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py demo_seed
	$(PY) manage.py programs_seed --demo
	$(PY) manage.py runportal

# Debian's Chromium drives the browser tests; install it when missing (root on CI machines).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

test: install browser
	$(PY) -m pytest

bench: install
	$(PY) bench/run.py $(METRICS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf var/portal.sqlite3* var/broker var/mail var/celerybeat-schedule*
