"""What the strategy's demo modules share: looking up the mapping demo's rows by name (the
strategy demo works without them, it just links less), building actions from plain data,
and moving the demo's timestamps into the past.

The services stamp versions, submissions, verdicts and comments with the time they run. A
plan adopted a year ago whose versions were all saved today would look wrong, so after the
services have saved them, `spread_versions` and `stamp` move those timestamps (never a
validated field, never a state) to believable moments in the past.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from mapping.forms.meetings import FeedbackForm
from mapping.models import Contact, Feedback, InterplayIdea, Organisation, Potential
from mapping.services.meetings import feedback_record
from portal.forms import model_values
from strategy.models import StrategyVersion
from strategy.services.drafting import action_save

LOCAL = ZoneInfo(settings.TIME_ZONE)


def at(day, hour=10, minute=0):
    """`day` at `hour` o'clock in Copenhagen, as an aware datetime."""
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL)


def add_months(day, months):
    """The first of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1, day=1)


class Mapping:
    """The mapping demo's rows the strategy links to, looked up by name. Anything missing
    (no mapping demo loaded) is simply left out."""

    def __init__(self):
        self.organisations = {o.name: o for o in Organisation.objects.all()}

    def organisation(self, name):
        return self.organisations.get(name)

    def organisations_named(self, names):
        return [self.organisations[name] for name in names if name in self.organisations]

    def feedback(self, beginnings):
        rows = []
        for beginning in beginnings:
            row = Feedback.objects.filter(text__startswith=beginning).order_by("pk").first()
            if row is not None:
                rows.append(row)
        return rows

    def interplay_ideas(self, keys):
        rows = []
        for organisation_name, service in keys:
            row = InterplayIdea.objects.filter(
                organisation__name=organisation_name, service=service
            ).first()
            if row is not None:
                rows.append(row)
        return rows

    def potentials(self, names):
        return list(Potential.objects.filter(organisation__name__in=names).order_by("pk"))


def record_consenting_feedback(*, rows, by, stdout):
    """Feedback heard in the consultation from people who agreed to hear back, recorded
    through the mapping's own form and service. Found by its text, so recorded once."""
    for organisation_name, person, theme, text, tags in rows:
        if Feedback.objects.filter(text=text).exists():
            continue
        contact = Contact.objects.filter(
            organisation__name=organisation_name, name=person, erased_at__isnull=True
        ).first()
        if contact is None or not contact.email:
            stdout.write(f"Feedback from {person}: skipped, no such contact with an e-mail.")
            continue
        form = FeedbackForm(
            data={
                "text": text,
                "theme": theme,
                "contact": contact.pk,
                "wants_reply": "on",
                "tags_text": ", ".join(tags),
            },
            organisation=contact.organisation,
        )
        if not form.is_valid():
            raise ValueError(f"demo feedback does not validate: {form.errors.as_json()}")
        feedback_record(
            **model_values(form),
            organisation=contact.organisation,
            tags=form.cleaned_data["tags_text"],
            by=by,
        )
        stdout.write(f"Feedback from {person} ({organisation_name}), wants to hear back.")


def owner_fields(owner, *, users, mapping, fallback):
    """The owner columns of an action from ("department", text), ("organisation", name) or
    ("person", role); an organisation the mapping lacks falls back to a department."""
    kind, value = owner
    if kind == "person":
        return {"owner_person": users[value]}
    if kind == "organisation" and mapping.organisation(value) is not None:
        return {"owner_organisation": mapping.organisation(value)}
    return {"owner_department": value if kind == "department" else fallback}


def build_action(*, data, strategy, area, goal, position, plan_start, users, mapping, by):
    """Add one action from its plain description through the drafting service."""
    first_month, end_month = data["months"]
    indicator, unit, baseline, target = data["indicator"]
    values = dict(
        focus_area=area,
        goal=goal,
        position=position,
        title=data["title"],
        description=data["description"],
        starts_on=add_months(plan_start, first_month),
        ends_on=add_months(plan_start, end_month) - timedelta(days=1),
        budget=Decimal(data["budget"]),
        budget_hours=Decimal(data["hours"]),
        indicator=indicator,
        indicator_unit=unit,
        baseline=Decimal(baseline),
        target=Decimal(target),
        feedback_themes=list(data.get("themes", [])),
        **owner_fields(
            data["owner"], users=users, mapping=mapping, fallback=data.get("fallback", "")
        ),
    )
    relations = {
        "partners": mapping.organisations_named(data.get("partners", [])),
        "organisations": mapping.organisations_named(data.get("organisations", [])),
        "feedback": mapping.feedback(data.get("feedback", [])),
        "interplay_ideas": mapping.interplay_ideas(data.get("ideas", [])),
        "potentials": mapping.potentials(data.get("potentials", [])),
    }
    return action_save(strategy=strategy, by=by, **values, **relations)


def spread_versions(strategy, *, first, last):
    """Date the strategy's versions evenly from `first` to `last`, in number order, and the
    strategy's creation with its first version."""
    versions = list(StrategyVersion.objects.filter(strategy=strategy).order_by("number"))
    minutes = (last - first).total_seconds() // 60
    step = timedelta(minutes=minutes // max(len(versions) - 1, 1))
    for index, version in enumerate(versions):
        version.saved_at = first + step * index
    StrategyVersion.objects.bulk_update(versions, ["saved_at"])
    type(strategy).objects.filter(pk=strategy.pk).update(created_at=first)


def stamp(row, **moments):
    """Move timestamps the services set to `now` (submitted, given, written, …) to the
    moments given, without saving anything else of the row."""
    type(row).objects.filter(pk=row.pk).update(**moments)
    for name, value in moments.items():
        setattr(row, name, value)
