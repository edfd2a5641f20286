"""What every metric of `make bench` shares: progress lines, interleaved timing, the result
entry of DESIGN.md's format, and response checks."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

WARMUP = 10  # unrecorded rounds before each metric's timed ones

STARTED = time.perf_counter()


def say(line: str = "") -> None:
    print(line, flush=True)


def progress(line: str) -> None:
    say(f"  {time.perf_counter() - STARTED:6.1f}s  {line}")


@dataclass
class Series:
    """One kind of request. `prepare` runs untimed and returns the call to time; `check`
    looks at the response afterwards, also untimed."""

    prepare: Callable[[], Callable[[], object]]
    check: Callable[[object], None]


def interleaved(series: dict[str, Series], rounds: int, warmup: int = WARMUP) -> dict:
    """Median milliseconds per series; every round runs each series once, order rotated."""
    names = list(series)
    samples: dict[str, list[int]] = {name: [] for name in names}
    for number in range(warmup + rounds):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            act = series[name].prepare()
            start = time.perf_counter_ns()
            response = act()
            elapsed = time.perf_counter_ns() - start
            series[name].check(response)
            if number >= warmup:
                samples[name].append(elapsed)
    return {name: statistics.median(values) / 1e6 for name, values in samples.items()}


def expect(status: int, location: str | None = None, contains: str | None = None):
    def check(response):
        assert response.status_code == status, (response.status_code, response.get("Location"))
        if location is not None:
            assert response["Location"] == location, response["Location"]
        if contains is not None:
            assert contains in response.content.decode(), contains

    return check


def get(client, url: str) -> Callable[[], Callable[[], object]]:
    return lambda: lambda: client.get(url)


STANDARD_FIELDS = ("value", "unit", "baseline", "baseline_value", "ratio", "goal")


def entry(value, unit, baseline, baseline_value, goal, **extra) -> dict:
    ratio = value / baseline_value if baseline_value else None
    return {
        "value": round(value, 3),
        "unit": unit,
        "baseline": baseline,
        "baseline_value": round(baseline_value, 3),
        "ratio": None if ratio is None else round(ratio, 3),
        "goal": goal,
        **extra,
    }


# Debian's Chromium and its flags for every headless run, in the bench and the browser tests:
# Playwright never downloads a browser of its own, and nothing phones home mid-measurement.
CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CHROMIUM = {"executable_path": CHROMIUM_PATH, "headless": True, "args": CHROMIUM_ARGS}
