"""The programme: the offer's plan (phases and activities) and the steering group's
meetings, agenda items, decisions and follow-up tasks."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from portal.programme.models import (
    Activity,
    AgendaItem,
    Decision,
    FollowUpTask,
    Phase,
    SteeringMeeting,
    TimeEntry,
)

# The offer's activities and their estimated hours.
PHASE_1 = [("Projektetablering", 30), ("Kortlægning", 125), ("Opsamling", 50), ("Strategi", 70)]
PHASE_2 = [(f"Aktivitet {n}", hours) for n, hours in enumerate([30, 50, 30, 100, 30, 100, 20, 20])]


def days(n):
    """The date `n` days from today in Denmark."""
    return timezone.localdate() + dt.timedelta(days=n)


class PhaseFactory(DjangoModelFactory):
    class Meta:
        model = Phase

    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda phase: f"Fase {phase.number}")
    starts_on = factory.LazyFunction(lambda: days(-120))
    ends_on = factory.LazyFunction(lambda: days(30))


class ActivityFactory(DjangoModelFactory):
    """An activity planned over its whole phase."""

    class Meta:
        model = Activity

    phase = factory.SubFactory(PhaseFactory)
    position = 0
    name = factory.Sequence(lambda n: f"Aktivitet {n}")
    estimated_hours = Decimal("10")
    planned_start = factory.SelfAttribute("phase.starts_on")
    planned_end = factory.SelfAttribute("phase.ends_on")


def build_offer_plan(responsible):
    """The offer's plan: phase 1 (contracted, today inside it) and phase 2 (not contracted),
    as {"phase1", "phase2", activity name: activity}."""
    phase1 = PhaseFactory(
        number=1, name="Kortlægning", starts_on=days(-120), ends_on=days(30), contracted=True
    )
    phase2 = PhaseFactory(number=2, name="Implementering", starts_on=days(31), ends_on=days(580))
    activities = {}
    for phase, rows in ((phase1, PHASE_1), (phase2, PHASE_2)):
        for position, (name, hours) in enumerate(rows):
            activities[name] = ActivityFactory(
                phase=phase,
                position=position,
                name=name,
                estimated_hours=Decimal(hours),
                responsible=responsible,
            )
    return {"phase1": phase1, "phase2": phase2, **activities}


class TimeEntryFactory(DjangoModelFactory):
    """Hours registered yesterday at the activity's rate."""

    class Meta:
        model = TimeEntry

    activity = factory.SubFactory(ActivityFactory)
    date = factory.LazyFunction(lambda: days(-1))
    hours = Decimal("2")
    hourly_rate = factory.SelfAttribute("activity.hourly_rate")


def register_hours(user, activity, total, *, start=-2):
    """Register `total` hours on `activity`, at most 8 a day, on days before today, at the
    activity's rate as it is in the database now."""
    total, day = Decimal(total), start
    rate = Activity.objects.values_list("hourly_rate", flat=True).get(pk=activity.pk)
    while total > 0:
        hours = min(total, Decimal(8))
        TimeEntryFactory(
            user=user, activity=activity, date=days(day), hours=hours, hourly_rate=rate
        )
        total -= hours
        day -= 1


class SteeringMeetingFactory(DjangoModelFactory):
    """A steering group meeting `days` from now (in a week unless told), two hours long."""

    class Meta:
        model = SteeringMeeting

    class Params:
        days = 7
        start = factory.LazyAttribute(
            lambda meeting: (
                timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=meeting.days)
            )
        )

    starts_at = factory.LazyAttribute(lambda meeting: meeting.start)
    ends_at = factory.LazyAttribute(lambda meeting: meeting.start + dt.timedelta(hours=2))
    place = "Haderslev Rådhus, mødelokale 1"
    created_by = None


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(SteeringMeetingFactory)
    position = 1
    title = factory.Sequence(lambda n: f"Punkt {n}")


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(SteeringMeetingFactory, days=-30)
    text = "En beslutning"


class FollowUpTaskFactory(DjangoModelFactory):
    """A task a decision (of a meeting a month ago unless told) gives someone."""

    class Meta:
        model = FollowUpTask

    decision = factory.SubFactory(DecisionFactory)
    title = "Send referatet"
    due_on = factory.LazyFunction(timezone.localdate)
