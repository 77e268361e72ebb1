"""The plan's timeline: phases, their activities and the steering group's meetings on one
time axis, with today marked. Everything is laid out here, so the template only draws it
(an inline SVG) and lists the same things in a table for those who cannot see the drawing."""

import datetime
from dataclasses import dataclass, field

from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.timescale import TimeScale, local_day

# The drawing's coordinate system (the SVG scales to the page's width).
WIDTH = 1000
LABEL_WIDTH = 270
CHART_LEFT = 280
CHART_RIGHT = WIDTH - 20
AXIS_HEIGHT = 34
ROW_HEIGHT = 24
BAR_HEIGHT = 14
LABEL_CHARS = 38


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Row:
    """One line of the drawing: a phase, an activity, or the meetings."""

    kind: str  # "phase", "activity" or "meetings"
    label: str
    short_label: str
    y: float
    x: float = 0
    width: float = 0
    starts: datetime.date | None = None
    ends: datetime.date | None = None
    contracted: bool = True
    url: str = ""
    markers: tuple = ()

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
class Marker:
    label: str
    day: datetime.date
    x: float
    url: str = ""

    @property
    def points(self):
        """A diamond around (x, the middle of its row), relative to the row's middle."""
        return f"{self.x},-7 {self.x + 7},0 {self.x},7 {self.x - 7},0"


@dataclass
class Timeline:
    starts: datetime.date
    ends: datetime.date
    today: datetime.date
    today_x: float | None
    height: float
    rows: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    table: list = field(default_factory=list)

    @property
    def chart_bottom(self):
        return self.height - 4


def _shorten(text):
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _url(obj):
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:  # the page for it is not there (yet)
        return ""


def _table_row(kind, label, starts, ends, url):
    return {"kind": kind, "label": label, "starts": starts, "ends": ends, "url": url}


def _tick_days(scale):
    """Every month, quarter or half year by the span; every year (or every few) beyond."""
    months = scale.days / 30.4
    if months > 72:
        return scale.years()
    return scale.months(1 if months <= 12 else 3 if months <= 36 else 6)


def build(*, phases, meetings, today=None):
    """The timeline of `phases` (each with `activity_list`) and steering group `meetings`,
    or None when there is nothing to draw."""
    today = today or timezone.localdate()
    meeting_days = [(m, local_day(m.starts_at)) for m in meetings]
    days = [d for p in phases for d in (p.starts_on, p.ends_on)]
    days += [d for p in phases for a in p.activity_list for d in (a.planned_start, a.planned_end)]
    days += [day for _m, day in meeting_days]
    if not days:
        return None
    # The shared scale: a date no one means (year 1, 9999) is drawn at the edge, not
    # stretched over millennia or added to past the calendar's end.
    scale = TimeScale(days, left=CHART_LEFT, right=CHART_RIGHT, whole_months=True)
    x, bar = scale.x, scale.bar

    rows, table, y = [], [], AXIS_HEIGHT
    for phase in phases:
        left, width = bar(phase.starts_on, phase.ends_on)
        label = str(phase)
        url = _url(phase)
        rows.append(
            Row(
                kind="phase",
                label=label,
                short_label=_shorten(label),
                y=y,
                x=left,
                width=width,
                starts=phase.starts_on,
                ends=phase.ends_on,
                contracted=phase.contracted,
                url=url,
            )
        )
        table.append(_table_row(_("Phase"), label, phase.starts_on, phase.ends_on, url))
        y += ROW_HEIGHT
        for activity in phase.activity_list:
            left, width = bar(activity.planned_start, activity.planned_end)
            url = _url(activity)
            rows.append(
                Row(
                    kind="activity",
                    label=activity.name,
                    short_label=_shorten(activity.name),
                    y=y,
                    x=left,
                    width=width,
                    starts=activity.planned_start,
                    ends=activity.planned_end,
                    contracted=phase.contracted,
                    url=url,
                )
            )
            table.append(
                _table_row(
                    _("Activity"), activity.name, activity.planned_start, activity.planned_end, url
                )
            )
            y += ROW_HEIGHT
    if meeting_days:
        markers = tuple(Marker(str(m), day, x(day), _url(m)) for m, day in meeting_days)
        label = _("Steering group meetings")
        rows.append(
            Row(kind="meetings", label=label, short_label=_shorten(label), y=y, markers=markers)
        )
        for marker in markers:
            table.append(
                _table_row(_("Steering group meeting"), marker.label, marker.day, None, marker.url)
            )
        y += ROW_HEIGHT
    ticks = [Tick(x(day), f"{day.month:02d}.{day.year}") for day in _tick_days(scale)]
    # In time order; a phase before the activities that start with it.
    table.sort(key=lambda row: (row["starts"], row["kind"] != _("Phase")))
    return Timeline(
        starts=scale.starts,
        ends=scale.ends,
        today=today,
        today_x=x(today) if scale.contains(today) else None,
        height=y + 8,
        rows=rows,
        ticks=ticks,
        table=table,
    )
