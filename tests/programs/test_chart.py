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
