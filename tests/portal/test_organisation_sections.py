"""Sections that apps add to an organisation's page through `portal.registry`: shown in their
order among the mapping's own, and only to those the providing app shows them to."""

import pytest
from django.urls import reverse

from portal import registry
from portal.registry import OrganisationSection

pytestmark = pytest.mark.django_db

TEMPLATE = "tests/organisation_section.html"


@pytest.fixture
def section_template(settings, tmp_path):
    folder = tmp_path / "tests"
    folder.mkdir()
    (folder / "organisation_section.html").write_text(
        '<section class="col-12"><h2 class="h4">{{ panel.heading }}</h2></section>'
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    return TEMPLATE


def network_sections(request, organisation):
    """Like a phase-2 app: staff only, one section before the mapping's, one after."""
    if not request.user.is_programme_staff:
        return []
    return [
        OrganisationSection(TEMPLATE, {"heading": f"Membership of {organisation.name}"}, 5),
        OrganisationSection(TEMPLATE, {"heading": "Offers on the marketplace"}, 200),
    ]


@pytest.fixture
def registered(monkeypatch, section_template):
    providers = [*registry._organisation_section_providers, network_sections]
    monkeypatch.setattr(registry, "_organisation_section_providers", providers)


def page(client, user, organisation):
    client.force_login(user)
    response = client.get(reverse("mapping:organisation-detail", args=[organisation.pk]))
    assert response.status_code == 200
    return response


def test_a_registered_section_shows_in_its_order(registered, client, leader, alice):
    response = page(client, leader, alice.organisation)
    templates = [section.template for section in response.context["sections"]]
    assert templates == [
        TEMPLATE,
        "mapping/stakeholders/organisation_section.html",
        "mapping/cases/organisation_section.html",
        "mapping/meetings/organisation_section.html",
        "network/members/organisation_section.html",
        TEMPLATE,
    ]
    content = response.content.decode()
    first = content.index(f"Membership of {alice.organisation.name}")
    cases = content.index('id="cases-section-heading"')
    last = content.index("Offers on the marketplace")
    assert first < cases < last


def test_a_registered_section_is_not_shown_to_others(registered, client, alice):
    response = page(client, alice, alice.organisation)
    content = response.content.decode()
    assert "Membership of" not in content
    assert "Offers on the marketplace" not in content
    assert TEMPLATE not in [section.template for section in response.context["sections"]]


def test_each_apps_own_sections_go_through_the_registry(client, consultant, alice):
    response = page(client, consultant, alice.organisation)
    orders = [section.order for section in response.context["sections"]]
    assert orders == sorted(orders) == [10, 20, 30, 40]
