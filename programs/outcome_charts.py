"""The Outcomes dashboard's charts: server-rendered SVG (the CSP forbids inline script), each
with a title, labelled axes, values written on the bars, and its data as a table beside it
(the page shows the tables, so nothing is only a colour or a shape). Pure: figures in,
markup out, every value escaped, as programs.chart."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 640
LEVEL_CSS = {"emergency": "emergency", "urgent": "urgent", "soon": "soon", "routine": "routine"}


def _svg(height: int, label: str, body) -> SafeString:
    return format_html(
        '<svg class="outcome-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>{}</svg>",
        WIDTH,
        height,
        label,
        label,
        body,
    )


def funnel_chart(steps) -> SafeString:
    """A horizontal bar per step, its width the share of the widest step."""
    counted = [s for s in steps if s.count is not None]
    if not counted or not max(s.count for s in counted):
        return SafeString("")
    widest, left, bar = max(s.count for s in counted), 170, 26
    right = WIDTH - left - 60
    bars = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect class="bar" x="{}" y="{}" width="{}" height="{}"/>'
        '<text x="{}" y="{}">{}</text>',
        (
            (
                left - 8,
                10 + n * (bar + 8) + 18,
                s.label,
                left,
                10 + n * (bar + 8),
                f"{right * s.count / widest:.1f}",
                bar,
                left + right * s.count / widest + 6,
                10 + n * (bar + 8) + 18,
                s.count,
            )
            for n, s in enumerate(counted)
        ),
    )
    return _svg(20 + len(counted) * (bar + 8), "The funnel: runners at each step", bars)


def triage_chart(weeks, levels) -> SafeString:
    """A column per week, stacked by level, most serious at the bottom."""
    if not weeks:
        return SafeString("")
    height, top, bottom, left = 220, 16, 34, 40
    tallest = max(sum(counts.values()) for _, counts in weeks) or 1
    step = (WIDTH - left - 10) / len(weeks)
    scale = (height - top - bottom) / tallest
    parts = []
    for n, (week, counts) in enumerate(weeks):
        x, y = left + n * step + step * 0.15, height - bottom
        for level, label in levels:
            if counts[level]:
                h = counts[level] * scale
                y -= h
                parts.append(
                    format_html(
                        '<rect class="level-{}" x="{}" y="{}" width="{}" '
                        'height="{}"><title>Week of {}: {} {}</title></rect>',
                        LEVEL_CSS[level],
                        f"{x:.1f}",
                        f"{y:.1f}",
                        f"{step * 0.7:.1f}",
                        f"{h:.1f}",
                        f"{week:%b %d}",
                        counts[level],
                        label,
                    )
                )
        if len(weeks) <= 8 or n % max(1, len(weeks) // 6) == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle">{}</text>',
                    f"{x + step * 0.35:.1f}",
                    height - bottom + 16,
                    f"{week:%b %d}",
                )
            )
    axis = format_html(
        '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text x="{}" y="{}" text-anchor="end">{}</text>'
        '<text x="{}" y="{}" text-anchor="end">0</text>',
        left - 4,
        height - bottom,
        WIDTH - 10,
        height - bottom,
        left - 8,
        top + 4,
        tallest,
        left - 8,
        height - bottom + 4,
    )
    return _svg(height, "Intakes per week by triage level", SafeString(axis + "".join(parts)))


def pain_chart(pain) -> SafeString:
    """Mean pain (0-10) per plan week, a line with its points."""
    if not pain:
        return SafeString("")
    height, top, bottom, left = 200, 16, 34, 40
    last = max(week for week, _, _ in pain)
    span = max(last - 1, 1)

    def x(week):
        return left + (WIDTH - left - 20) * (week - 1) / span

    def y(value):
        return height - bottom - (height - top - bottom) * value / 10

    points = " ".join(f"{x(w):.1f},{y(v):.1f}" for w, v, _ in pain)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3"><title>Week {}: {}/10</title></circle>'
        '<text x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (f"{x(w):.1f}", f"{y(v):.1f}", w, f"{v:.1f}", f"{x(w):.1f}", height - bottom + 16, w)
            for w, v, _ in pain
        ),
    )
    axis = format_html(
        '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text x="{}" y="{}" text-anchor="end">10</text>'
        '<text x="{}" y="{}" text-anchor="end">0</text>'
        '<text x="{}" y="{}" text-anchor="end">plan week</text>',
        left - 4,
        height - bottom,
        WIDTH - 10,
        height - bottom,
        left - 8,
        top + 4,
        left - 8,
        height - bottom + 4,
        WIDTH - 10,
        height - 4,
    )
    line = format_html('<g class="pain"><polyline fill="none" points="{}"/>{}</g>', points, dots)
    return _svg(height, "Mean pain (0-10) per week of the plan", SafeString(axis + line))
