"""intake_under_load: wrk against the production stack, the intake's first step beside the
plain_form baseline page, both served by the same server in the same run.

The stack is `make serve`'s (`manage.py serve`: gunicorn 2 workers x 4 threads, a Celery
worker and beat, DEBUG off, JSON logs) with the bench's settings, so the baseline views are
served too, on the bench's database and a Redis of its own (a private redis-server on a free
port, so the bench's worker never takes another portal's tasks). wrk (Debian's) holds 20
connections for 30 s on each page (in two halves, see `measure`), after a short warm-up of
each. Every answer must be a 200: a Lua hook counts any other status, wrk counts socket
errors and time-outs.
"""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CONNECTIONS, THREADS, SECONDS, WARMUP_SECONDS = 20, 2, 30, 5
STEP_URL = "/intake/step/1/"
BASELINE_URL = "/bench/plain-form/1/"
GOAL = 0.7  # req/s of the step over req/s of plain_form, at least; and no error at all
HEADLINE = (
    f"wrk, {CONNECTIONS} connections for {SECONDS} s, on GET {STEP_URL} vs plain_form "
    f"({BASELINE_URL}), served by make serve's stack (gunicorn, worker, beat) in the same run"
)
FIELD = 'name="email"'  # on both pages: the same form, the portal's and Django's plain rendering

# Per-thread counts of answers that were not 200, summed when wrk is done.
COUNT_NOT_200 = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_200 = 0 end
function response(status, headers, body) if status ~= 200 then not_200 = not_200 + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("not_200") end
  io.write(string.format("not_200: %d\\n", total))
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def private_redis() -> Iterator[str]:
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    server = subprocess.Popen(  # noqa: S603 - Debian's redis-server, fixed arguments
        [*command, "--appendonly", "no"], stdout=subprocess.DEVNULL
    )
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _answer(address: str, path: str) -> tuple[int, str]:
    host, port = address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


@contextmanager
def serve_stack(root: Path, var: Path) -> Iterator[str]:
    """`manage.py serve` on a free loopback port; yields its address, stops it afterwards
    (SIGTERM: the serve command stops gunicorn, the worker and beat)."""
    address = f"127.0.0.1:{free_port()}"
    with private_redis() as broker, (var / "serve.log").open("w") as log:
        env = {**os.environ, "GUNICORN_BIND": address, "CELERY_BROKER_URL": broker}
        stack = subprocess.Popen(  # noqa: S603 - our interpreter and manage.py
            [sys.executable, "manage.py", "serve", "--skip-setup"],
            cwd=root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                if stack.poll() is not None:
                    raise RuntimeError(f"the stack stopped; see {var / 'serve.log'}")
                try:
                    _answer(address, "/healthz")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("the stack did not answer in 60 s") from None
                    time.sleep(0.2)
            yield address
        finally:
            stack.send_signal(signal.SIGTERM)
            try:
                stack.wait(timeout=40)
            except subprocess.TimeoutExpired:
                stack.kill()
                stack.wait()


LATENCY = re.compile(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> dict:
    """Requests per second, latency percentiles in ms, and every kind of error wrk saw."""
    percentiles = {
        int(share): float(value) * UNIT_MS[unit] for share, value, unit in LATENCY.findall(output)
    }
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    not_200 = re.search(r"^not_200: (\d+)$", output, re.M)
    return {
        "rps": float(re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M).group(1)),
        "requests": int(re.search(r"^\s+(\d+) requests in", output, re.M).group(1)),
        "p50_ms": percentiles[50],
        "p99_ms": percentiles[99],
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
        "not_200": int(not_200.group(1)) if not_200 else 0,
    }


def wrk(address: str, path: str, seconds: int, script: Path) -> dict:
    command = [
        "wrk",
        f"-c{CONNECTIONS}",
        f"-t{THREADS}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        str(script),
        f"http://{address}{path}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    result = parse_wrk(done.stdout)
    result["errors"] = result["socket_errors"] + result["not_200"]
    return result


def combine(halves: list[dict]) -> dict:
    """One page's figures from its two halves: requests over time, errors summed, and the
    worse half's percentiles, an upper bound for the whole run's (a mix of two latency
    distributions has its p99 below the larger of theirs)."""
    return {
        "rps": sum(half["requests"] for half in halves) / SECONDS,
        "requests": sum(half["requests"] for half in halves),
        "p50_ms": max(half["p50_ms"] for half in halves),
        "p99_ms": max(half["p99_ms"] for half in halves),
        "errors": sum(half["errors"] for half in halves),
    }


def measure(root: Path, var: Path, progress) -> tuple[dict, dict]:
    """Both pages under the same load on one running stack: (the step's figures,
    plain_form's). Each page gets its 30 s in two halves, in the order step, plain_form,
    plain_form, step, so a neighbour's load that comes or goes during the run falls on both
    alike instead of on whichever page ran second."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk not found: `make bench` installs it (apt-get install wrk)")
    script = var / "count_not_200.lua"
    script.write_text(COUNT_NOT_200)
    started = time.perf_counter()
    paths = {"page": STEP_URL, "plain_form": BASELINE_URL}
    halves: dict[str, list[dict]] = {"page": [], "plain_form": []}
    with serve_stack(root, var) as address:
        progress(f"make serve's stack up at {address} in {time.perf_counter() - started:.1f}s")
        for path in paths.values():
            status, body = _answer(address, path)
            assert status == 200 and FIELD in body, (path, status, body[:300])
            wrk(address, path, WARMUP_SECONDS, script)
        for name in ("page", "plain_form", "plain_form", "page"):
            half = wrk(address, paths[name], SECONDS // 2, script)
            halves[name].append(half)
            progress(
                f"{paths[name]}: {half['rps']:.0f} req/s, p99 {half['p99_ms']:.1f} ms, "
                f"{half['errors']} errors ({half['requests']} requests in {SECONDS // 2} s)"
            )
    return combine(halves["page"]), combine(halves["plain_form"])


def fields(page: dict, plain: dict) -> dict:
    """The entry's fields beside value and baseline_value (DESIGN.md's bench format)."""
    return {
        "p99_ms": round(page["p99_ms"], 1),
        "errors": page["errors"],
        "baseline_p99_ms": round(plain["p99_ms"], 1),
        "baseline_errors": plain["errors"],
        "p50_ms": round(page["p50_ms"], 1),
        "baseline_p50_ms": round(plain["p50_ms"], 1),
        "requests": page["requests"],
        "baseline_requests": plain["requests"],
        "connections": CONNECTIONS,
        "seconds": SECONDS,
        "server": "gunicorn 2 workers x 4 threads (make serve)",
    }


def summary(page: dict, plain: dict) -> str:
    return (
        f"{page['rps']:.0f} req/s vs plain_form {plain['rps']:.0f} req/s "
        f"({page['rps'] / plain['rps']:.2f}x); p99 {page['p99_ms']:.1f} vs "
        f"{plain['p99_ms']:.1f} ms; errors {page['errors']} and {plain['errors']}"
    )
