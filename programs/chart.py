"""A small server-rendered SVG line chart: pain (0-10) and LEFS (0-80) over time, readable on
its own: dated x axis, a labelled axis per scale (pain left, LEFS right), a legend, the LEFS
MCID band above the baseline, and the same data as a table for screen readers. Pure: points
in, markup out, every value escaped. Server-rendered because the CSP forbids inline script."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 48, 30, 40  # room for the axes' labels and the legend
LEFS_MCID = 9  # CLINICAL.md: the smallest LEFS change a runner notices


@dataclass(frozen=True)
class Series:
    label: str
    maximum: int  # the scale's top: 10 for pain, 80 for LEFS
    points: list[tuple[datetime, int]]  # oldest first
    css: str  # a class for the line's colour


@dataclass(frozen=True)
class Mark:
    """A return-to-run decision on the timeline: a labelled dashed line at its time."""

    when: datetime
    label: str  # "Advance", "Hold", "Step back", "Stop"
    css: str  # advance, hold, step-back, stop: the line's colour


def _x(when: datetime, start: datetime, span: float) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * ((when - start).total_seconds() / span if span else 0.5)


def _y(value: float, maximum: int) -> float:
    return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * value / maximum


def _axis(s: Series, x: float, anchor: str, offset: int) -> SafeString:
    """A vertical axis at x with five ticks and the scale's name."""
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="{}">{}</text>',
        (
            (f"{x + offset:.0f}", f"{_y(v, s.maximum) + 4:.1f}", anchor, v)
            for v in range(0, s.maximum + 1, s.maximum // 5 if s.maximum > 10 else 2)
        ),
    )
    return format_html(
        '<g class="scale {}"><line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>{}'
        '<text class="scale-name" x="{}" y="{}" text-anchor="{}">{} (0-{})</text></g>',
        s.css,
        x,
        TOP,
        x,
        HEIGHT - BOTTOM,
        ticks,
        4 if anchor == "end" else WIDTH - 4,  # the name sits inside the frame, over its axis
        TOP - 12,
        "start" if anchor == "end" else "end",
        s.label,
        s.maximum,
    )


def _dates(times: list[datetime], start: datetime, span: float) -> SafeString:
    shown = sorted({min(times), max(times)} | {sorted(times)[len(times) // 2]})
    return format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle">{}</text>',
        ((f"{_x(w, start, span):.1f}", HEIGHT - BOTTOM + 16, f"{w:%b %d}") for w in shown),
    )


def _mcid_band(lefs: Series | None) -> SafeString:
    """From the first LEFS score up 9 points: a line above the band is a change that counts."""
    if lefs is None or not lefs.points:
        return SafeString("")
    baseline = lefs.points[0][1]
    top = min(baseline + LEFS_MCID, lefs.maximum)
    return format_html(
        '<rect class="mcid-band" x="{}" y="{}" width="{}" height="{}">'
        "<title>LEFS baseline {} to {}: less than the 9-point MCID</title></rect>",
        LEFT,
        f"{_y(top, lefs.maximum):.1f}",
        WIDTH - LEFT - RIGHT,
        f"{_y(baseline, lefs.maximum) - _y(top, lefs.maximum):.1f}",
        baseline,
        top,
    )


def _marks(marks: list[Mark], start: datetime, span: float) -> SafeString:
    """Each decision as a dashed line over the plot, its label at the top (every other one
    a line lower, so two decisions close together stay readable; one at either end of the
    plot leans inwards)."""
    drawn = []
    for number, mark in enumerate(marks):
        x = _x(mark.when, start, span)
        anchor = "start" if x < LEFT + 40 else "end" if x > WIDTH - RIGHT - 40 else "middle"
        text_x = x + {"start": 3, "end": -3, "middle": 0}[anchor]
        drawn.append(
            format_html(
                '<g class="decision {}"><line x1="{}" y1="{}" x2="{}" y2="{}"/><text x="{}" '
                'y="{}" text-anchor="{}">{}</text><title>Decision: {} on {}</title></g>',
                mark.css,
                f"{x:.1f}",
                TOP,
                f"{x:.1f}",
                HEIGHT - BOTTOM,
                f"{text_x:.1f}",
                TOP + 10 + 11 * (number % 2),
                anchor,
                mark.label,
                mark.label,
                f"{mark.when:%b %d}",
            )
        )
    return SafeString("".join(drawn))


def _table(drawn: list[Series], title: str, marks: list[Mark]) -> SafeString:
    """The chart's data, one row per date, for screen readers and anyone who wants numbers;
    with decisions, a column naming them (on the row of a point the same day, or their own)."""
    dates = sorted({when for s in drawn for when, _ in s.points})
    values = {(s.label, when): v for s in drawn for when, v in s.points}
    decided: dict[datetime, list[str]] = {}
    for mark in marks:
        same_day = [when for when in dates if when.date() == mark.when.date()]
        decided.setdefault(same_day[-1] if same_day else mark.when, []).append(mark.label)
    dates = sorted(set(dates) | set(decided))
    head = format_html_join(
        "", '<th scope="col">{} (0-{})</th>', ((s.label, s.maximum) for s in drawn)
    )
    if marks:
        head = format_html('{}<th scope="col">Decision</th>', head)
    rows = format_html_join(
        "",
        '<tr><th scope="row">{}</th>{}{}</tr>',
        (
            (
                f"{when:%Y-%m-%d}",
                format_html_join(
                    "", "<td>{}</td>", ((values.get((s.label, when), "-"),) for s in drawn)
                ),
                format_html("<td>{}</td>", ", ".join(decided.get(when, ["-"]))) if marks else "",
            )
            for when in dates
        ),
    )
    return format_html(
        '<table class="chart-data visually-hidden"><caption>{} as a table</caption>'
        '<thead><tr><th scope="col">Date</th>{}</tr></thead><tbody>{}</tbody></table>',
        title,
        head,
        rows,
    )


def trend_chart(series: list[Series], title: str, marks: Sequence[Mark] = ()) -> SafeString:
    """One SVG with a line per series, each on its own labelled axis, and the decisions
    marked on it; "" with no points."""
    drawn = [s for s in series if s.points]
    if not drawn:
        return SafeString("")
    marks = sorted(marks, key=lambda mark: mark.when)
    times = [when for s in drawn for when, _ in s.points] + [mark.when for mark in marks]
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
    axes = [_axis(drawn[0], LEFT, "end", -6)]
    if len(drawn) > 1:
        axes.append(_axis(drawn[1], WIDTH - RIGHT, "start", 6))
    lefs = next((s for s in drawn if s.css == "lefs"), None)
    legend = ", ".join(f"{s.label} (0-{s.maximum})" for s in drawn)
    key = format_html_join(
        "",
        '<span class="key {}">{}</span>',
        ((s.css, f"{s.label} (0-{s.maximum})") for s in drawn),
    )
    band = ' <span class="key mcid">LEFS: 9-point MCID above the first score</span>' if lefs else ""
    if marks:
        band += ' <span class="key decision">Return-to-run decisions (dashed, labelled)</span>'
    return format_html(
        '<svg class="trend-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>{}"
        '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"/>{}{}{}{}</svg>'
        '<p class="chart-legend">{}{}</p>{}',
        WIDTH,
        HEIGHT,
        f"{title}: {legend}",
        title,
        _mcid_band(lefs),
        LEFT,
        HEIGHT - BOTTOM,
        WIDTH - RIGHT,
        HEIGHT - BOTTOM,
        SafeString("".join(axes)),
        _dates(times, start, span),
        SafeString("".join(lines)),
        _marks(marks, start, span),
        key,
        SafeString(band),
        _table(drawn, title, marks),
    )
