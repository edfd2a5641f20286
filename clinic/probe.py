"""Container healthchecks (Dockerfile HEALTHCHECK and docker-compose.yml): `python -m
clinic.probe web|beat`, exit 0 when healthy.

web: /healthz answers and its database check is ok. A 503 for the broker, the beat or the
outbox is the monitor's business, not a reason to call this web process broken: every
replica would be marked unhealthy at once while it still serves runners.
beat: the dispatch tick's heartbeat is fresh, so beat is sending ticks and a worker runs them.
(The worker's check is `celery inspect ping` in the compose file.)
"""

import json
import sys
import urllib.error
import urllib.request


def web(url: str = "http://127.0.0.1:8000/healthz") -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - fixed URL
            body = response.read()
    except urllib.error.HTTPError as error:  # 503 still carries the checks
        body = error.read()
    except OSError:
        return False
    try:
        return json.loads(body)["checks"]["database"] == "ok"
    except (ValueError, KeyError, TypeError):
        return False


def beat() -> bool:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
    django.setup()
    from clinic.health import database_and_tick

    database, tick, _ = database_and_tick()
    return database == "ok" and tick == "ok"


if __name__ == "__main__":
    probes = {"web": web, "beat": beat}
    kind = sys.argv[1] if len(sys.argv) > 1 else "web"
    sys.exit(0 if probes[kind]() else 1)
