"""The plan's timeline: phases, their activities and the steering group's meetings on one
time axis, with today marked. Everything is laid out here, so the template only draws it
(an inline SVG) and lists the same things in a table for those who cannot see the drawing."""

import datetime
from dataclasses import dataclass, field

from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _

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


def _month_start(day):
    return day.replace(day=1)


def _next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _url(obj):
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:  # the page for it is not there (yet)
        return ""


def _table_row(kind, label, starts, ends, url):
    return {"kind": kind, "label": label, "starts": starts, "ends": ends, "url": url}


def build(*, phases, meetings, today=None):
    """The timeline of `phases` (each with `activity_list`) and steering group `meetings`,
    or None when there is nothing to draw."""
    today = today or timezone.localdate()
    meeting_days = [(m, timezone.localtime(m.starts_at).date()) for m in meetings]
    days = [d for p in phases for d in (p.starts_on, p.ends_on)]
    days += [d for p in phases for a in p.activity_list for d in (a.planned_start, a.planned_end)]
    days += [day for _m, day in meeting_days]
    if not days:
        return None
    starts = _month_start(min(days))
    ends = _next_month(max(days))
    span = (ends - starts).days

    def x(day):
        return round(CHART_LEFT + (day - starts).days / span * (CHART_RIGHT - CHART_LEFT), 1)

    def bar(day_from, day_to):
        return x(day_from), max(x(day_to + datetime.timedelta(days=1)) - x(day_from), 2)

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
    ticks, month = [], starts
    months = span / 30.4
    step = 1 if months <= 12 else 3 if months <= 36 else 6
    while month < ends:
        if (month.month - 1) % step == 0:
            ticks.append(Tick(x(month), month.strftime("%m.%Y")))
        month = _next_month(month)
    # In time order; a phase before the activities that start with it.
    table.sort(key=lambda row: (row["starts"], row["kind"] != _("Phase")))
    return Timeline(
        starts=starts,
        ends=ends,
        today=today,
        today_x=x(today) if starts <= today < ends else None,
        height=y + 8,
        rows=rows,
        ticks=ticks,
        table=table,
    )
