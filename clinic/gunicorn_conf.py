"""gunicorn's settings: `gunicorn -c python:clinic.gunicorn_conf clinic.wsgi`.

Sized for the two-core machines the portal runs on: one process per core (the GIL lets a
process use one core for Python), and a few threads in each to cover the time a request
waits on PostgreSQL. Every thread keeps its own database connection (CONN_MAX_AGE), so a web
container holds at most workers x threads connections: 8 by default.
"""

from gunicorn import glogging

from clinic.env import env_bool, env_choice, env_int, env_str
from clinic.logs import JsonFormatter

# Docker binds 0.0.0.0:8000 behind the clinic's TLS proxy; on a host, loopback only.
bind = env_str("GUNICORN_BIND", "127.0.0.1:8000")
workers = env_int("GUNICORN_WORKERS", 2, minimum=1)
threads = env_int("GUNICORN_THREADS", 4, minimum=1)
worker_class = "gthread"
# Pages answer in milliseconds; a request still running after 30 s is stuck, not slow.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, staggered, so a slow leak never builds up; rarely, since a
# new worker imports Django again (a second of CPU on these machines): at 2000 a busy hour
# restarted each worker every half minute and put those seconds into the slowest answers.
max_requests = 20000
max_requests_jitter = 2000
# No control socket: it lives at one path per user, so two portals on a machine (tests,
# bench, staging) would fight over it, and nothing here uses gunicornc.
control_socket_disable = True
# The workers' heartbeat files in memory: a container's disk can stall them.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - a heartbeat file, no data

# Access log off by default: Django logs every 4xx/5xx with its path, and a line per page
# view of a health portal adds little but volume. When on, a line is the method, the path
# without its query string, the status and the time taken.
accesslog = "-" if env_bool("GUNICORN_ACCESS_LOG", False) else None
access_log_format = "%(m)s %(U)s %(s)s %(D)sus"
errorlog = "-"
loglevel = env_str("LOG_LEVEL", "INFO").lower()


class JsonLogger(glogging.Logger):
    """gunicorn's own lines (start, workers, errors, access) as JSON, like the portal's."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())


# The same default as the portal's LOG_FORMAT: JSON unless DEBUG is on.
_debug = env_bool("DEBUG", True)
if env_choice("LOG_FORMAT", "plain" if _debug else "json", ("plain", "json")) == "json":
    logger_class = JsonLogger
