"""One way to show a service's refusal (portal.refusals): on the form, each message at the
field it names and the rest at the top; for a button, as an error message on the page it
goes back to. And the values a view hands a service (portal.forms.model_values)."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse

from mapping.forms.meetings import MeetingForm
from mapping.models import Case, Meeting
from mapping.services import meetings as meeting_services
from mapping.services.cases import case_save
from portal import refusals
from portal.forms import model_values
from portal.records import assign
from tests.mapping.form_data import meeting_data

pytestmark = pytest.mark.django_db


class NoteForm(forms.Form):
    title = forms.CharField()
    note = forms.CharField(required=False)


def _refused(error, **kwargs):
    form = NoteForm({"title": "Møde", "note": "x"})
    assert form.is_valid()
    refusals.on_form(form, error, **kwargs)
    return form


def test_a_field_error_lands_on_its_field():
    form = _refused(ValidationError({"title": "Taken already."}))
    assert form.errors["title"] == ["Taken already."]
    assert not form.non_field_errors()
    assert "title" not in form.cleaned_data


def test_a_non_field_error_lands_at_the_top():
    form = _refused(ValidationError("Someone else moderated it a moment ago."))
    assert form.non_field_errors() == ["Someone else moderated it a moment ago."]
    assert set(form.errors) == {NON_FIELD_ERRORS}


def test_an_error_about_a_field_the_form_lacks_lands_at_the_top():
    form = _refused(ValidationError({"title": "Too long.", "moderation_state": "Not pending."}))
    assert form.errors["title"] == ["Too long."]
    assert form.non_field_errors() == ["Not pending."]


def test_the_top_of_a_dict_error_stays_at_the_top():
    form = _refused(ValidationError({NON_FIELD_ERRORS: ["Both at once."], "note": ["Empty."]}))
    assert form.non_field_errors() == ["Both at once."]
    assert form.errors["note"] == ["Empty."]


def test_a_service_name_is_renamed_to_the_forms():
    form = _refused(
        ValidationError({"consent_note": "Write who."}), rename={"consent_note": "note"}
    )
    assert form.errors["note"] == ["Write who."]


def test_a_view_shows_the_services_refusal_on_its_form_and_saves_nothing(
    client, consultant, monkeypatch, settings
):
    def refuse(**values):
        raise ValidationError({"place": "The room is booked.", NON_FIELD_ERRORS: "Not now."})

    monkeypatch.setattr(meeting_services, "meeting_save", refuse)
    client.force_login(consultant)
    response = client.post(reverse("mapping:meeting-create"), meeting_data(organiser=consultant.pk))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["place"] == ["The room is booked."]
    assert form.non_field_errors() == ["Not now."]
    assert not Meeting.objects.exists()
    # What was typed is kept.
    assert form["title"].value() == meeting_data()["title"]


def test_a_buttons_refusal_is_an_error_message_on_the_page_it_came_from(
    client, consultant, alice, settings
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    organisation = alice.organisation
    organisation.published = False
    organisation.consent = ""
    organisation.save()
    client.force_login(consultant)
    url = reverse("mapping:organisation-unpublish", args=[organisation.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    [message] = get_messages(response.wsgi_request)
    assert message.level_tag == "error"
    assert "is not published" in str(message)


def test_a_refused_row_saves_nothing_of_the_whole(alice):
    """A formset's rows are a list of dicts; one that the model refuses rolls back all."""
    good = {
        "description": "Unge i job",
        "value": Decimal("12"),
        "unit": "personer",
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 6, 30),
        "about_people": True,
    }
    with pytest.raises(ValidationError) as refused:
        case_save(
            organisation=alice.organisation,
            title="Caféen",
            problem="Et problem",
            method="En metode",
            effects=[good, {**good, "period_end": dt.date(2025, 12, 31), "unit": ""}],
        )
    assert "unit" in refused.value.message_dict
    assert not Case.objects.exists()


def test_model_values_are_what_the_model_form_would_write(consultant):
    form = MeetingForm(meeting_data(organiser=consultant.pk))
    assert form.is_valid(), form.errors
    values = model_values(form)
    # The model's own fields, many-to-many included; the form's extra field is not one.
    assert "contacts" not in values
    assert values["organisations"].model.__name__ == "Organisation"
    assert values["title"] == meeting_data()["title"]


def test_a_service_takes_only_the_fields_it_lets_change():
    with pytest.raises(TypeError, match="moderation_state"):
        assign(Meeting(), {"title": "x", "moderation_state": "approved"}, fields=("title",))
