"""Every form that picks organisations offers them in Danish order (Æ, Ø, Å after Z), on
SQLite and on PostgreSQL, through one shared field; long lists carry the filter box's texts.

The forms are found by walking every forms module, so a new organisation picker that uses a
plain ModelChoiceField fails here."""

import inspect

import django_filters
import pytest
from django import forms

from mapping.forms.meetings import (
    FeedbackFilterForm,
    InterplayIdeaFilter,
    InterplayIdeaForm,
    MeetingForm,
)
from mapping.forms.organisations import ContactForm
from mapping.forms.pickers import OrganisationChoiceField, OrganisationMultipleChoiceField
from mapping.forms.stakeholders import RelationForm
from mapping.models import Contact, Feedback, Organisation
from strategy.forms.drafting import ActionForm
from tests.conftest import make_organisation
from tests.factories.strategy import build_drafted_plan
from tests.portal.own_code import form_modules

pytestmark = pytest.mark.django_db

NAMES = ["Ålykke", "Æblelauget", "Zebra", "Østerby", "Aabenraa Genbrug", "bageriet", "Anemone"]
DANISH = ["Anemone", "bageriet", "Zebra", "Æblelauget", "Østerby", "Aabenraa Genbrug", "Ålykke"]
SHARED = (OrganisationChoiceField, OrganisationMultipleChoiceField)


def _organisation_fields():
    for module in form_modules():
        for name, form_class in inspect.getmembers(module, inspect.isclass):
            if form_class.__module__ != module.__name__:
                continue
            if issubclass(form_class, forms.BaseForm):
                for field_name, field in form_class.base_fields.items():
                    queryset = getattr(field, "queryset", None)
                    if queryset is not None and queryset.model is Organisation:
                        yield f"{name}.{field_name}", field


ORGANISATION_FIELDS = dict(_organisation_fields())


def test_the_walk_finds_the_pickers():
    for expected in (
        "MeetingForm.organisations",
        "FeedbackForm.organisation",
        "InterplayIdeaForm.organisation",
        "InterplayIdeaForm.department",
        "CaseForm.organisation",
        "RelationForm.other",
        "ContactForm.linked_organisations",
        "ActionForm.owner_organisation",
        "ActionForm.partners",
        "ActionForm.organisations",
    ):
        assert expected in ORGANISATION_FIELDS


@pytest.mark.parametrize("name", sorted(ORGANISATION_FIELDS))
def test_every_organisation_picker_uses_the_shared_field(name):
    assert isinstance(ORGANISATION_FIELDS[name], SHARED)


@pytest.fixture
def organisations(area):
    public = {
        "sector": Organisation.Sector.PUBLIC,
        "se_status": Organisation.SocialEconomyStatus.NONE,
    }
    made = {name: make_organisation(name, area=area) for name in NAMES}
    for name in NAMES:
        made[f"{name} kommune"] = make_organisation(f"{name} kommune", **public)
    return made


def labels(field):
    return [label for value, label in field.choices if value != ""]


def test_the_meeting_form_sorts_in_danish(organisations):
    offered = labels(MeetingForm().fields["organisations"])
    assert [label for label in offered if label in DANISH] == DANISH
    assert offered.index("Zebra kommune") < offered.index("Æblelauget")


def test_the_idea_form_sorts_in_danish(organisations):
    form = InterplayIdeaForm()
    assert labels(form.fields["organisation"]) == DANISH
    assert labels(form.fields["department"]) == [f"{name} kommune" for name in DANISH]
    department = InterplayIdeaFilter().filters["department"]
    assert [str(row) for row in department.queryset] == [f"{name} kommune" for name in DANISH]


def test_the_contact_and_relation_forms_sort_in_danish(organisations):
    contact = Contact(organisation=organisations["Zebra"])
    linked = labels(ContactForm(instance=contact, staff=True).fields["linked_organisations"])
    assert [label for label in linked if "kommune" not in label] == [
        name for name in DANISH if name != "Zebra"
    ]
    other = labels(RelationForm(organisation=organisations["Zebra"]).fields["other"])
    assert [label for label in other if "kommune" not in label] == [
        name for name in DANISH if name != "Zebra"
    ]


def test_the_feedback_filter_sorts_in_danish_with_distinct(organisations):
    for name in NAMES:
        Feedback.objects.create(organisation=organisations[name], text="Lokaler", theme="premises")
        Feedback.objects.create(organisation=organisations[name], text="Mere", theme="premises")
    assert labels(FeedbackFilterForm().fields["organisation"]) == DANISH


def test_the_action_form_sorts_owner_and_partners_in_danish(organisations, leader):
    form = ActionForm(strategy=build_drafted_plan(by=leader).strategy)
    for name in ("owner_organisation", "partners", "organisations"):
        ordered = [label for label in labels(form.fields[name]) if label in DANISH]
        assert ordered == DANISH


def test_long_lists_carry_the_filter_box_texts(organisations):
    html = str(MeetingForm()["organisations"])
    assert html.count("data-picker-label=") == 1  # on the first box only, not on every one
    assert "data-picker-status=" in html
    select = str(InterplayIdeaForm()["organisation"])
    assert "data-picker-label=" in select


def test_filters_built_from_the_shared_field_are_filters_too():
    assert isinstance(InterplayIdeaFilter.base_filters["department"], django_filters.Filter)
