"""The calendar's blocks as markup. Written in Python rather than template tags: a week holds
hundreds of blocks, and the template engine's per-variable lookups cost about ten times what
these joined strings do (`make bench`, front_desk_day). Every value from the database goes
through escape(): the standard library's, the one Django's wraps, without the lazy-string
wrapper that cost a fifth of the week's markup."""

from dataclasses import dataclass
from datetime import date
from html import escape
from urllib.parse import quote

from django.utils.safestring import SafeString, mark_safe

from intake.booking.calendar import FREE, TIME_OFF, Block, Column, WeekRow
from intake.booking.selectors import CalendarVisit
from intake.models import Case, Visit


@dataclass(frozen=True)
class Links:
    change_base: str  # the visits list: a visit's page is {change_base}{pk}/change/
    add_url: str | None  # the add form, or None for staff who may not book


# A visit's level badge and status label, made once per value rather than per visit.
_BADGES = {
    level: f'<span class="triage-badge triage-{escape(level)}">{escape(str(label))}</span>'
    for level, label in Case.Level.choices
}
_STATUSES = {
    status: (escape(status), f'<span class="cal-status">{escape(str(label))}</span>')
    for status, label in Visit.Status.choices
}


def _visit_link(visit: CalendarVisit, links: Links, extra: str, when: str) -> str:
    status, status_label = _STATUSES[visit.status]
    return (
        f'<a class="{extra}cal-visit cal-status-{status}" href="{links.change_base}{visit.pk}'
        f'/change/">{when} <strong>{escape(visit.runner)}</strong> {_BADGES[visit.level]} '
        f"{status_label}</a>"
    )


def _day_block(block: Block, column: Column, links: Links) -> str:
    height = f"cal-h-{block.units}"
    if block.visit is not None:
        when = f'<span class="cal-when">{block.span}</span>'
        return _visit_link(block.visit, links, f"cal-block {height} ", when)
    if block.kind == FREE:
        if links.add_url is None:
            return f'<div class="cal-block cal-free {height}">Free {block.at}</div>'
        start = quote(block.start.isoformat(), safe="")
        return (
            f'<a class="cal-block cal-free {height}" href="{links.add_url}?therapist='
            f'{column.therapist_id}&amp;start={start}&amp;from=calendar"><span '
            f'class="visually-hidden">{escape(column.name)}, </span>Free {block.at}<span '
            f'class="cal-add"> &middot; Add visit</span></a>'
        )
    if block.kind == TIME_OFF:
        return f'<div class="cal-block cal-timeoff {height}">Time off {block.span}</div>'
    return f'<div class="cal-{block.kind} {height}"></div>'


def day_html(labels: list[Block], columns: list[Column], links: Links) -> SafeString:
    """Hour labels, then a section per therapist with its blocks in time order."""
    hours = "".join(f'<div class="cal-hour cal-h-{b.units}">{b.at}</div>' for b in labels)
    parts = [f'<div class="cal-times" aria-hidden="true"><div class="cal-head"></div>{hours}</div>']
    for column in columns:
        head = f"cal-t{column.therapist_id}"
        blocks = "".join(_day_block(block, column, links) for block in column.blocks)
        parts.append(
            f'<section class="cal-col" aria-labelledby="{head}"><div class="cal-head"><h2 '
            f'id="{head}">{escape(column.name)}</h2><p>{column.hours} &middot; {column.free} '
            f'free</p></div><div class="cal-track">{blocks}</div></section>'
        )
    return mark_safe(f'<div class="cal-day">{"".join(parts)}</div>')  # noqa: S308 - escaped above


def _week_item(block: Block, links: Links) -> str:
    if block.visit is not None:
        return f"<li>{_visit_link(block.visit, links, '', block.at)}</li>"
    if block.kind == FREE:
        times = f" ({block.count} times)" if block.count > 1 else ""
        return (
            f'<li><a class="cal-free" href="?view=day&amp;day={block.start:%Y-%m-%d}">Free '
            f"{block.span}{times}</a></li>"
        )
    return f'<li class="cal-timeoff">Time off {block.span}</li>'


def week_html(rows: list[WeekRow], days: list[date], today: date, links: Links) -> SafeString:
    """A row per therapist, a column per day: hours, then visits, time off and free runs."""
    today_class = ' class="cal-today"'
    head = "".join(
        f'<th scope="col"{today_class if day == today else ""}><a href="?view=day&amp;'
        f'day={day:%Y-%m-%d}">{day:%a %b} {day.day}</a></th>'
        for day in days
    )
    body = "".join(
        f'<tr><th scope="row">{escape(row.name)}</th>'
        + "".join(
            f'<td><p class="cal-hours">{cell.hours}</p><ul>'
            + "".join(_week_item(block, links) for block in cell.blocks)
            + "</ul></td>"
            for cell in row.cells
        )
        + "</tr>"
        for row in rows
    )
    return mark_safe(  # noqa: S308 - every database value escaped above
        '<table class="cal-week"><caption class="visually-hidden">Visits, time off and free '
        'times by therapist and day</caption><thead><tr><th scope="col">Therapist</th>'
        f"{head}</tr></thead><tbody>{body}</tbody></table>"
    )
