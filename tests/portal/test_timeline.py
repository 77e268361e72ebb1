"""The portal's one SVG timeline (portal.timeline): the axis and its ticks, today's marker,
an empty timeline, a bar with no end, and the drawing with its table."""

import datetime
import re

from django.template.loader import render_to_string
from django.utils import translation

from portal import timeline
from portal.timeline import CHART_LEFT, CHART_RIGHT, Lane, Point


def day(year, month, number):
    return datetime.date(year, month, number)


def test_it_runs_the_axis_over_whole_months_and_ticks_each_month_across_new_year():
    lanes = [Lane("Opstart", starts=day(2025, 11, 15), ends=day(2026, 2, 10))]
    drawn = timeline.build(lanes, today=day(2025, 12, 24))
    assert (drawn.starts, drawn.ends) == (day(2025, 11, 1), day(2026, 2, 28))
    assert [tick.label for tick in drawn.ticks] == ["11.2025", "12.2025", "01.2026", "02.2026"]
    xs = [tick.x for tick in drawn.ticks]
    assert xs == sorted(xs) and xs[0] == CHART_LEFT and xs[-1] < CHART_RIGHT
    (row,) = drawn.rows
    assert CHART_LEFT < row.x < row.x + row.width < CHART_RIGHT


def test_it_ticks_quarters_then_years_as_the_span_grows():
    two_years = timeline.build([Lane("A", starts=day(2025, 2, 1), ends=day(2027, 1, 31))])
    assert [tick.label for tick in two_years.ticks][:3] == ["04.2025", "07.2025", "10.2025"]
    assert "01.2026" in [tick.label for tick in two_years.ticks]
    ten_years = timeline.build([Lane("A", starts=day(2025, 2, 1), ends=day(2034, 12, 31))])
    assert [tick.label for tick in ten_years.ticks] == [str(year) for year in range(2026, 2035)]


def test_it_marks_today_only_when_it_is_on_the_axis():
    lanes = [Lane("Fase 1", starts=day(2026, 1, 1), ends=day(2026, 6, 30), level=0)]
    inside = timeline.build(lanes, today=day(2026, 3, 1))
    (row,) = inside.rows
    assert row.x < inside.today_x < row.x + row.width
    assert timeline.build(lanes, today=day(2027, 3, 1)).today_x is None
    assert timeline.build(lanes, today=day(2025, 3, 1)).today_x is None
    # Asked to keep today on the axis, the axis widens to it.
    widened = timeline.build(lanes, days=[day(2027, 3, 1)], today=day(2027, 3, 1))
    assert widened.ends == day(2027, 3, 31) and widened.today_x is not None


def test_an_empty_timeline_draws_the_months_around_today_and_says_so():
    drawn = timeline.build([], today=day(2026, 5, 14))
    assert drawn.is_empty and drawn.rows == []
    assert (drawn.starts, drawn.ends) == (day(2026, 5, 1), day(2026, 5, 31))
    assert drawn.today_x is not None
    page = render_to_string(
        "portal/includes/timeline.html",
        {"timeline": drawn, "title": "Tom", "desc": "Intet", "empty": "Ingen rækker endnu."},
    )
    assert "Ingen rækker endnu." in page and "<svg" in page


def test_a_bar_with_no_end_runs_to_the_axis_end_and_the_table_says_it_has_none():
    lanes = [
        Lane("Afsluttet", starts=day(2026, 1, 10), ends=day(2026, 3, 31)),
        Lane("Løbende", starts=day(2026, 2, 1), kind="Netværk"),
    ]
    drawn = timeline.build(lanes, today=day(2026, 2, 15))
    done, ongoing = drawn.rows
    assert ongoing.open and not done.open
    assert ongoing.x + ongoing.width == CHART_RIGHT
    assert drawn.table[1].ends is None
    assert not drawn.table[1].running  # nothing to run until without an end
    assert drawn.table[0].running


def test_it_draws_points_headings_and_the_table_in_time_order():
    lanes = [
        Lane("Fase 2", starts=day(2026, 4, 1), ends=day(2026, 6, 30), level=0, kind="Fase"),
        Lane("Indsatsområde", level=0),  # a heading: no bar, no table row
        Lane("Møder", points=(Point("Møde 1", day(2026, 1, 20)),), level=0, kind="Møde"),
        Lane("Handling uden datoer", kind="Handling"),
    ]
    drawn = timeline.build(lanes, today=day(2026, 1, 1), sort_table=True)
    assert [row.label for row in drawn.table] == ["Handling uden datoer", "Møde 1", "Fase 2"]
    meetings = drawn.rows[2]
    (marker,) = meetings.markers
    assert CHART_LEFT <= marker.x < CHART_RIGHT
    assert not drawn.rows[1].has_bar and drawn.rows[1].bold


def test_the_drawing_is_an_image_with_its_text_and_its_numbers_unlocalised():
    lanes = [
        Lane(
            "Kuvøse",
            starts=day(2026, 1, 1),
            ends=day(2026, 12, 31),
            paint="late",
            note="forsinket",
            cells=("I gang", "40 %"),
        )
    ]
    headers = ("Hvad", "Art", "Fra", "Til", "Tilstand", "Pct.")
    drawn = timeline.build(lanes, today=day(2026, 6, 1), headers=headers)
    with translation.override("da"):
        page = render_to_string(
            "portal/includes/timeline.html",
            {"timeline": drawn, "title": "Tidslinje", "desc": "Fra januar", "caption": "Som tabel"},
        )
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="timeline-title timeline-desc"' in svg
    assert '<title id="timeline-title">Tidslinje</title>' in svg
    assert 'viewBox="0 0 1000 ' in svg and "url(#timeline-late)" in svg
    assert "Kuvøse – forsinket" in svg
    assert "." not in svg.split('width="')[1].split('"')[0]  # 1000, not "1.000"
    table = page[page.index("</svg>") :]
    assert "01.01.2026" in table and "31.12.2026" in table and "40 %" in table
    assert "<caption>Som tabel</caption>" in table
    assert 'role="region"' in page  # the table scrolls on its own on a narrow screen


def test_two_timelines_on_one_page_each_have_their_own_ids_and_patterns():
    """WCAG 4.1.1: every id once on the page, and each bar filled by its own drawing's
    pattern, not by the first one on the page."""
    lanes = [
        Lane("Planlagt", starts=day(2026, 1, 1), ends=day(2026, 3, 31), paint="phase-planned"),
        Lane("Forsinket", starts=day(2026, 2, 1), ends=day(2026, 4, 30), paint="late"),
    ]
    drawn = timeline.build(lanes, today=day(2026, 2, 15))
    page = "".join(
        render_to_string(
            "portal/includes/timeline.html",
            {"timeline": drawn, "title": name, "desc": name, "id": name},
        )
        for name in ("plan", "progress")
    )
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert {"plan-hatch", "plan-late", "progress-hatch", "progress-late"} <= set(ids)
    first, second = page.split("</svg>")[:2]
    assert re.findall(r'<rect [^>]*fill="url\(#([^)]+)\)"', first) == ["plan-hatch", "plan-late"]
    assert re.findall(r'<rect [^>]*fill="url\(#([^)]+)\)"', second) == [
        "progress-hatch",
        "progress-late",
    ]
