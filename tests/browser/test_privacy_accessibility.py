"""axe-core scans of the personal-data pages, and the project leader erasing a person in a
browser."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from mapping.models import Attendance, Contact, Feedback, Interaction, Meeting
from portal.models import User
from tests.browser.helpers import log_in
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.browser

LANGUAGES = ["da", "en"]


@pytest.fixture
def world(transactional_db):
    leader = make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)
    organisation = make_organisation("Café Kvisten")
    contact = Contact.objects.create(
        organisation=organisation,
        name="Bjørn Ærenlund",
        role="Daglig leder",
        email="bjorn@example.dk",
        phone="+45 40 50 60 70",
        purpose="Kontaktperson i kortlægningen",
        last_contacted_on=datetime.date(2020, 5, 4),
    )
    contact.phone = "+45 40 50 60 71"
    contact.save()
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.PROCESS,
        title="Procesmøde på Rådhuset",
        starts_at=datetime.datetime(2024, 5, 4, 8, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2024, 5, 4, 10, 0, tzinfo=datetime.UTC),
        place="Haderslev Rådhus",
        organiser=leader,
    )
    Attendance.objects.create(meeting=meeting, contact=contact, attended=True)
    Feedback.objects.create(
        text="Vi vil gerne levere frokost til kommunen.",
        theme=Feedback.Theme.OFFERS,
        meeting=meeting,
        contact=contact,
    )
    Interaction.objects.create(
        organisation=organisation,
        contact=contact,
        kind=Interaction.Kind.VISIT,
        date=datetime.date(2024, 5, 1),
        summary="Besøg i caféen.",
    )
    User.objects.create_user(
        username="bjorn", password="password", email="bjorn@example.dk", role=User.Role.ENTERPRISE
    )
    return {"leader": leader, "contact": contact}


def _leader_page(new_context, world, language):
    page = new_context(language=language).new_page()
    log_in(page, world["leader"])
    return page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    [
        "/mapping/contacts/{pk}/privacy/",
        "/mapping/contacts/{pk}/erase/",
        "/mapping/contacts/retention/",
    ],
    ids=["privacy", "erase", "retention"],
)
def test_personal_data_page(new_context, axe, world, path, language):
    page = _leader_page(new_context, world, language)
    response = page.goto(path.format(pk=world["contact"].pk))
    assert response.ok
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Bjørn Ærenlund")
    axe(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_project_leader_erases_a_person(new_context, axe, world, language):
    page = _leader_page(new_context, world, language)
    page.goto(f"/mapping/contacts/{world['contact'].pk}/privacy/")
    page.get_by_role("link", name=re.compile(r"^(Erase the person|Slet personen)$")).click()
    erase = re.compile(r"^(Erase for good|Slet endeligt)$")
    page.get_by_role("button", name=erase).click()
    # Not confirmed: a message at the box, and nothing erased.
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    axe(page)
    assert Contact.objects.get(pk=world["contact"].pk).erased_at is None

    # The confirmation; the person's account (same address) is left as it is.
    page.locator('input[name="confirm"]').check()
    page.get_by_role("button", name=erase).click()
    expect(page).to_have_url(re.compile(r"/privacy/$"))
    expect(page.get_by_role("main")).not_to_contain_text("Bjørn Ærenlund")
    expect(page.get_by_role("main")).to_contain_text("Vi vil gerne levere frokost til kommunen.")
    axe(page)
    assert Contact.objects.get(pk=world["contact"].pk).erased_at is not None
