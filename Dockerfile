# The portal's image: web (gunicorn), worker and beat all run from it (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PATH="/app/.venv/bin:$PATH" \
    PORTAL_VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles

RUN pip install --no-cache-dir "uv>=0.13,<0.14" \
    && useradd --create-home --uid 10001 --user-group portal

WORKDIR /app

# Dependencies first, from the lock file alone, so a code change reuses this layer. The
# portal itself is not a package (tool.uv package = false): its code is copied next.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .

# Hashed, compressed static files are part of the image; collectstatic needs production
# settings to pick whitenoise's manifest storage, but no database and no real secret.
RUN DEBUG=false SECRET_KEY=collectstatic-only-not-a-secret ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var && chown -R portal:portal /app/var

USER portal

EXPOSE 8000
ENV GUNICORN_BIND=0.0.0.0:8000
CMD ["gunicorn", "-c", "python:clinic.gunicorn_conf", "clinic.wsgi"]
