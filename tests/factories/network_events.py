"""The network's events and their sign-ups, as the tests of the event pages, calendars and
staff pages need them. Sign-ups are made as rows in a given state (the state machine itself,
network.services.signups, has its own tests)."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from network.models import Event, Material, SignUp
from tests.factories.portal import UserFactory


def days(n, hour=17):
    """A time `n` days from now at `hour` o'clock, Danish time."""
    day = timezone.localdate() + dt.timedelta(days=n)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class EventFactory(DjangoModelFactory):
    """A published network meeting in Haderslev a week from now, two hours, 20 places,
    organised by a consultant."""

    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Netværksmøde {n + 1}")
    description = "Vi mødes og deler erfaringer om socialøkonomi."
    kind = Event.Kind.NETWORK
    audience = Event.Audience.PUBLIC
    place = "Rådhuset, Gåskærgade 26, 6100 Haderslev"
    starts_at = factory.LazyFunction(lambda: days(7))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + dt.timedelta(hours=2))
    capacity = 20
    organiser = factory.SubFactory(UserFactory, consultant=True)
    state = Event.State.PUBLISHED

    class Params:
        draft = factory.Trait(state=Event.State.DRAFT)
        cancelled = factory.Trait(state=Event.State.CANCELLED)
        past = factory.Trait(starts_at=factory.LazyFunction(lambda: days(-7)))


class SignUpFactory(DjangoModelFactory):
    """A confirmed sign-up of someone not logged in."""

    class Meta:
        model = SignUp

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Deltager {n + 1}")
    email = factory.Sequence(lambda n: f"deltager{n + 1}@example.dk")
    state = SignUp.State.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)


class MaterialFactory(DjangoModelFactory):
    class Meta:
        model = Material

    event = factory.SubFactory(EventFactory)
    title = "Slides fra mødet"
    file = factory.django.FileField(filename="slides.pdf", data=b"%PDF-1.4 slides")
