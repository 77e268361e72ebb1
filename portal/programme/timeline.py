"""The plan's timeline: phases, their activities and the steering group's meetings on the
portal's one timeline (`portal.timeline`), with today marked and the same in a table."""

from django.urls import NoReverseMatch
from django.utils.translation import gettext as _

from portal import timeline
from portal.timescale import local_day


def _url(obj):
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:  # the page for it is not there (yet)
        return ""


def _paint(kind, contracted):
    return kind if contracted else f"{kind}-planned"


def _lanes(phases, meetings):
    for phase in phases:
        yield timeline.Lane(
            label=str(phase),
            starts=phase.starts_on,
            ends=phase.ends_on,
            paint=_paint("phase", phase.contracted),
            level=0,
            url=_url(phase),
            kind=_("Phase"),
            key=phase,
        )
        for activity in phase.activity_list:
            yield timeline.Lane(
                label=activity.name,
                starts=activity.planned_start,
                ends=activity.planned_end,
                paint=_paint("activity", phase.contracted),
                url=_url(activity),
                kind=_("Activity"),
                key=activity,
            )
    if meetings:
        points = tuple(timeline.Point(str(m), local_day(m.starts_at), _url(m)) for m in meetings)
        yield timeline.Lane(
            label=_("Steering group meetings"),
            points=points,
            level=0,
            kind=_("Steering group meeting"),
        )


def build(*, phases, meetings, today=None):
    """The timeline of `phases` (each with `activity_list`) and steering group `meetings`,
    or None when there is nothing to draw."""
    lanes = list(_lanes(phases, meetings))
    if not lanes:
        return None
    return timeline.build(lanes, today=today, sort_table=True)
