"""axe-core scans of the stakeholder pages, and a consultant logging an interaction with a
follow-up task in the browser."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mapping.models import (
    Contact,
    Interaction,
    Organisation,
    OrganisationRelation,
    Potential,
    StakeholderAssessment,
    Task,
)
from portal.models import User
from tests.browser.helpers import field, log_in
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def stakeholders(area):
    today = timezone.localdate()
    consultant = make_user("konsulent", User.Role.CONSULTANT)
    council = make_organisation(
        "Frivilligrådet", sector=Organisation.Sector.PUBLIC, kind=Organisation.Kind.COUNCIL
    )
    cafe = make_organisation("Café Kvisten", area=area)
    idea = make_organisation("Æblelauget", se_status=Organisation.SocialEconomyStatus.POTENTIAL)
    StakeholderAssessment.objects.create(organisation=council, influence=4, interest=2)
    StakeholderAssessment.objects.create(organisation=cafe, influence=2, interest=5)
    for index in range(4):
        other = make_organisation(f"Forening {index}", sector=Organisation.Sector.CIVIL)
        StakeholderAssessment.objects.create(organisation=other, influence=4, interest=2)
    OrganisationRelation.objects.create(source=cafe, kind="member", target=council)
    karen = Contact.objects.create(
        organisation=council, name="Karen Krogh", role="Formand", purpose="x", is_key_person=True
    )
    Interaction.objects.create(
        organisation=council, contact=karen, kind="call", date=today, summary="Snak", by=consultant
    )
    Task.objects.create(
        title="Send referat",
        organisation=council,
        owner=consultant,
        due_on=today - timedelta(days=1),
    )
    Potential.objects.create(
        organisation=idea,
        stage="grassroots",
        next_step="Møde",
        next_step_on=today - timedelta(days=2),
        next_step_owner=consultant,
    )
    return {"consultant": consultant, "council": council, "cafe": cafe, "idea": idea}


PAGES = [
    "/",
    "/mapping/stakeholders/",
    "/mapping/stakeholders/grid/",
    "/mapping/tasks/",
    "/tasks/",
    "/mapping/potentials/",
    "/mapping/contacts/",
    "/mapping/organisations/{council}/",
    "/mapping/organisations/{council}/assessment/",
    "/mapping/organisations/{council}/relations/new/",
    "/mapping/organisations/{council}/interactions/",
    "/mapping/organisations/{council}/interactions/new/",
    "/mapping/organisations/{idea}/potential/",
]


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_stakeholder_pages_pass_axe(new_context, axe, stakeholders, path, language):
    page = new_context(language=language).new_page()
    log_in(page, stakeholders["consultant"])
    url = path.format(council=stakeholders["council"].pk, idea=stakeholders["idea"].pk)
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    axe(page)


def test_every_organisation_in_the_grid_is_a_link_with_a_name(new_context, stakeholders):
    page = new_context().new_page()
    log_in(page, stakeholders["consultant"])
    page.goto("/mapping/stakeholders/grid/")
    grid = page.get_by_role("group", name=re.compile(r"indflydelse|influence", re.IGNORECASE))
    expect(grid).to_be_visible()
    links = grid.get_by_role("link")
    expect(links).to_have_count(6)
    expect(grid.get_by_role("link", name=re.compile(r"Café Kvisten"))).to_have_attribute(
        "href", stakeholders["cafe"].get_absolute_url()
    )
    # Six organisations, four of them in one cell: their circles must not overlap.
    boxes = [links.nth(index).bounding_box() for index in range(6)]
    for first in range(6):
        for second in range(first + 1, 6):
            a, b = boxes[first], boxes[second]
            apart = (
                a["x"] + a["width"] <= b["x"] + 0.5
                or b["x"] + b["width"] <= a["x"] + 0.5
                or a["y"] + a["height"] <= b["y"] + 0.5
                or b["y"] + b["height"] <= a["y"] + 0.5
            )
            assert apart, (first, second)


def test_a_consultant_logs_an_interaction_with_a_follow_up(new_context, axe, stakeholders):
    page = new_context().new_page()
    consultant = stakeholders["consultant"]
    log_in(page, consultant)
    council = stakeholders["council"]
    page.goto(council.get_absolute_url())
    page.get_by_role(
        "link", name=re.compile(r"^(Log en interaktion|Log an interaction)$")
    ).first.click()
    field(page, "kind").select_option("meeting")
    field(page, "contact").select_option(label="Karen Krogh, Formand")
    field(page, "summary").fill("Dialogmøde")
    field(page, "task_title").fill("Aftal dato")
    field(page, "task_deadline").fill("2020-01-01")
    page.get_by_role("button", name=re.compile(r"^(Gem|Save)$")).click()
    expect(page.get_by_role("alert")).to_be_visible()
    axe(page)
    assert not Interaction.objects.filter(summary="Dialogmøde").exists()
    deadline = timezone.localdate() + timedelta(days=5)
    field(page, "task_deadline").fill(deadline.isoformat())
    page.get_by_role("button", name=re.compile(r"^(Gem|Save)$")).click()
    expect(page).to_have_url(re.compile(rf"{council.get_absolute_url()}$"))
    expect(page.get_by_role("main")).to_contain_text("Aftal dato")
    task = Task.objects.get(title="Aftal dato")
    assert (task.owner, task.due_on) == (consultant, deadline)
