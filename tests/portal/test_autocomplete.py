"""Every form that asks for a person's or an organisation's contact data tells the browser
what each field is (WCAG 1.3.5), so it can be filled in from the browser's own store.

The forms are found by walking every forms module of the portal's apps, not from a list:
a new form that asks for an e-mail address and forgets its autocomplete fails here."""

import inspect

import pytest
from django import forms

from tests.portal.own_code import form_modules

# Field names that always mean contact data, and the tokens that fit them.
CONTACT_FIELDS = {
    "email": {"email"},
    "phone": {"tel"},
    "street": {"street-address"},
    "postcode": {"postal-code"},
    "town": {"address-level2"},
    "first_name": {"given-name"},
    "last_name": {"family-name"},
    "contact_name": {"name"},
    "website": {"url"},
}
# "name" is a person's or organisation's name only on these models.
NAMED = {"Organisation": {"organization"}, "Contact": {"name"}, "SteeringGroupMember": {"name"}}


def _contact_forms():
    found = {}
    for module in form_modules():
        for _name, form_class in inspect.getmembers(module, inspect.isclass):
            if (
                not issubclass(form_class, forms.BaseForm)
                or form_class.__module__ != module.__name__
            ):
                continue
            wanted = {
                name: tokens
                for name, tokens in CONTACT_FIELDS.items()
                if name in form_class.base_fields
            }
            model = getattr(getattr(form_class, "_meta", None), "model", None)
            if model is not None and model.__name__ in NAMED and "name" in form_class.base_fields:
                wanted["name"] = NAMED[model.__name__]
            if wanted:
                found[f"{form_class.__module__}.{form_class.__qualname__}"] = (form_class, wanted)
    return found


CONTACT_FORMS = _contact_forms()


def test_the_walk_finds_the_public_and_staff_contact_forms():
    names = set(CONTACT_FORMS)
    for expected in (
        "mapping.forms.organisations.RegistrationForm",
        "mapping.forms.organisations.OrganisationProfileForm",
        "mapping.forms.organisations.OrganisationStaffForm",
        "mapping.forms.organisations.ContactForm",
        "portal.people.forms.InviteForm",
        "portal.programme.forms.steering.MemberForm",
    ):
        assert expected in names


def _instance(form_class):
    """An unbound form; forms that need who or what they are about get a plain stand-in."""
    parameters = inspect.signature(form_class.__init__).parameters
    kwargs = {
        name: None
        for name, parameter in parameters.items()
        if parameter.kind == parameter.KEYWORD_ONLY and parameter.default is parameter.empty
    }
    return form_class(**kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("form_name", sorted(CONTACT_FORMS))
def test_contact_fields_carry_their_autocomplete_token(form_name):
    form_class, wanted = CONTACT_FORMS[form_name]
    form = _instance(form_class)
    for name, tokens in wanted.items():
        if name not in form.fields:
            continue  # this form leaves it out for this user
        html = str(form[name])
        token = form.fields[name].widget.attrs.get("autocomplete")
        assert token in tokens, f"{form_name}.{name}: autocomplete={token!r}"
        assert f'autocomplete="{token}"' in html
