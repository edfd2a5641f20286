"""The trend chart reads on its own: axes, dates, legend, MCID band, and a table that says
the same as the lines."""

import re
from datetime import UTC, datetime

from programs.chart import Series, trend_chart

JUNE_1, JUNE_8, JUNE_15 = (datetime(2026, 6, day, 12, tzinfo=UTC) for day in (1, 8, 15))
PAIN = Series("Pain", 10, [(JUNE_1, 6), (JUNE_8, 4), (JUNE_15, 2)], "pain")
LEFS = Series("LEFS", 80, [(JUNE_1, 50), (JUNE_15, 62)], "lefs")


def test_the_chart_has_dated_labelled_axes_and_a_legend():
    chart = trend_chart([PAIN, LEFS], "Pain and LEFS")
    for shown in ("Pain (0-10)", "LEFS (0-80)", "Jun 01", "Jun 08", "Jun 15", ">80</text>"):
        assert shown in chart, shown
    assert 'class="chart-legend"' in chart


def test_the_mcid_band_runs_9_points_up_from_the_first_lefs_score():
    chart = trend_chart([PAIN, LEFS], "Pain and LEFS")
    assert "LEFS baseline 50 to 59: less than the 9-point MCID" in chart


def test_the_table_holds_the_same_data_as_the_lines():
    chart = trend_chart([PAIN, LEFS], "Pain and LEFS")
    table = chart[chart.index("<table") :]
    rows = re.findall(
        r'<tr><th scope="row">([\d-]+)</th><td>(\S+?)</td><td>(\S+?)</td></tr>', table
    )
    assert rows == [("2026-06-01", "6", "50"), ("2026-06-08", "4", "-"), ("2026-06-15", "2", "62")]
    dots = re.findall(r"<title>(Pain|LEFS): (\d+) on (\w+ \d+)</title>", chart)
    assert len(dots) == 5  # every point in the table is a point on a line


def test_no_points_no_chart():
    assert trend_chart([Series("Pain", 10, [], "pain")], "Pain") == ""


def test_decisions_are_labelled_lines_on_the_chart_and_a_column_of_the_table():
    from programs.chart import Mark

    marks = [
        Mark(datetime(2026, 6, 8, 13, tzinfo=UTC), "Step back", "step-back"),
        Mark(datetime(2026, 6, 11, 9, tzinfo=UTC), "Hold", "hold"),
    ]
    chart = trend_chart([PAIN, LEFS], "Pain and LEFS", marks)
    assert re.findall(r'<g class="decision ([\w-]+)">.*?<text [^>]*>([\w ]+)</text>', chart) == [
        ("step-back", "Step back"),
        ("hold", "Hold"),
    ]
    assert "<title>Decision: Step back on Jun 08</title>" in chart
    assert "Return-to-run decisions" in chart  # in the legend
    table = chart[chart.index("<table") :]
    assert '<th scope="col">Decision</th>' in table
    rows = re.findall(r'<tr><th scope="row">([\d-]+)</th>((?:<td>[^<]*</td>)+)</tr>', table)
    cells = {day: re.findall(r"<td>([^<]*)</td>", tds) for day, tds in rows}
    # On the row of that day's check-in; a decision on a day with no score gets its own row.
    assert cells == {
        "2026-06-01": ["6", "50", "-"],
        "2026-06-08": ["4", "-", "Step back"],
        "2026-06-11": ["-", "-", "Hold"],
        "2026-06-15": ["2", "62", "-"],
    }


def test_the_case_timeline_marks_each_decision_by_what_was_done(db):
    from programs.models import Decision
    from programs.selectors import case_timeline
    from programs.services import library_seed
    from tests.programs.conftest import build
    from tests.programs.test_checkins import WALK_RUN

    library_seed()
    plan = build(names=(WALK_RUN,))
    Decision.objects.create(plan=plan, action="advance", reason="r", status="pending")
    Decision.objects.create(
        plan=plan, action="advance", final_action="step_back", reason="r", status="overridden"
    )
    Decision.objects.create(plan=plan, action="stop", reason="r", status="applied")
    _, _, marks, _ = case_timeline(plan.case)
    assert sorted(mark.label for mark in marks) == ["Advance (waiting)", "Step back", "Stop"]
