"""Every decimal field of the portal reads what a Dane types and shows it back the Danish way.

The browser's number field dropped the comma: "1,5" hours were saved as 15. The forms of the
project are found by walking every form class of portal/, mapping/ and strategy/, so a decimal
form field added later without the shared `DanishDecimalField` fails here; the forms are then
posted through their pages with Danish input.
"""

import importlib
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import get_resolver, reverse
from django.utils import translation

import mapping
import portal
import strategy
from mapping.models import CaseEffect
from portal.fields import (
    DanishDecimalField,
    DanishMoneyField,
    DecimalInput,
    DecimalInputError,
    format_decimal,
    parse_decimal,
)
from portal.programme.models import Activity, BaselineLine, TimeEntry
from strategy.models import Action
from tests.conftest import make_organisation
from tests.factories.programme import build_offer_plan, days
from tests.factories.strategy import ActionFactory, build_drafted_plan, build_progress_strategy
from tests.mapping.form_data import effect_data, form_data
from tests.programme.form_data import edit_data
from tests.strategy.form_data import action_data, post_update

APPS = (portal, mapping, strategy)
DANISH_INPUT = [
    ("1,5", Decimal("1.5")),
    ("7,5", Decimal("7.5")),
    ("125.000,50", Decimal("125000.50")),
    ("1.5", Decimal("1.5")),
]
# A figure out of a field's range is refused for that; never because it was not understood.
NOT_UNDERSTOOD = {"invalid", "ambiguous"}


def _import_form_modules():
    """Import every module of the apps whose name says it holds forms, and every view (the
    URL configuration), so that every form class of the project exists."""
    for app in APPS:
        for module in pkgutil.walk_packages(app.__path__, f"{app.__name__}."):
            if "forms" in module.name.rsplit(".", 2)[-2:] or module.name.endswith("forms"):
                importlib.import_module(module.name)
    get_resolver().url_patterns  # noqa: B018 - loading the URLs imports every view


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def project_decimal_fields():
    """(form class, field name, field) for every decimal (or float) field of the project's
    forms, ModelForms' fields made from model fields included."""
    _import_form_modules()
    found = {}
    for form in _subclasses(forms.BaseForm):
        if not form.__module__.startswith(tuple(f"{app.__name__}." for app in APPS)):
            continue
        for name, field in form.base_fields.items():
            if isinstance(field, forms.DecimalField | forms.FloatField):
                found[(form.__module__, form.__qualname__, name)] = (form, name, field)
    return [found[key] for key in sorted(found)]


FIELDS = project_decimal_fields()
IDS = [f"{form.__qualname__}.{name}" for form, name, _field in FIELDS]


def test_it_finds_the_decimal_fields_of_every_app():
    names = {f"{form.__module__}.{form.__qualname__}.{name}" for form, name, _ in FIELDS}
    assert {
        "portal.programme.forms.timesheets.TimeEntryForm.hours",
        "portal.programme.forms.plan.ActivityForm.estimated_hours",
        "portal.programme.forms.plan.ActivityForm.hourly_rate",
        "mapping.forms.cases.CaseEffectForm.value",
        "strategy.forms.drafting.ActionForm.budget",
        "strategy.forms.drafting.ActionForm.budget_hours",
        "strategy.forms.drafting.ActionForm.baseline",
        "strategy.forms.drafting.ActionForm.target",
        "strategy.forms.progress.ProgressUpdateForm.indicator_value",
    } <= names


# Decimal model fields that no one types: a baseline copies the plan's figures.
NOT_TYPED = {(BaselineLine, "hours"), (BaselineLine, "hourly_rate")}


def test_every_editable_decimal_model_field_is_on_a_form_with_the_danish_field():
    """Every decimal field of the apps' models (found, not listed: a new one fails here
    until a form with the Danish field types it, or NOT_TYPED says why none does)."""
    on_forms = {
        (form._meta.model, name)
        for form, name, _ in FIELDS
        if getattr(getattr(form, "_meta", None), "model", None)
    }
    decimal_model_fields = {
        (model, field.name)
        for model in django_apps.get_models()
        if model._meta.app_config.name.split(".")[0] in {app.__name__ for app in APPS}
        and not model.__name__.startswith("Historical")
        for field in model._meta.concrete_fields
        if isinstance(field, models.DecimalField) and field.editable
    }
    assert (Action, "budget") in decimal_model_fields
    assert (Activity, "estimated_hours") in decimal_model_fields
    assert decimal_model_fields - NOT_TYPED <= on_forms


@pytest.mark.parametrize(("form", "name", "field"), FIELDS, ids=IDS)
def test_every_decimal_field_is_the_danish_one(form, name, field):
    assert isinstance(field, DanishDecimalField), f"{form.__qualname__}.{name}"
    assert isinstance(field.widget, DecimalInput)
    html = field.widget.render(name, None)
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html


@pytest.mark.parametrize(("form", "name", "field"), FIELDS, ids=IDS)
@pytest.mark.parametrize(("typed", "meant"), DANISH_INPUT, ids=[row[0] for row in DANISH_INPUT])
def test_every_decimal_field_reads_danish_input(form, name, field, typed, meant):
    with translation.override("da"):
        assert field.to_python(typed) == meant
        try:
            assert field.clean(typed) == meant
        except ValidationError as error:
            # Out of the field's range (125.000,50 hours): said so, never "not a number".
            assert not {e.code for e in error.error_list} & NOT_UNDERSTOOD, error.messages


@pytest.mark.parametrize(("form", "name", "field"), FIELDS, ids=IDS)
def test_every_decimal_field_shows_its_value_the_danish_way(form, name, field):
    with translation.override("da"):
        assert 'value="125.000,50"' in field.widget.render(name, Decimal("125000.50"))
        assert 'value="1,50"' in field.widget.render(name, Decimal("1.5"))
        # What the person typed is shown back as typed when the form is shown again.
        assert 'value="7,5"' in field.widget.render(name, "7,5")


# Amounts of kroner: "125.000" can only mean 125000 kr. (no one types thousandths of a krone).
MONEY = {("ActionForm", "budget"), ("ActivityForm", "hourly_rate")}


@pytest.mark.parametrize(("form", "name", "field"), FIELDS, ids=IDS)
def test_every_decimal_field_refuses_the_ambiguous_1_500_but_kroner_read_it(form, name, field):
    if (form.__qualname__, name) in MONEY:
        assert isinstance(field, DanishMoneyField)
        with translation.override("da"):
            assert field.to_python("125.000") == Decimal("125000")
            assert field.to_python("1.500") == Decimal("1500")
        return
    assert not isinstance(field, DanishMoneyField), f"{form.__qualname__}.{name}"
    with translation.override("da"), pytest.raises(ValidationError) as refused:
        field.clean("1.500")
    assert refused.value.code == "ambiguous"


# --- The reading itself ---------------------------------------------------------------

READ = [
    ("1,5", "1.5"),
    ("7,5", "7.5"),
    (",25", "0.25"),
    ("-3,5", "-3.5"),
    ("\u22122", "-2"),
    ("1,500", "1.500"),
    ("125.000,50", "125000.50"),
    ("1.250.000", "1250000"),
    ("1 250 000", "1250000"),
    ("125\u00a0000,5", "125000.5"),
    ("1.5", "1.5"),
    ("7.25", "7.25"),
    ("0.500", "0.500"),
    ("1234.5", "1234.5"),
    (" 8 ", "8"),
]
REFUSED = [
    ("1.500", "ambiguous"),
    ("125.000", "ambiguous"),
    ("1,2,3", "invalid"),
    ("1,234.5", "invalid"),
    ("1.50,5", "invalid"),
    ("12 kr", "invalid"),
    ("1e3", "invalid"),
    ("NaN", "invalid"),
    ("1,", "invalid"),
    ("-", "invalid"),
    ("\u0661\u0662", "invalid"),
]


@pytest.mark.parametrize(("typed", "meant"), READ)
def test_it_reads(typed, meant):
    assert parse_decimal(typed, decimal_sep=",", group_sep=".") == Decimal(meant)


@pytest.mark.parametrize(("typed", "code"), REFUSED)
def test_it_refuses(typed, code):
    with pytest.raises(DecimalInputError) as refused:
        parse_decimal(typed, decimal_sep=",", group_sep=".")
    assert refused.value.code == code


def test_the_ambiguous_message_offers_both_readings():
    field = DanishDecimalField(decimal_places=2)
    # In English the comma groups thousands, so there "1,500" is the one read two ways.
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        field.clean("1,500")
    with translation.override("en"):
        [message] = refused.value.messages
    assert "1500" in message and "1.5" in message
    with translation.override("da"), pytest.raises(ValidationError) as refused:
        field.clean("1.500")
    with translation.override("da"):
        [message] = refused.value.messages
    assert "1500" in message and "1,5" in message


def test_in_english_the_separators_swap():
    with translation.override("en"):
        assert DanishDecimalField().clean("125,000.50") == Decimal("125000.50")
        assert DanishDecimalField().clean("1,5") == Decimal("1.5")
        assert format_decimal(Decimal("125000.5"), 2) == "125,000.50"


@pytest.mark.parametrize(
    ("value", "shown"),
    [("1.5", "1,5"), ("8", "8"), ("125000", "125.000,00"), ("-0.25", "-0,25")],
)
def test_without_decimal_places_a_value_is_shown_so_it_reads_back(value, shown):
    with translation.override("da"):
        assert format_decimal(Decimal(value)) == shown
        assert parse_decimal(shown) == Decimal(value)


# --- Through the pages ------------------------------------------------------------------


@pytest.fixture
def danish(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "meant"), [("1,5", "1.5"), ("7,5", "7.5"), ("1.5", "1.5")])
def test_a_consultant_registers_danish_hours(danish, leader, consultant, typed, meant):
    activity = build_offer_plan(leader)["Kortlægning"]
    danish.force_login(consultant)
    data = {"date": days(-1).isoformat(), "activity": activity.pk, "hours": typed, "note": ""}
    response = danish.post(reverse("programme:time-add"), data)
    assert response.status_code == 302
    entry = TimeEntry.objects.get()
    assert entry.hours == Decimal(meant)
    assert entry.cost == Decimal(meant) * entry.hourly_rate
    edit = danish.get(reverse("programme:time-edit", args=[entry.pk])).content.decode()
    assert f'value="{format_decimal(Decimal(meant), 2)}"' in edit


@pytest.mark.django_db
def test_1_500_hours_are_refused_at_the_field_and_nothing_is_saved(danish, leader, consultant):
    activity = build_offer_plan(leader)["Kortlægning"]
    danish.force_login(consultant)
    data = {"date": days(-1).isoformat(), "activity": activity.pk, "hours": "1.500"}
    response = danish.post(reverse("programme:time-add"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["hours"][0].startswith("“1.500”")
    assert 'value="1.500"' in response.content.decode()  # kept as typed
    assert not TimeEntry.objects.exists()


@pytest.mark.django_db
def test_the_project_leader_types_a_danish_estimate(danish, leader):
    activity = build_offer_plan(leader)["Kortlægning"]
    danish.force_login(leader)
    response = danish.post(
        reverse("programme:activity-edit", args=[activity.pk]),
        edit_data(activity, estimated_hours="1.250,5", hourly_rate="825,50"),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.estimated_hours, activity.hourly_rate) == (
        Decimal("1250.50"),
        Decimal("825.50"),
    )
    page = danish.get(reverse("programme:activity-edit", args=[activity.pk])).content.decode()
    assert 'value="1.250,50"' in page
    assert 'value="825,50"' in page


@pytest.mark.django_db
def test_an_action_takes_a_danish_budget_and_indicator(danish, leader):
    built = build_drafted_plan(by=leader)
    danish.force_login(leader)
    data = action_data(
        built,
        budget="125.000,50",
        budget_hours="7,5",
        baseline="1.5",
        target="1.250.000",
    )
    response = danish.post(reverse("strategy:action-create", args=[built.strategy.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    action = Action.objects.get(title=data["title"])
    assert (action.budget, action.budget_hours, action.baseline, action.target) == (
        Decimal("125000.50"),
        Decimal("7.5"),
        Decimal("1.5"),
        Decimal("1250000"),
    )
    page = danish.get(reverse("strategy:action-edit", args=[action.pk])).content.decode()
    assert 'value="125.000,50"' in page
    assert 'value="1.250.000,00"' in page


@pytest.fixture
def action_in_force(leader):
    plan = build_progress_strategy(by=leader)
    return ActionFactory(
        strategy=plan,
        focus_area=plan.focus_areas.first(),
        title="Netværksmøder hver måned",
        state=Action.State.UNDER_WAY,
        indicator="Deltagere pr. møde",
    )


@pytest.mark.django_db
def test_a_progress_update_takes_a_danish_indicator_and_a_whole_percentage(
    danish, action_in_force, consultant
):
    danish.force_login(consultant)
    action = action_in_force
    response = post_update(danish, action, indicator_value="12,5", percent_done="45")
    assert response.status_code == 302
    update = action.progress.get()
    assert (update.indicator_value, update.percent_done) == (Decimal("12.5"), 45)


@pytest.mark.django_db
def test_a_whole_percentage_is_still_a_whole_number(danish, action_in_force, consultant):
    danish.force_login(consultant)
    action = action_in_force
    response = post_update(danish, action, percent_done="45,5")
    assert response.status_code == 400
    assert "percent_done" in response.context["form"].errors
    assert not action.progress.exists()


@pytest.mark.django_db
def test_a_case_effect_takes_a_danish_figure(danish, consultant):
    enterprise = make_organisation("Café Kvisten")
    danish.force_login(consultant)
    data = form_data(enterprise, effect_data(0, value="125.000,50"), effect_data(1, value="1.5"))
    response = danish.post(reverse("mapping:case-create"), data)
    assert response.status_code == 302
    assert sorted(CaseEffect.objects.values_list("value", flat=True)) == [
        Decimal("1.5"),
        Decimal("125000.50"),
    ]
