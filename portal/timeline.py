"""The portal's one SVG timeline: rows of bars and point markers on one time axis, with
month (or quarter, half-year, year) ticks, today marked, and the same facts as a table.

An app describes what to draw as `Lane`s (a heading, a bar from one day to another, or a row
of points) and `build` lays them out, so that the template `portal/includes/timeline.html`
only draws: nothing is computed while it renders. The axis is `portal.timescale.TimeScale`,
which draws a date no one means (year 1, 9999) at the axis' edge while the table gives it as
it is.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.timescale import TimeScale

# The drawing's coordinate system (the SVG scales to the page's width).
WIDTH = 1000
CHART_LEFT = 320
CHART_RIGHT = WIDTH - 20
AXIS_HEIGHT = 34
ROW_HEIGHT = 24
BAR_HEIGHT = 14
LABEL_CHARS = 44
MOST_TICKS = 12


@dataclass(frozen=True)
class Paint:
    """How a bar is drawn: its fill (a colour, or the name of one of the include's
    patterns, "hatch" or "late", which it draws as `url(#<its id>-<pattern>)` so that two
    timelines on one page each use their own), its border, and whether the border is
    dashed."""

    fill: str = ""
    stroke: str = "none"
    dashed: bool = False
    pattern: str = ""


# The bars' looks by name; a lane picks one. Colours keep 3:1 against white where they are
# all that tells two bars apart, and a pattern or a word in the label says the rest.
PAINTS = {
    "phase": Paint("#1f4e79", "#1f4e79"),
    "activity": Paint("#5b9bd5", "#2e6da4"),
    "phase-planned": Paint(stroke="#1f4e79", dashed=True, pattern="hatch"),
    "activity-planned": Paint(stroke="#2e6da4", dashed=True, pattern="hatch"),
    "planned": Paint("#9ec5fe", "#0a58ca"),
    "under-way": Paint("#0a58ca"),
    "done": Paint("#198754"),
    "dropped": Paint("#adb5bd"),
    "late": Paint(stroke="#842029", pattern="late"),
}


@dataclass(frozen=True)
class Point:
    """Something on one day: a meeting, an event."""

    label: str
    day: datetime.date
    url: str = ""


@dataclass(frozen=True)
class Lane:
    """One line of the drawing as an app describes it.

    A heading (`level` 0, no dates) groups the lanes below it; a bar runs from `starts` to
    `ends` (no end: to the axis' end, "open"); a lane of `points` marks single days. `kind`
    names the thing in the table, `cells` add the app's own columns to its row there.
    """

    label: str
    starts: datetime.date | None = None
    ends: datetime.date | None = None
    points: tuple = ()
    paint: str = "activity"
    level: int = 1
    url: str = ""
    kind: str = ""
    note: str = ""  # said after the label, e.g. "late": never colour alone
    cells: tuple = ()
    key: object = None  # the app's own object, for its tests and templates

    @property
    def has_bar(self):
        return self.starts is not None


@dataclass(frozen=True)
class Marker:
    label: str
    day: datetime.date
    x: float
    url: str = ""

    @property
    def points(self):
        """A diamond around (x, the middle of its row), relative to the row's middle."""
        return f"{self.x},-7 {self.x + 7},0 {self.x},7 {self.x - 7},0"


@dataclass(frozen=True)
class Row:
    """One line of the drawing as laid out."""

    lane: Lane
    label: str
    y: float
    x: float = 0
    width: float = 0
    markers: tuple = ()
    open: bool = False  # the bar has no end and runs to the axis' end

    @property
    def paint(self):
        return PAINTS[self.lane.paint]

    @property
    def bold(self):
        return self.lane.level == 0

    @property
    def has_bar(self):
        return self.lane.has_bar

    @property
    def bar_y(self):
        return self.y + (ROW_HEIGHT - BAR_HEIGHT) / 2

    @property
    def text_y(self):
        return self.y + ROW_HEIGHT / 2 + 4

    @property
    def middle_y(self):
        return self.y + ROW_HEIGHT / 2


@dataclass(frozen=True)
class Tick:
    x: float
    day: datetime.date
    label: str


@dataclass(frozen=True)
class TableRow:
    label: str
    kind: str
    starts: datetime.date | None
    ends: datetime.date | None
    url: str = ""
    cells: tuple = ()
    running: bool = False
    level: int = 1  # in time order, a heading's row comes before those starting with it


@dataclass
class Timeline:
    starts: datetime.date  # the axis' first day
    ends: datetime.date  # the axis' last day
    today: datetime.date
    today_x: float | None  # None: today is not on the axis
    height: float
    rows: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    table: list = field(default_factory=list)
    headers: tuple = ()
    width: int = WIDTH
    chart_left: int = CHART_LEFT
    chart_right: int = CHART_RIGHT

    @property
    def chart_bottom(self):
        return self.height - 4

    @property
    def is_empty(self):
        return not self.table


def shorten(text, limit=LABEL_CHARS):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def tick_days(scale):
    """Every month, quarter or half year by the span; every year (or every few) beyond."""
    months = scale.days / 30.4
    if months > 72:
        return scale.years(MOST_TICKS), True
    return scale.months(1 if months <= MOST_TICKS else 3 if months <= 36 else 6), False


def _ticks(scale):
    days, yearly = tick_days(scale)
    return [
        Tick(scale.x(day), day, str(day.year) if yearly else f"{day.month:02d}.{day.year}")
        for day in days
    ]


def _days(lanes):
    for lane in lanes:
        yield lane.starts
        yield lane.ends
        yield from (point.day for point in lane.points)


def _row(lane, y, scale):
    label = shorten(lane.label) + (f" – {lane.note}" if lane.note else "")
    if lane.points:
        markers = tuple(Marker(p.label, p.day, scale.x(p.day), p.url) for p in lane.points)
        return Row(lane=lane, label=label, y=y, markers=markers)
    if not lane.has_bar:
        return Row(lane=lane, label=label, y=y)
    ends = lane.ends if lane.ends is not None else scale.last_day
    x, width = scale.bar(lane.starts, ends)
    return Row(lane=lane, label=label, y=y, x=x, width=width, open=lane.ends is None)


def _running(lane, today):
    return lane.has_bar and lane.ends is not None and lane.starts <= today <= lane.ends


def _table(lanes, today, mark_running):
    rows = []
    for lane in lanes:
        if lane.has_bar or (lane.level > 0 and not lane.points):  # not a heading
            rows.append(
                TableRow(
                    lane.label,
                    lane.kind,
                    lane.starts,
                    lane.ends,
                    lane.url,
                    lane.cells,
                    running=mark_running and _running(lane, today),
                    level=lane.level,
                )
            )
        rows += [TableRow(p.label, lane.kind, p.day, None, p.url, lane.cells) for p in lane.points]
    return rows


def build(lanes, *, days=(), today=None, headers=None, sort_table=False, mark_running=True):
    """Lay out `lanes` on an axis of whole months around their days (and `days`, e.g. a
    plan's period or today to keep today on it); without any day, the months around today.

    `headers` name the table's columns (what, kind, from, to, then the lanes' `cells`);
    `sort_table` lists the table in time order (a heading's lane before those that start
    with it) instead of the lanes' order.
    """
    today = today or timezone.localdate()
    days = [day for day in (*_days(lanes), *days) if day is not None] or [today]
    scale = TimeScale(days, left=CHART_LEFT, right=CHART_RIGHT, whole_months=True)
    rows, y = [], AXIS_HEIGHT
    for lane in lanes:
        rows.append(_row(lane, y, scale))
        y += ROW_HEIGHT
    table = _table(lanes, today, mark_running)
    if sort_table:
        table.sort(key=lambda row: (row.starts or datetime.date.min, row.level))
    return Timeline(
        starts=scale.starts,
        ends=scale.last_day,
        today=today,
        today_x=scale.x(today) if scale.contains(today) else None,
        height=y + 8,
        rows=rows,
        ticks=_ticks(scale),
        table=table,
        headers=tuple(headers or (_("What"), _("Kind"), _("From"), _("To"))),
    )
