"""Posts of the staff's event form, as a person types them (Danish times)."""

from django.utils import timezone


def form_data(organiser=None, **changes):
    """A valid post of the event form: a training in Haderslev, Danish times as typed."""
    data = {
        "title": "Kursus i sociale klausuler",
        "kind": "training",
        "audience": "staff",
        "description": "For indkøbere i kommunen.",
        "organiser": str(organiser.pk) if organiser else "",
        "starts_at": "27.11.2026 13:00",
        "ends_at": "27.11.2026 15:30",
        "place": "Rådhuset, Haderslev",
        "online_url": "",
        "capacity": "12",
        "signup_opens_at": "",
        "signup_closes_at": "26.11.2026 12:00",
        "outcome": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def edit_data(event, **changes):
    local = timezone.localtime
    data = form_data(
        organiser=event.organiser,
        title=event.title,
        kind=event.kind,
        audience=event.audience,
        description=event.description,
        starts_at=local(event.starts_at).strftime("%d.%m.%Y %H:%M"),
        ends_at=local(event.ends_at).strftime("%d.%m.%Y %H:%M"),
        place=event.place,
        online_url=event.online_url,
        capacity=str(event.capacity),
        signup_closes_at="",
        outcome=event.outcome,
    )
    data.update(changes)
    return data
