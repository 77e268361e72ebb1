"""The stakeholder analysis: lists by sector, the grid, the no-contact flag, assessments,
relations, the potential, contacts and the section on an organisation's page."""

import csv
import io
import itertools
import math
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mapping.forms import ContactForm
from mapping.models import (
    Contact,
    Interaction,
    Organisation,
    OrganisationRelation,
    Potential,
    StakeholderAssessment,
    Task,
)
from mapping.selectors.stakeholders import SUGGESTED_APPROACH
from mapping.views.stakeholders import GridGeometry
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db
Quadrant = StakeholderAssessment.Quadrant
Sector = Organisation.Sector


def assess(organisation, influence, interest, **extra):
    return StakeholderAssessment.objects.create(
        organisation=organisation, influence=influence, interest=interest, **extra
    )


def interact(organisation, days_ago, **extra):
    return Interaction.objects.create(
        organisation=organisation,
        kind=Interaction.Kind.CALL,
        date=timezone.localdate() - timedelta(days=days_ago),
        **{"summary": "Snak", **extra},
    )


def csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


# The quadrants and the grid


@pytest.mark.parametrize(
    ("influence", "interest", "quadrant"),
    [
        (1, 1, Quadrant.MONITOR),
        (2, 2, Quadrant.MONITOR),
        (2, 3, Quadrant.KEEP_INFORMED),
        (1, 5, Quadrant.KEEP_INFORMED),
        (3, 2, Quadrant.KEEP_SATISFIED),
        (5, 1, Quadrant.KEEP_SATISFIED),
        (3, 3, Quadrant.MANAGE_CLOSELY),
        (5, 5, Quadrant.MANAGE_CLOSELY),
    ],
)
def test_the_quadrant_follows_influence_and_interest_with_3_as_high(influence, interest, quadrant):
    assert StakeholderAssessment.quadrant_for(influence, interest) == quadrant


def _inside(box, x, y):
    left, top, width, height = box
    return left < x < left + width and top < y < top + height


def test_the_grid_places_every_organisation_in_its_quadrant_and_cell(client, consultant):
    scores = list(itertools.product(range(1, 6), repeat=2))
    for influence, interest in scores:
        assess(make_organisation(f"Org {influence}-{interest}"), influence, interest)
    client.force_login(consultant)
    response = client.get(reverse("mapping:stakeholder-grid"))
    rows = response.context["grid"]["rows"]
    assert len(rows) == 25
    quadrants = {quadrant["key"]: quadrant for quadrant in response.context["grid"]["quadrants"]}
    for row in rows:
        influence, interest = row["influence"], row["interest"]
        expected = StakeholderAssessment.quadrant_for(influence, interest)
        assert row["quadrant"] == expected, row["organisation"].name
        box = quadrants[expected.value]
        assert _inside((box["x"], box["y"], box["width"], box["height"]), row["cx"], row["cy"])
        cell = (GridGeometry.x(interest), GridGeometry.y(influence), 120, 120)
        assert _inside(cell, row["cx"], row["cy"]), row["organisation"].name
    # The boundaries: 2 is low, 3 is high, on both axes.
    by_name = {row["organisation"].name: row["quadrant"] for row in rows}
    assert by_name["Org 2-2"] == Quadrant.MONITOR
    assert by_name["Org 2-3"] == Quadrant.KEEP_INFORMED
    assert by_name["Org 3-2"] == Quadrant.KEEP_SATISFIED
    assert by_name["Org 3-3"] == Quadrant.MANAGE_CLOSELY
    # Quadrant sizes: high is 3, 4, 5 (three columns), low is 1, 2 (two columns).
    assert quadrants["manage_closely"]["count"] == 9
    assert quadrants["keep_satisfied"]["count"] == 6
    assert quadrants["keep_informed"]["count"] == 6
    assert quadrants["monitor"]["count"] == 4


def test_organisations_in_the_same_cell_do_not_overlap(client, consultant):
    for index in range(7):
        assess(make_organisation(f"Trængsel {index}"), 4, 4)  # never contacted: all ringed
    client.force_login(consultant)
    rows = client.get(reverse("mapping:stakeholder-grid")).context["grid"]["rows"]
    for first, second in itertools.combinations(rows, 2):
        distance = math.dist((first["cx"], first["cy"]), (second["cx"], second["cy"]))
        # Also the dashed "needs contact" rings (2 wide) stay apart.
        assert distance >= first["ring_r"] + second["ring_r"] + 2


def test_the_grid_is_accessible_svg_with_a_link_per_organisation_and_a_table(client, consultant):
    organisation = make_organisation("Café Kvisten")
    assess(organisation, 4, 2)
    make_organisation("Uvurderet")
    client.force_login(consultant)
    html = client.get(reverse("mapping:stakeholder-grid")).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="group"' in svg
    assert 'aria-labelledby="grid-title"' in svg and 'aria-describedby="grid-desc"' in svg
    assert '<title id="grid-title">' in svg and '<desc id="grid-desc">' in svg
    link = f'<a href="{organisation.get_absolute_url()}">'
    assert link in svg
    after_link = svg[svg.index(link) :]
    assert after_link.index("<title>") < after_link.index("<circle")
    assert "Café Kvisten" in after_link[: after_link.index("</title>")]
    # Numbers in the SVG are not written with Danish decimal commas.
    assert not any("," in value for value in _attribute_values(svg, "cx"))
    # Below the chart the same data as a table, with the suggested approach.
    table = html[html.index("</svg>") :]
    assert "<caption" in table and "Café Kvisten" in table
    assert str(StakeholderAssessment.Quadrant.KEEP_SATISFIED.label) in table
    assert str(SUGGESTED_APPROACH[Quadrant.KEEP_SATISFIED]) in table
    assert "Uvurderet" not in html


def _attribute_values(svg, name):
    marker = f' {name}="'
    values = []
    for part in svg.split(marker)[1:]:
        values.append(part[: part.index('"')])
    return values


def test_the_grid_filters_by_sector(client, consultant):
    assess(make_organisation("Kommunen", sector=Sector.PUBLIC), 5, 5)
    assess(make_organisation("Firmaet", sector=Sector.PRIVATE), 2, 2)
    client.force_login(consultant)
    response = client.get(reverse("mapping:stakeholder-grid"), {"sector": "private"})
    assert [row["organisation"].name for row in response.context["grid"]["rows"]] == ["Firmaet"]


def test_the_grid_exports_its_table(client, consultant):
    assess(make_organisation("Kommunen", sector=Sector.PUBLIC), 5, 1)
    client.force_login(consultant)
    response = client.get(reverse("mapping:stakeholder-grid"), {"export": "csv"})
    rows = csv_rows(response)
    assert rows[1][:2] == ["1", "Kommunen"]
    assert str(Quadrant.KEEP_SATISFIED.label) in rows[1]


# The stakeholder list and the no-contact flag


def test_the_list_groups_by_sector_in_the_triangles_order(client, consultant):
    make_organisation("Socialøkonomi", sector=Sector.SOCIAL_ECONOMY)
    make_organisation("Kommunen", sector=Sector.PUBLIC)
    make_organisation("Foreningen", sector=Sector.CIVIL, kind=Organisation.Kind.ASSOCIATION)
    make_organisation("Firmaet", sector=Sector.PRIVATE)
    make_organisation(
        "Afvist", moderation_state=Organisation.Moderation.REJECTED, rejection_reason="spam"
    )
    client.force_login(consultant)
    groups = client.get(reverse("mapping:stakeholder-list")).context["groups"]
    assert [str(group["label"]) for group in groups] == [
        str(Sector.PUBLIC.label),
        str(Sector.PRIVATE.label),
        str(Sector.CIVIL.label),
        str(Sector.SOCIAL_ECONOMY.label),
    ]
    assert [row["organisation"].name for row in groups[2]["rows"]] == ["Foreningen"]


def test_the_list_filters_by_sector_and_kind(client, consultant):
    make_organisation("Foreningen", sector=Sector.CIVIL, kind=Organisation.Kind.ASSOCIATION)
    make_organisation("Fagforeningen", sector=Sector.CIVIL, kind=Organisation.Kind.UNION)
    make_organisation("Firmaet", sector=Sector.PRIVATE)
    client.force_login(consultant)
    response = client.get(reverse("mapping:stakeholder-list"), {"sector": "civil", "kind": "union"})
    names = [
        row["organisation"].name for group in response.context["groups"] for row in group["rows"]
    ]
    assert names == ["Fagforeningen"]


@pytest.mark.parametrize(
    ("quadrant", "expected"),
    [
        ("manage_closely", ["Høj-høj"]),
        ("keep_satisfied", ["Høj-lav"]),
        ("keep_informed", ["Lav-høj"]),
        ("monitor", ["Lav-lav"]),
    ],
)
def test_the_list_filters_by_quadrant_leaving_out_the_unassessed(
    client, consultant, quadrant, expected
):
    assess(make_organisation("Høj-høj"), 3, 3)
    assess(make_organisation("Høj-lav"), 3, 2)
    assess(make_organisation("Lav-høj"), 2, 3)
    assess(make_organisation("Lav-lav"), 2, 2)
    make_organisation("Ikke vurderet")
    client.force_login(consultant)
    response = client.get(reverse("mapping:stakeholder-list"), {"quadrant": quadrant})
    names = [row["organisation"].name for g in response.context["groups"] for row in g["rows"]]
    assert names == expected


def _flags(client):
    response = client.get(reverse("mapping:stakeholder-list"))
    return {
        row["organisation"].name: row["needs_contact"]
        for group in response.context["groups"]
        for row in group["rows"]
    }


def test_high_influence_without_contact_for_longer_than_the_setting_is_flagged(
    client, consultant, settings
):
    settings.STAKEHOLDER_CONTACT_DAYS = 30
    too_long = make_organisation("For længe siden")
    assess(too_long, 3, 1)
    interact(too_long, 31)
    just_in_time = make_organisation("Lige nøjagtig")
    assess(just_in_time, 5, 5)
    interact(just_in_time, 30)
    interact(just_in_time, 200)
    never = make_organisation("Aldrig")
    assess(never, 4, 2)
    low = make_organisation("Lav indflydelse")
    assess(low, 2, 5)
    make_organisation("Ikke vurderet")
    client.force_login(consultant)
    assert _flags(client) == {
        "For længe siden": True,
        "Lige nøjagtig": False,
        "Aldrig": True,
        "Lav indflydelse": False,
        "Ikke vurderet": False,
    }
    response = client.get(reverse("mapping:stakeholder-list"), {"needs_contact": "on"})
    flagged = [
        row["organisation"].name for group in response.context["groups"] for row in group["rows"]
    ]
    assert sorted(flagged) == ["Aldrig", "For længe siden"]
    html = response.content.decode()
    assert "Ingen kontakt i mere end 30 dage" in html or "No contact for more than 30 days" in html


def test_the_flag_reads_the_default_of_90_days_without_the_setting(client, consultant, settings):
    if hasattr(settings, "STAKEHOLDER_CONTACT_DAYS"):
        del settings.STAKEHOLDER_CONTACT_DAYS
    recent = make_organisation("Nylig")
    assess(recent, 5, 5)
    interact(recent, 90)
    old = make_organisation("Gammel")
    assess(old, 5, 5)
    interact(old, 91)
    client.force_login(consultant)
    assert _flags(client) == {"Nylig": False, "Gammel": True}


def test_the_list_shows_quadrant_attitude_and_last_contact(client, consultant):
    organisation = make_organisation("Kommunen", sector=Sector.PUBLIC)
    assess(organisation, 4, 4, attitude=StakeholderAssessment.Attitude.SCEPTICAL)
    interact(organisation, 10)
    latest = interact(organisation, 2)
    client.force_login(consultant)
    response = client.get(reverse("mapping:stakeholder-list"))
    row = response.context["groups"][0]["rows"][0]
    assert row["quadrant"] == Quadrant.MANAGE_CLOSELY
    assert row["last_contact"] == latest.date
    html = response.content.decode()
    assert latest.date.strftime("%d.%m.%Y") in html
    assert str(StakeholderAssessment.Attitude.SCEPTICAL.label) in html


def test_the_list_exports_csv_and_xlsx_with_the_filters(client, consultant):
    assess(make_organisation("Kommunen", sector=Sector.PUBLIC), 4, 4)
    make_organisation("Firmaet", sector=Sector.PRIVATE)
    client.force_login(consultant)
    url = reverse("mapping:stakeholder-list")
    rows = csv_rows(client.get(url, {"export": "csv", "sector": "public"}))
    assert len(rows) == 2 and rows[1][0] == "Kommunen"
    assert str(Quadrant.MANAGE_CLOSELY.label) in rows[1]
    response = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Kommunen",
        "Firmaet",
    ]


@pytest.mark.parametrize(
    "url_name",
    ["mapping:stakeholder-list", "mapping:stakeholder-grid"],
)
def test_the_stakeholder_pages_cost_the_same_queries_at_any_size(
    client, consultant, django_assert_max_num_queries, url_name
):
    def add(count, start):
        for index in range(start, start + count):
            organisation = make_organisation(f"Org {index}", sector=list(Sector)[index % 4])
            assess(organisation, 1 + index % 5, 1 + (index * 3) % 5)
            interact(organisation, index)

    client.force_login(consultant)
    add(3, 0)
    with django_assert_max_num_queries(8) as small:
        client.get(reverse(url_name))
    add(25, 3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse(url_name))


# The assessment


def test_staff_create_and_edit_an_assessment(client, consultant):
    organisation = make_organisation("Kommunen", sector=Sector.PUBLIC)
    client.force_login(consultant)
    url = reverse("mapping:assessment-edit", args=[organisation.pk])
    response = client.post(
        url,
        {"influence": "3", "interest": "2", "attitude": "neutral", "contribution": "Lokaler"},
    )
    assert response.status_code == 302
    assessment = StakeholderAssessment.objects.get(organisation=organisation)
    assert (assessment.influence, assessment.interest, assessment.updated_by) == (3, 2, consultant)
    page = client.get(url).content.decode()
    assert str(Quadrant.KEEP_SATISFIED.label) in page
    client.post(url, {"influence": "5", "interest": "5", "attitude": "supportive"})
    assessment.refresh_from_db()
    assert assessment.quadrant == Quadrant.MANAGE_CLOSELY
    assert StakeholderAssessment.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"influence": "6", "interest": "3", "attitude": "neutral"}, "influence"),
        ({"influence": "0", "interest": "3", "attitude": "neutral"}, "influence"),
        ({"influence": "3", "interest": "", "attitude": "neutral"}, "interest"),
        ({"influence": "3", "interest": "3", "attitude": "angry"}, "attitude"),
    ],
)
def test_a_bad_assessment_is_refused_at_the_field(client, consultant, data, field):
    organisation = make_organisation("Kommunen")
    client.force_login(consultant)
    response = client.post(reverse("mapping:assessment-edit", args=[organisation.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not StakeholderAssessment.objects.exists()


# Relations


def test_a_relation_shows_on_both_organisations_with_the_inverse_label(client, consultant):
    buyer = make_organisation("Damsgaard Trælast", sector=Sector.PRIVATE)
    supplier = make_organisation("Genbrugsværkstedet")
    client.force_login(consultant)
    response = client.post(
        reverse("mapping:relation-create", args=[buyer.pk]),
        {"relation": "buyer", "other": supplier.pk, "note": "Montage"},
    )
    assert response.status_code == 302
    relation = OrganisationRelation.objects.get()
    assert (relation.source, relation.kind, relation.target) == (buyer, "buyer", supplier)
    buyer_page = client.get(buyer.get_absolute_url()).content.decode()
    supplier_page = client.get(supplier.get_absolute_url()).content.decode()
    assert "Køber fra" in buyer_page or "Buys from" in buyer_page
    assert "Leverer til" in supplier_page or "Supplies" in supplier_page
    assert "Genbrugsværkstedet" in buyer_page and "Damsgaard Trælast" in supplier_page


def test_a_relation_can_be_entered_from_the_other_side(client, consultant):
    council = make_organisation("Frivilligrådet", sector=Sector.PUBLIC)
    association = make_organisation("Havebruget")
    client.force_login(consultant)
    client.post(
        reverse("mapping:relation-create", args=[council.pk]),
        {"relation": "inverse:member", "other": association.pk},
    )
    relation = OrganisationRelation.objects.get()
    assert (relation.source, relation.kind, relation.target) == (association, "member", council)


@pytest.mark.parametrize("case", ["duplicate", "same from the other side", "itself", "no kind"])
def test_a_bad_relation_is_refused(client, consultant, case):
    first = make_organisation("Første")
    second = make_organisation("Anden")
    OrganisationRelation.objects.create(source=first, kind="buyer", target=second)
    data, page = {
        "duplicate": ({"relation": "buyer", "other": second.pk}, first),
        "same from the other side": ({"relation": "supplier", "other": first.pk}, second),
        "itself": ({"relation": "partner", "other": first.pk}, first),
        "no kind": ({"relation": "", "other": second.pk}, first),
    }[case]
    client.force_login(consultant)
    response = client.post(reverse("mapping:relation-create", args=[page.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert OrganisationRelation.objects.count() == 1


def test_staff_remove_a_relation_and_return_to_the_page_they_came_from(client, consultant):
    first = make_organisation("Første")
    second = make_organisation("Anden")
    relation = OrganisationRelation.objects.create(source=first, kind="partner", target=second)
    client.force_login(consultant)
    response = client.post(
        reverse("mapping:relation-delete", args=[relation.pk]),
        {"next": second.get_absolute_url()},
    )
    assert response["Location"] == second.get_absolute_url()
    assert not OrganisationRelation.objects.exists()


def test_removing_a_relation_never_redirects_off_site(client, consultant):
    first = make_organisation("Første")
    second = make_organisation("Anden")
    relation = OrganisationRelation.objects.create(source=first, kind="partner", target=second)
    client.force_login(consultant)
    response = client.post(
        reverse("mapping:relation-delete", args=[relation.pk]),
        {"next": "https://evil.example.com/"},
    )
    assert response["Location"] == first.get_absolute_url()


# The potential


def test_staff_place_a_potential_enterprise_on_the_path(client, consultant):
    idea = make_organisation("Æblelauget", se_status=Organisation.SocialEconomyStatus.POTENTIAL)
    client.force_login(consultant)
    response = client.post(
        reverse("mapping:potential-edit", args=[idea.pk]),
        {
            "stage": "grassroots",
            "needs": "Et køkken",
            "next_step": "Ring til Fødevarestyrelsen",
            "next_step_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "next_step_owner": consultant.pk,
        },
    )
    assert response.status_code == 302
    potential = Potential.objects.get(organisation=idea)
    assert (potential.stage, potential.next_step_owner) == ("grassroots", consultant)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"stage": "", "next_step": ""}, "stage"),
        ({"stage": "unicorn", "next_step": ""}, "stage"),
        ({"stage": "grassroots", "next_step": "Noget"}, "next_step_on"),
        (
            {"stage": "grassroots", "next_step": "Noget", "next_step_on": "31.02.2027"},
            "next_step_on",
        ),
    ],
)
def test_a_bad_potential_is_refused_at_the_field(client, consultant, data, field):
    idea = make_organisation("Idé", se_status=Organisation.SocialEconomyStatus.POTENTIAL)
    client.force_login(consultant)
    response = client.post(reverse("mapping:potential-edit", args=[idea.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Potential.objects.exists()


def test_the_potential_list_marks_overdue_next_steps(client, consultant, leader):
    today = timezone.localdate()
    late = make_organisation("Sen", se_status=Organisation.SocialEconomyStatus.POTENTIAL)
    Potential.objects.create(
        organisation=late,
        stage="entrepreneur",
        next_step="Møde",
        next_step_on=today - timedelta(days=1),
        next_step_owner=leader,
    )
    on_time = make_organisation("I tide", se_status=Organisation.SocialEconomyStatus.POTENTIAL)
    Potential.objects.create(
        organisation=on_time,
        stage="grassroots",
        next_step="Møde",
        next_step_on=today,
        next_step_owner=leader,
    )
    make_organisation("Ikke placeret", se_status=Organisation.SocialEconomyStatus.POTENTIAL)
    make_organisation("Eksisterende")  # neither potential nor placed: not in the list
    client.force_login(consultant)
    response = client.get(reverse("mapping:potential-list"))
    overdue = {row["organisation"].name: row["overdue"] for row in response.context["rows"]}
    assert overdue == {"I tide": False, "Ikke placeret": False, "Sen": True}
    only = client.get(reverse("mapping:potential-list"), {"overdue": "on"})
    assert [row["organisation"].name for row in only.context["rows"]] == ["Sen"]
    unplaced = client.get(reverse("mapping:potential-list"), {"stage": "none"})
    assert [row["organisation"].name for row in unplaced.context["rows"]] == ["Ikke placeret"]
    rows = csv_rows(client.get(reverse("mapping:potential-list"), {"export": "csv"}))
    assert [row[0] for row in rows[1:]] == ["I tide", "Ikke placeret", "Sen"]
    assert rows[3][-1] == "ja"


# Contacts


def test_the_contact_list_shows_flags_and_links_and_filters(client, consultant):
    cafe = make_organisation("Café Kvisten")
    council = make_organisation("Frivilligrådet", sector=Sector.PUBLIC)
    karen = Contact.objects.create(
        organisation=council,
        name="Karen Krogh",
        role="Formand",
        purpose="Program",
        is_key_person=True,
        is_change_agent=True,
        last_contacted_on=timezone.localdate(),
    )
    karen.linked_organisations.add(cafe)
    Contact.objects.create(organisation=cafe, name="Villads", purpose="Program")
    Contact.objects.create(organisation=cafe, name="", purpose="Program", erased_at=timezone.now())
    client.force_login(consultant)
    url = reverse("mapping:contact-list")
    response = client.get(url)
    assert [contact.name for contact in response.context["contacts"]] == ["Karen Krogh", "Villads"]
    html = response.content.decode()
    assert "Formand" in html and "Café Kvisten" in html
    assert [c.name for c in client.get(url, {"change_agent": "on"}).context["contacts"]] == [
        "Karen Krogh"
    ]
    assert [c.name for c in client.get(url, {"q": "kvisten"}).context["contacts"]] == ["Villads"]
    rows = csv_rows(client.get(url, {"export": "csv", "key_person": "on"}))
    assert len(rows) == 2
    assert rows[1][:3] == ["Karen Krogh", "Formand", "Frivilligrådet"]
    assert "ja" in rows[1] and "Café Kvisten" in rows[1]


def test_the_contact_list_costs_the_same_queries_at_any_size(
    client, consultant, django_assert_max_num_queries
):
    other = make_organisation("Andet")

    def add(count, start):
        for index in range(start, start + count):
            contact = Contact.objects.create(
                organisation=make_organisation(f"Org {index}"), name=f"P {index}", purpose="x"
            )
            contact.linked_organisations.add(other)

    client.force_login(consultant)
    add(2, 0)
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("mapping:contact-list"))
    add(20, 2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("mapping:contact-list"))


def test_the_staff_contact_form_keeps_the_programmes_fields(consultant):
    cafe = make_organisation("Café Kvisten")
    council = make_organisation("Frivilligrådet", sector=Sector.PUBLIC)
    contact = Contact(organisation=council)
    form = ContactForm(
        {
            "name": "Karen",
            "legal_basis": "public_task",
            "purpose": "Program",
            "is_key_person": "on",
            "is_change_agent": "on",
            "linked_organisations": [cafe.pk],
            "public": "on",
        },
        instance=contact,
        staff=True,
    )
    assert council not in form.fields["linked_organisations"].queryset
    assert form.is_valid(), form.errors
    saved = form.save()
    assert (saved.is_key_person, saved.is_change_agent, saved.public) == (True, True, True)
    assert list(saved.linked_organisations.all()) == [cafe]


def test_the_contact_form_refuses_a_link_to_the_own_organisation(consultant):
    council = make_organisation("Frivilligrådet", sector=Sector.PUBLIC)
    form = ContactForm(
        {
            "name": "Karen",
            "legal_basis": "consent",
            "purpose": "x",
            "linked_organisations": [council.pk],
        },
        instance=Contact(organisation=council),
        staff=True,
    )
    assert "linked_organisations" in form.errors


def test_the_contact_form_for_enterprise_users_has_no_internal_fields():
    form = ContactForm()
    assert not {"is_key_person", "is_change_agent", "linked_organisations"} & set(form.fields)
    assert "public" in form.fields


# The section on an organisation's page


def test_staff_see_the_stakeholder_section_on_an_organisation(client, consultant, leader):
    organisation = make_organisation("Kommunen", sector=Sector.PUBLIC)
    assess(organisation, 5, 2, attitude=StakeholderAssessment.Attitude.SUPPORTIVE)
    interact(organisation, 4, summary="Godt møde om indkøb")
    Task.objects.create(
        title="Send referat", organisation=organisation, owner=leader, due_on=timezone.localdate()
    )
    Task.objects.create(
        title="Gammel opgave",
        organisation=organisation,
        owner=leader,
        due_on=timezone.localdate(),
        done_at=timezone.now(),
    )
    board_member = Contact.objects.create(
        organisation=make_organisation("Et andet sted"), name="Bestyrelsesmedlem", purpose="x"
    )
    board_member.linked_organisations.add(organisation)
    client.force_login(consultant)
    response = client.get(organisation.get_absolute_url())
    section = next(
        s for s in response.context["sections"] if s.template.startswith("mapping/stakeholders/")
    )
    context = section.context
    assert context["linked_people"] == [board_member]
    assert context["assessment"].influence == 5
    assert str(context["quadrant_label"]) == str(Quadrant.KEEP_SATISFIED.label)
    assert isinstance(context["relations"], list) and isinstance(context["interactions"], list)
    assert [row["task"].title for row in context["tasks"]] == ["Send referat"]
    assert context["show_potential"] is False
    html = response.content.decode()
    assert "Godt møde om indkøb" in html
    assert reverse("mapping:interaction-create", args=[organisation.pk]) in html
    assert reverse("mapping:assessment-edit", args=[organisation.pk]) in html
    assert 'aria-labelledby="stakeholder-section-title"' in html


def test_the_section_shows_the_potential_of_a_potential_enterprise(client, consultant):
    idea = make_organisation("Idé", se_status=Organisation.SocialEconomyStatus.POTENTIAL)
    client.force_login(consultant)
    response = client.get(idea.get_absolute_url())
    section = next(
        s for s in response.context["sections"] if s.template.startswith("mapping/stakeholders/")
    )
    assert section.context["show_potential"] is True
    assert reverse("mapping:potential-edit", args=[idea.pk]) in response.content.decode()


def test_enterprise_users_never_see_the_internal_section_on_their_own_page(client, alice):
    organisation = alice.organisation
    assess(organisation, 5, 5, contribution="Hemmelig vurdering")
    interact(organisation, 1, summary="Intern note om Alice")
    client.force_login(alice)
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hemmelig vurdering" not in html
    assert "Intern note om Alice" not in html
    assert not any(
        s.template.startswith("mapping/stakeholders/") for s in response.context["sections"]
    )


def test_the_organisation_page_with_the_section_costs_a_fixed_number_of_queries(
    client, consultant, leader, django_assert_max_num_queries
):
    organisation = make_organisation(
        "Kommunen", se_status=Organisation.SocialEconomyStatus.POTENTIAL
    )
    assess(organisation, 5, 2)

    def add(count, start):
        for index in range(start, start + count):
            other = make_organisation(f"Org {index}")
            OrganisationRelation.objects.create(source=organisation, kind="partner", target=other)
            OrganisationRelation.objects.create(source=other, kind="member", target=organisation)
            interact(organisation, index)
            Task.objects.create(
                title=f"T {index}",
                organisation=organisation,
                owner=leader,
                due_on=timezone.localdate(),
            )

    client.force_login(consultant)
    add(1, 0)
    with django_assert_max_num_queries(30) as small:
        client.get(organisation.get_absolute_url())
    add(12, 1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(organisation.get_absolute_url())


# Demo data


def test_the_demo_data_loads_twice_without_duplicates(db):
    from io import StringIO

    from mapping.demo import organisations as demo
    from mapping.demo import stakeholders as demo_stakeholders
    from portal.models import User
    from tests.conftest import make_user

    users = {
        "project_leader": make_user("leder", User.Role.PROJECT_LEADER),
        "consultant": make_user("konsulent", User.Role.CONSULTANT),
        "steering_group": make_user("styregruppe", User.Role.STEERING_GROUP),
        "enterprise": make_user("virksomhed", User.Role.ENTERPRISE),
    }
    demo.load(users=users, stdout=StringIO())
    demo_stakeholders.load(users=users, stdout=StringIO())
    counts = [
        model.objects.count()
        for model in (StakeholderAssessment, OrganisationRelation, Interaction, Task, Potential)
    ]
    demo_stakeholders.load(users=users, stdout=StringIO())
    assert counts == [
        model.objects.count()
        for model in (StakeholderAssessment, OrganisationRelation, Interaction, Task, Potential)
    ]
    assert all(counts)
    states = {task.state() for task in Task.objects.all()}
    assert states == {Task.State.OPEN, Task.State.OVERDUE, Task.State.DONE}
    karen = Contact.objects.get(name="Karen Krogh")
    assert karen.is_change_agent and karen.last_contacted_on is not None
