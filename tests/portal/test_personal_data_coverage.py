"""Every field of ours that holds a person's data is declared by a personal data provider
(`portal.privacy`): exported and erased, attributed to an account, or declared not a
person's data with the reason. A new app's sign-ups or mentoring notes cannot escape erasure
unnoticed: this test names the model and field."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test.utils import isolate_apps

from mapping.models import Contact
from portal import registry
from portal.models import User
from portal.privacy import HISTORY_FIELDS, PersonalDataProvider

# Field names that hold a person's name or how to reach them, whatever the field's type.
NAME_FIELDS = {"name", "first_name", "last_name", "full_name", "username"}
NAME_PARTS = ("phone", "email", "address")


def our_models():
    """Every model of our own apps (not Django's or a third party's), change histories too."""
    base = Path(settings.BASE_DIR).resolve()
    ours = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts:
            ours.extend(config.get_models())
    return ours


def _holds_person(field):
    if isinstance(field, models.EmailField | models.TextField):
        return True
    if field.name in NAME_FIELDS or any(part in field.name for part in NAME_PARTS):
        return True
    return field.is_relation and field.related_model in (User, Contact)


def person_fields(model):
    """`(model the declaration is looked up on, field name)` of each field that may hold a
    person's data. A change history's fields are those of its model (simple-history's
    `instance_type`), judged by the model's own field; its `history_user` is its own."""
    base = getattr(model, "instance_type", None)
    found = []
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # the other side of a relation: declared where the relation is
        if not (field.concrete or field.many_to_many):
            continue  # a generic foreign key: its two columns are the concrete fields
        if base is not None and field.name in HISTORY_FIELDS:
            continue  # declared for every change history in portal.privacy
        judged_on = base or model
        try:
            judged = judged_on._meta.get_field(field.name)
        except Exception:  # a field only the history has (history_id, history_date, …)
            judged_on, judged = model, field
        if _holds_person(judged):
            found.append((judged_on, field.name))
    return found


def uncovered(model_list, providers):
    """`app.Model.field` of every field that holds a person's data and no provider declares."""
    declared = {}
    for provider in providers:
        for model, names in provider.covered_fields().items():
            declared.setdefault(model, set()).update(names)
    missing = []
    for model in model_list:
        for judged_on, name in person_fields(model):
            if name not in declared.get(judged_on, set()):
                missing.append(f"{model._meta.label}.{name}")
    return sorted(missing)


def stale(providers):
    """Declarations of fields that do not exist (any more)."""
    wrong = []
    for provider in providers:
        for model, names in provider.covered_fields().items():
            for name in names:
                try:
                    model._meta.get_field(name)
                except Exception:
                    wrong.append(f"{type(provider).__name__}: {model._meta.label}.{name}")
    return wrong


def test_every_field_with_a_persons_data_is_covered_by_a_provider():
    missing = uncovered(our_models(), registry.personal_data_providers())
    assert not missing, (
        "These fields may hold a person's data, but no personal data provider (portal.privacy) "
        "covers them: add them to an app's provider (covers, attributions or places), or to "
        "its not_personal with the reason:\n" + "\n".join(missing)
    )


def test_every_declared_field_exists():
    assert stale(registry.personal_data_providers()) == []


def test_change_histories_are_walked_through_their_models():
    labels = {model._meta.label for model in our_models()}
    assert "mapping.HistoricalContact" in labels
    found = dict.fromkeys(
        f"{judged_on._meta.label}.{name}"
        for judged_on, name in person_fields(Contact.history.model)
    )
    assert "mapping.Contact.email" in found
    assert "mapping.Contact.name" in found


def test_it_reports_a_field_whose_provider_is_gone(monkeypatch):
    """Drop the programme's provider: its consultants' time registration is uncovered."""
    providers = [
        provider
        for provider in registry.personal_data_providers()
        if type(provider).__name__ != "ProgrammeProvider"
    ]
    assert len(providers) == len(registry.personal_data_providers()) - 1
    missing = uncovered(our_models(), providers)
    assert "programme.TimeEntry.user" in missing
    assert "programme.FollowUpTask.owner" in missing
    assert "programme.HistoricalActivity.responsible" in missing


@pytest.fixture
def throwaway():
    """A model a new app might add: sign-ups to an event, with a mentor's notes."""
    with isolate_apps("portal"):

        class SignUp(models.Model):
            person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
            contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
            phone_number = models.CharField(max_length=20)
            reply_to = models.EmailField()
            mentor_notes = models.TextField()
            seats = models.PositiveIntegerField()

            class Meta:
                app_label = "portal"

            def __str__(self):
                return self.phone_number

        yield SignUp


def test_it_names_each_uncovered_field_of_a_new_model(throwaway):
    providers = registry.personal_data_providers()
    assert uncovered([throwaway], providers) == [
        "portal.SignUp.contact",
        "portal.SignUp.mentor_notes",
        "portal.SignUp.person",
        "portal.SignUp.phone_number",
        "portal.SignUp.reply_to",
    ]


def test_a_provider_that_declares_the_new_model_covers_it(throwaway):
    class SignUpProvider(PersonalDataProvider):
        covers = {throwaway: ("person", "contact", "phone_number", "reply_to")}
        not_personal = {throwaway: {"mentor_notes": "Only ever about the enterprise."}}

    providers = [*registry.personal_data_providers(), SignUpProvider()]
    assert uncovered([throwaway], providers) == []
