# The portal's image: web (gunicorn), worker, beat and the one-shot migrate service all run
# from it (docker-compose.yml). Two stages: uv builds the environment and the static files;
# the runtime stage gets only the result (no pip, no uv, no compilers).
ARG PYTHON_IMAGE=python:3.11-slim-trixie

FROM ${PYTHON_IMAGE} AS build
# The same uv as the Makefile's UV_VERSION (tests/deploy/test_compose.py checks).
ARG UV_VERSION=0.13.9
ENV PYTHONDONTWRITEBYTECODE=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv
RUN pip install --no-cache-dir "uv==${UV_VERSION}"
WORKDIR /app
# Dependencies first, from the lock file alone, so a code change reuses this layer. The
# portal itself is not a package (tool.uv package = false): its code is copied next.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# Hashed, compressed static files are part of the image; collectstatic needs production
# settings to pick whitenoise's manifest storage, but no database and no real secret.
RUN DEBUG=false SECRET_KEY=collectstatic-only-not-a-secret \
    ALLOWED_HOSTS=localhost STATIC_ROOT=/app/staticfiles PORTAL_VAR_DIR=/tmp/var \
    /app/.venv/bin/python manage.py collectstatic --noinput --verbosity 0

FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/app/.venv/bin:$PATH" \
    PORTAL_VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    GUNICORN_BIND=0.0.0.0:8000
# pg_dump for the nightly encrypted backup (Debian trixie's client dumps PostgreSQL 16 too);
# pip goes: nothing installs packages at run time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && python -m pip uninstall -y pip setuptools wheel \
    && groupadd --gid 10001 portal \
    && useradd --uid 10001 --gid 10001 --create-home portal \
    && mkdir -p /app/var && chown 10001:10001 /app/var
WORKDIR /app
COPY --from=build /app /app
# A numeric user: Kubernetes' runAsNonRoot and similar checks can verify it.
USER 10001:10001
EXPOSE 8000
# The web check; compose gives the worker and beat their own (clinic/probe.py).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "clinic.probe", "web"]
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "-c", "python:clinic.gunicorn_conf", "clinic.wsgi"]
