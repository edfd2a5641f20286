"""A small server-rendered SVG line chart: pain (0-10) and LEFS (0-80) over time. Pure:
points in, markup out, every value escaped."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT, PAD = 560, 160, 28


@dataclass(frozen=True)
class Series:
    label: str
    maximum: int  # the scale's top: 10 for pain, 80 for LEFS
    points: list[tuple[datetime, int]]  # oldest first
    css: str  # a class for the line's colour


def _x(when: datetime, start: datetime, span: float) -> float:
    return PAD + (WIDTH - 2 * PAD) * ((when - start).total_seconds() / span if span else 0.5)


def _y(value: int, maximum: int) -> float:
    return HEIGHT - PAD - (HEIGHT - 2 * PAD) * value / maximum


def trend_chart(series: list[Series], title: str) -> SafeString:
    """One SVG with a line per series, each scaled to its own maximum; "" with no points."""
    drawn = [s for s in series if s.points]
    if not drawn:
        return SafeString("")
    times = [when for s in drawn for when, _ in s.points]
    start, span = min(times), (max(times) - min(times)).total_seconds()
    lines = []
    for s in drawn:
        coords = " ".join(f"{_x(w, start, span):.1f},{_y(v, s.maximum):.1f}" for w, v in s.points)
        dots = format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="3"><title>{}: {} on {}</title></circle>',
            (
                (f"{_x(w, start, span):.1f}", f"{_y(v, s.maximum):.1f}", s.label, v, f"{w:%b %d}")
                for w, v in s.points
            ),
        )
        lines.append(
            format_html(
                '<g class="{}"><polyline fill="none" points="{}"/>{}</g>', s.css, coords, dots
            )
        )
    legend = ", ".join(f"{s.label} (0-{s.maximum})" for s in drawn)
    return format_html(
        '<svg class="trend-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>"
        '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>{}</svg>'
        '<p class="help">{}: lines scaled to their own range; hover a point for its value.</p>',
        WIDTH,
        HEIGHT,
        f"{title}: {legend}",
        title,
        PAD,
        HEIGHT - PAD,
        WIDTH - PAD,
        HEIGHT - PAD,
        SafeString("".join(lines)),
        legend,
    )
