import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.urls import reverse
from PIL import Image

from mapping.models import Contact, Organisation
from mapping.services import organisation_approve
from portal.models import User
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db

URL = reverse("mapping:register")


def _nothing_saved():
    assert Organisation.objects.count() == 0
    assert Contact.objects.count() == 0
    assert not User.objects.with_role(User.Role.ENTERPRISE).exists()
    assert mail.outbox == []


def test_it_registers_an_enterprise_with_contact_user_and_email(
    client, data, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("mapping:my-organisations")
    organisation = Organisation.objects.get()
    assert organisation.name == "Kvist & Kaffe"
    assert organisation.moderation_state == Organisation.Moderation.PENDING
    assert organisation.se_status == Organisation.SocialEconomyStatus.EXISTING
    assert organisation.inclusive_governance is False
    assert organisation.social_purpose is True
    assert {p.code for p in organisation.purpose_areas.all()} == {"employment", "social"}
    contact = organisation.contacts.get()
    assert (contact.name, contact.email, contact.legal_basis) == (
        "Maja Møller",
        "maja@example.dk",
        Contact.LegalBasis.CONSENT,
    )
    user = organisation.users.get()
    assert user.roles == {User.Role.ENTERPRISE}
    assert user.check_password("grøn-kaffe-2026")
    # The registrant is told, and so is the project leader.
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["leder@example.dk", "maja@example.dk"]
    # The registrant is logged in and sees the state of the registration.
    page = client.get(reverse("mapping:my-organisations"))
    assert "Kvist &amp; Kaffe" in page.content.decode()


def test_an_idea_becomes_a_potential_enterprise(client, data):
    data.update(what="potential", cvr="")
    client.post(URL, data)
    assert Organisation.objects.get().se_status == Organisation.SocialEconomyStatus.POTENTIAL


def test_the_registrant_can_log_in_with_the_email_address(client, data):
    client.post(URL, data)
    client.logout()
    assert client.login(
        request=HttpRequest(), username="maja@example.dk", password="grøn-kaffe-2026"
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"contact_name": ""}, "contact_name"),
        ({"email": ""}, "email"),
        ({"email": "not-an-address"}, "email"),
        ({"what": ""}, "what"),
        ({"social_purpose": ""}, "social_purpose"),
        ({"consent": ""}, "consent"),
        ({"cvr": "31415927"}, "cvr"),
        ({"cvr": "1234"}, "cvr"),
        ({"cvr": "abcdefgh"}, "cvr"),
        ({"postcode": "61"}, "postcode"),
        ({"name": "x" * 201}, "name"),
        ({"description": "x" * 5001}, "description"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"employees": "-3"}, "employees"),
        ({"employees": "two"}, "employees"),
        ({"employees": "2", "employees_flexjob": "5"}, "employees_flexjob"),
        ({"founded_year": "2999"}, "founded_year"),
        ({"area": "999999"}, "area"),
        ({"kind": "spaceship"}, "kind"),
        ({"password2": "something-else-2026"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password1"),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(client, data, changes, field):
    data.update(changes)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    _nothing_saved()


def test_a_cvr_number_already_registered_is_refused_without_saying_who(client, data):
    make_organisation("Hemmelig Holder ApS", cvr="31415926")
    response = client.post(URL, data)
    errors = response.context["form"].errors
    assert "cvr" in errors
    assert "Hemmelig Holder" not in response.content.decode()
    assert Organisation.objects.count() == 1
    assert not Contact.objects.exists()


def test_an_email_address_already_in_use_is_refused(client, data, alice):
    data["email"] = alice.email.upper()
    response = client.post(URL, data)
    assert "email" in response.context["form"].errors
    assert Organisation.objects.count() == 1  # only Alice's


def test_a_file_that_is_not_an_image_is_refused_as_logo(client, data):
    data["logo"] = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", "image/png")
    response = client.post(URL, data)
    assert "logo" in response.context["form"].errors
    _nothing_saved()


def test_a_logo_of_the_wrong_kind_is_refused(client, data):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "GIF")
    data["logo"] = SimpleUploadedFile("logo.gif", buffer.getvalue(), "image/gif")
    response = client.post(URL, data)
    assert "logo" in response.context["form"].errors
    _nothing_saved()


def test_a_real_png_logo_is_stored(client, data):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    data["logo"] = SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")
    client.post(URL, data)
    assert Organisation.objects.get().logo.name.startswith("organisations/logos/")


def test_html_in_the_input_is_shown_as_text(client, data, leader):
    data["name"] = "<script>alert('x')</script> Café"
    data["description"] = "<b>fed</b>"
    client.post(URL, data)
    client.force_login(leader)
    organisation = Organisation.objects.get()
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Café" in page
    assert "&lt;b&gt;fed&lt;/b&gt;" in page


def test_the_honeypot_stops_robots_and_saves_nothing(client, data):
    data["homepage"] = "http://spam.example"
    response = client.post(URL, data)
    assert response.status_code == 200
    _nothing_saved()


def test_registrations_are_rate_limited_per_address(client, data, settings):
    settings.REGISTRATION_RATE_LIMIT = 2
    robot = {**data, "homepage": "http://spam.example"}
    assert client.post(URL, robot).status_code == 200
    assert client.post(URL, {**data, "cvr": "", "email": "first@example.dk"}).status_code == 302
    client.logout()
    response = client.post(URL, data)
    assert response.status_code == 429
    assert Organisation.objects.count() == 1
    # Another address is not affected.
    other = client.post(URL, data, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302
    assert Organisation.objects.count() == 2


def test_refused_attempts_count_against_the_limit(client, data, settings):
    # The form tells whether a CVR number or an e-mail address is registered: uncounted
    # refusals would let anyone probe for them without end.
    settings.REGISTRATION_RATE_LIMIT = 2
    assert client.post(URL, {**data, "name": ""}).status_code == 200
    assert client.post(URL, {**data, "email": "not-an-address"}).status_code == 200
    response = client.post(URL, data)
    assert response.status_code == 429
    _nothing_saved()


def test_the_form_cannot_be_used_to_probe_for_registered_cvr_numbers(client, data, settings):
    settings.REGISTRATION_RATE_LIMIT = 3
    make_organisation("Hemmelig Holder ApS", cvr="31415926")
    # A prober spoils the form on purpose so that nothing is ever saved, and reads the answer.
    probe = {**data, "password2": "spoilt-on-purpose"}
    answers = [client.post(URL, probe) for _attempt in range(3)]
    assert all("cvr" in answer.context["form"].errors for answer in answers)
    # Once the limit is reached nothing more is told: the form is shown again, unchecked.
    response = client.post(URL, probe)
    assert response.status_code == 429
    assert not response.context["form"].is_bound
    assert not response.context["form"].errors


def test_a_registration_that_loses_a_race_shows_the_error_and_saves_nothing(
    client, data, monkeypatch
):
    from django.db import IntegrityError

    from mapping.services import organisations

    def lose(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    # The service's saving step loses: the service refuses, the view shows it.
    monkeypatch.setattr(organisations, "_register", lose)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    _nothing_saved()


def test_a_logged_in_user_who_registers_keeps_their_session(client, data, leader):
    client.force_login(leader)
    response = client.post(URL, data)
    assert response.status_code == 302
    assert client.get("/").context["user"] == leader


def test_the_form_shows_every_field_with_a_label(client, area):
    response = client.get(URL)
    form = response.context["form"]
    html = response.content.decode()
    for name, field in form.fields.items():
        if getattr(field.widget, "input_type", None) in ("radio", "checkbox") and name != "consent":
            continue  # radio groups are labelled by their fieldset legend
        assert f'for="id_{name}"' in html, name


def test_the_registrant_is_recorded_as_the_creator(client, data):
    client.post(URL, data)
    records = Organisation.objects.get().history.order_by("history_date")
    # The row, then its purpose areas: both by the registrant.
    assert records.first().history_type == "+"
    assert {record.history_user.email for record in records} == {"maja@example.dk"}


def test_registering_records_the_registrants_consent_and_waits_for_approval(client, data, leader):
    """Self-registration keeps today's moderation: the registrant asked to be shown, and
    the directory shows the organisation once the project leader approves it."""
    assert client.post(reverse("mapping:register"), data).status_code == 302
    organisation = Organisation.objects.get(name=data["name"])
    user = organisation.users.get()
    assert organisation.consent == Organisation.Consent.REGISTRATION
    assert organisation.consent_recorded_by == user
    assert organisation.consent_recorded_at is not None
    assert not organisation.published
    assert client.get(organisation.get_public_url()).status_code == 404
    organisation_approve(organisation=organisation, by=leader)
    organisation.refresh_from_db()
    assert organisation.is_public
    assert organisation.consent_recorded_by == user  # the registrant's, kept
