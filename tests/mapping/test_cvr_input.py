"""CVR numbers as people type them: spaces and a DK prefix are fine, a P-number is named.

One normaliser (mapping.validators.normalise_cvr, in the form field mapping.forms.cvr.CVRField)
serves the registration, the staff's form, the import and the look-up; each is tried here
through its own door."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from mapping.forms import OrganisationStaffForm, RegistrationForm
from mapping.forms.cvr import CVRField
from mapping.models import Organisation
from mapping.validators import normalise_cvr
from tests.mapping.cvr_register import FOUND, lookup_url
from tests.mapping.import_steps import csv_file, errors_of, start_import

P_NUMBER = "1003388394"
REGISTER_URL = reverse("mapping:register")


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.mark.parametrize(
    "typed",
    ["31415926", "31 41 59 26", "DK 31 41 59 26", "dk31415926", "DK-31415926", " 3141\u00a05926 "],
)
def test_the_normaliser_gives_the_eight_digits(typed):
    assert normalise_cvr(typed) == "31415926"
    assert CVRField().clean(typed) == "31415926"


def test_a_p_number_gets_its_own_message():
    with pytest.raises(ValidationError) as error:
        CVRField().clean(P_NUMBER)
    assert error.value.error_list[0].code == "cvr_pnumber"
    with translation.override("en"):
        assert "P-number" in error.value.messages[0]
        assert "8-digit CVR number" in error.value.messages[0]
    with translation.override("da"):
        assert error.value.messages[0].startswith("Det ligner et P-nummer")


def test_a_wrong_checksum_after_the_prefix_is_still_refused():
    with pytest.raises(ValidationError) as error:
        CVRField().clean("DK 31 41 59 27")
    assert error.value.error_list[0].code == "cvr_checksum"


@pytest.mark.parametrize("form_class", [RegistrationForm, OrganisationStaffForm])
def test_the_browser_may_take_a_p_number_and_a_prefix_without_cutting(form_class):
    html = form_class()["cvr"].as_widget()
    assert 'maxlength="20"' in html
    assert 'type="number"' not in html


@pytest.mark.django_db
def test_registration_stores_eight_digits_from_a_prefixed_number(client, data):
    response = client.post(REGISTER_URL, {**data, "cvr": "DK 31 41 59 26"})
    assert response.status_code == 302
    assert Organisation.objects.get().cvr == "31415926"


@pytest.mark.django_db
def test_registration_names_a_p_number_and_saves_nothing(client, data):
    response = client.post(REGISTER_URL, {**data, "cvr": P_NUMBER})
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["cvr"][0].code == "cvr_pnumber"
    assert "This looks like a P-number" in response.content.decode()
    # What was typed is shown back whole, not cut to 8 digits.
    assert f'value="{P_NUMBER}"' in response.content.decode()
    assert not Organisation.objects.exists()


def _staff_create(client, consultant, cvr):
    client.force_login(consultant)
    return client.post(
        reverse("mapping:organisation-create"),
        {
            "name": "Kvisten",
            "kind": "company",
            "cvr": cvr,
            "sector": "social_economy",
            "se_status": "existing",
        },
    )


@pytest.mark.django_db
def test_staff_form_stores_eight_digits_from_lower_case_dk(client, consultant):
    response = _staff_create(client, consultant, "dk31415926")
    assert response.status_code == 302
    assert Organisation.objects.get().cvr == "31415926"


@pytest.mark.django_db
def test_staff_form_names_a_p_number_and_saves_nothing(client, consultant):
    response = _staff_create(client, consultant, P_NUMBER)
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["cvr"][0].code == "cvr_pnumber"
    assert "This looks like a P-number" in response.content.decode()
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_the_import_reads_a_prefixed_number_and_names_a_p_number(client, leader):
    rows = csv_file(
        [
            ["Navn", "Sektor", "Type", "CVR"],
            ["Med præfiks", "privat", "firma", "DK 31 41 59 26"],
            ["Produktionsenhed", "privat", "firma", P_NUMBER],
        ]
    )
    client.force_login(leader)
    _batch, preview = start_import(client, rows)
    assert errors_of(preview, 2) == []
    [(column, message)] = errors_of(preview, 3)
    assert column == "CVR"
    assert message.startswith("This looks like a P-number")


@pytest.mark.django_db
def test_the_look_up_accepts_a_prefixed_number(client, register):  # noqa: F811
    response = client.get(lookup_url("DK " + " ".join([FOUND[:4], FOUND[4:]])))
    assert response.status_code == 200
    assert "Café Kvisten ApS" in response.content.decode()
    asked = register.requests[-1]["body"]["query"]
    assert asked == {"term": {"Vrvirksomhed.cvrNummer": int(FOUND)}}
