"""Local cases: drafts stay internal, filters, the case form with its effects, the public page."""

import csv
import io
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image

from mapping.demo import cases as demo_cases
from mapping.models import SDG, Case, CaseEffect, Organisation, TargetGroup
from mapping.views.cases import organisation_section
from portal.models import User
from tests.conftest import export_queries, make_organisation
from tests.factories.mapping import CaseEffectFactory, CaseFactory
from tests.mapping.form_data import effect_data, form_data

pytestmark = pytest.mark.django_db

PUBLIC_LIST = reverse("mapping:case-list-public")
STAFF_LIST = reverse("mapping:case-list")
CREATE = reverse("mapping:case-create")


def titles(response):
    return [case.title for case in response.context["page"].object_list]


def png(name="foto.png", image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


@pytest.fixture
def enterprise(db):
    return make_organisation("Café Kvisten")


@pytest.fixture
def youth(db):
    return TargetGroup.objects.create(name="Unge uden uddannelse")


# Drafts are never public


def test_the_public_list_shows_only_published_cases(client, enterprise):
    CaseFactory(organisation=enterprise, title="Offentlig")
    CaseFactory(organisation=enterprise, title="Kladde", published=False)
    assert titles(client.get(PUBLIC_LIST)) == ["Offentlig"]


def test_a_search_for_a_draft_finds_nothing_publicly(client, enterprise):
    CaseFactory(organisation=enterprise, title="Hemmelig kladde", published=False)
    response = client.get(PUBLIC_LIST, {"q": "hemmelig"})
    assert titles(response) == []
    assert "Hemmelig kladde" not in response.content.decode()


@pytest.mark.parametrize("actor", ["anonymous", "alice", "steering", "consultant", "leader"])
def test_a_draft_is_404_on_the_public_url_for_everyone(client, request, enterprise, actor):
    draft = CaseFactory(organisation=enterprise, title="Kladde", published=False)
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    assert client.get(draft.get_public_url()).status_code == 404


def test_staff_see_drafts_in_their_list_and_on_the_staff_page(client, consultant, enterprise):
    CaseFactory(organisation=enterprise, title="Offentlig")
    # Not "Kladde": that is also the Danish label of the draft state.
    draft = CaseFactory(organisation=enterprise, title="Udkast om kantinen", published=False)
    client.force_login(consultant)
    assert set(titles(client.get(STAFF_LIST))) == {"Offentlig", "Udkast om kantinen"}
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Udkast om kantinen" in response.content.decode()


def test_unpublishing_takes_a_case_off_the_public_pages(client, enterprise):
    case = CaseFactory(organisation=enterprise, title="Snart væk")
    assert client.get(case.get_public_url()).status_code == 200
    case.published = False
    case.save()
    assert client.get(case.get_public_url()).status_code == 404
    assert titles(client.get(PUBLIC_LIST)) == []


# Search and filters


def test_search_by_title_text_and_enterprise_name(client, enterprise):
    CaseFactory(organisation=enterprise, title="Praktik i caféen", method="Mentorordning med kok")
    CaseFactory(organisation=make_organisation("Genbrugsværkstedet"), title="Møbler får nyt liv")
    assert titles(client.get(PUBLIC_LIST, {"q": "mentorordning"})) == ["Praktik i caféen"]
    assert titles(client.get(PUBLIC_LIST, {"q": "genbrugsværk"})) == ["Møbler får nyt liv"]
    assert titles(client.get(PUBLIC_LIST, {"q": "kvisten"})) == ["Praktik i caféen"]
    assert titles(client.get(PUBLIC_LIST, {"q": "ingenting"})) == []


def test_filter_by_purpose_area(client, enterprise, purposes):
    green = CaseFactory(organisation=enterprise, title="Grøn")
    green.purpose_areas.set([purposes["environment"], purposes["employment"]])
    CaseFactory(organisation=enterprise, title="Social").purpose_areas.set([purposes["social"]])
    assert titles(client.get(PUBLIC_LIST, {"purpose": "environment"})) == ["Grøn"]


def test_filter_by_target_group(client, enterprise, youth):
    elderly = TargetGroup.objects.create(name="Ensomme ældre")
    CaseFactory(organisation=enterprise, title="Unge").target_groups.set([youth])
    CaseFactory(organisation=enterprise, title="Ældre").target_groups.set([elderly])
    assert titles(client.get(PUBLIC_LIST, {"target": youth.pk})) == ["Unge"]


def test_filter_by_goal(client, enterprise):
    climate = CaseFactory(organisation=enterprise, title="Klima")
    climate.goals.set(SDG.objects.filter(number__in=[12, 13]))
    CaseFactory(organisation=enterprise, title="Job").goals.set(SDG.objects.filter(number=8))
    assert titles(client.get(PUBLIC_LIST, {"goal": 13})) == ["Klima"]
    assert titles(client.get(PUBLIC_LIST, {"goal": 8})) == ["Job"]


def test_filters_combine_with_search(client, enterprise, purposes):
    one = CaseFactory(organisation=enterprise, title="Praktik A")
    one.purpose_areas.set([purposes["employment"]])
    two = CaseFactory(organisation=enterprise, title="Praktik B")
    two.purpose_areas.set([purposes["health"]])
    response = client.get(PUBLIC_LIST, {"q": "praktik", "purpose": "health"})
    assert titles(response) == ["Praktik B"]


def test_the_staff_list_filters_published_and_drafts(client, leader, enterprise):
    CaseFactory(organisation=enterprise, title="Offentlig")
    CaseFactory(organisation=enterprise, title="Kladde", published=False)
    client.force_login(leader)
    assert titles(client.get(STAFF_LIST, {"published": "no"})) == ["Kladde"]
    assert titles(client.get(STAFF_LIST, {"published": "yes"})) == ["Offentlig"]


def test_an_unknown_filter_value_is_a_form_error_not_a_crash(client, enterprise):
    CaseFactory(organisation=enterprise, title="Noget")
    response = client.get(PUBLIC_LIST, {"goal": 99, "purpose": "imaginary"})
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_public_pagination(client, enterprise, settings):
    settings.DIRECTORY_PAGE_SIZE = 2
    for index in range(5):
        CaseFactory(organisation=enterprise, title=f"Sag {index}")
    response = client.get(PUBLIC_LIST, {"page": 3})
    assert response.context["page"].paginator.num_pages == 3
    assert len(titles(response)) == 1


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def _add_cases(enterprise, purposes, youth, number, prefix):
    for index in range(number):
        case = CaseFactory(
            organisation=make_organisation(f"{prefix} {index}"), title=f"{prefix} sag {index}"
        )
        case.purpose_areas.set([purposes["social"], purposes["health"]])
        case.goals.set(SDG.objects.filter(number__in=[1, 8]))
        case.target_groups.set([youth])


def test_the_public_list_costs_a_fixed_number_of_queries(client, enterprise, purposes, youth):
    _add_cases(enterprise, purposes, youth, 3, "Lille")
    few = _count_queries(client, PUBLIC_LIST)
    _add_cases(enterprise, purposes, youth, 30, "Stor")
    many = _count_queries(client, PUBLIC_LIST)
    assert few == many
    assert many <= 8


def test_the_staff_list_costs_a_fixed_number_of_queries(
    client, leader, enterprise, purposes, youth
):
    client.force_login(leader)
    _add_cases(enterprise, purposes, youth, 3, "Lille")
    few = _count_queries(client, STAFF_LIST)
    _add_cases(enterprise, purposes, youth, 30, "Stor")
    many = _count_queries(client, STAFF_LIST)
    assert few == many


# Export


def test_the_staff_list_exports_csv_with_the_current_filters(client, leader, enterprise):
    CaseFactory(organisation=enterprise, title="Offentlig")
    CaseFactory(organisation=enterprise, title="Kladde", published=False)
    client.force_login(leader)
    response = client.get(STAFF_LIST, {"published": "no", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    # The header row is translated ("Offentliggjort"): look at the data rows' titles only.
    assert [row[0] for row in rows[1:]] == ["Kladde"]
    assert rows[1][1] == "Café Kvisten"


def test_the_staff_list_download_links_keep_the_filters(client, leader, enterprise):
    client.force_login(leader)
    filters = {"published": "no", "q": "Kladde"}
    queries = export_queries(client.get(STAFF_LIST, filters).content.decode())
    assert set(queries) == {"csv", "xlsx"}
    for query in queries.values():
        assert {key: query[key] for key in filters} == filters


def test_the_staff_list_exports_xlsx(client, leader, enterprise, purposes):
    case = CaseFactory(organisation=enterprise, title="Regnearket")
    case.purpose_areas.set([purposes["employment"]])
    client.force_login(leader)
    response = client.get(STAFF_LIST, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == "Regnearket"
    assert rows[1][1] == "Café Kvisten"


# The case form and its effects


def test_a_case_and_its_effects_are_saved_together(client, consultant, enterprise, youth):
    client.force_login(consultant)
    data = form_data(
        enterprise,
        effect_data(0, value="1.234,5", unit="kr."),
        effect_data(1, description="Unge i job", value="3", about_people="on"),
        target_groups=[youth.pk],
        goals=[SDG.objects.get(number=8).pk],
    )
    response = client.post(CREATE, data)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert case.organisation == enterprise
    assert list(case.target_groups.all()) == [youth]
    effects = list(case.effects.order_by("pk"))
    assert [effect.value for effect in effects] == [Decimal("1234.5"), Decimal("3")]
    assert effects[1].about_people


def test_an_effect_that_ends_before_it_starts_saves_nothing(client, consultant, enterprise):
    client.force_login(consultant)
    data = form_data(
        enterprise,
        effect_data(0),
        effect_data(1, period_start="2025-06-01", period_end="2025-01-01"),
    )
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert Case.objects.count() == 0
    assert CaseEffect.objects.count() == 0
    bad = response.context["formset"].forms[1]
    assert list(bad.errors) == ["period_end"]
    assert not response.context["formset"].forms[0].errors


def test_an_effect_without_a_unit_saves_nothing(client, consultant, enterprise):
    client.force_login(consultant)
    response = client.post(CREATE, form_data(enterprise, effect_data(0), effect_data(1, unit="")))
    assert response.status_code == 200
    assert Case.objects.count() == 0
    assert CaseEffect.objects.count() == 0
    assert "unit" in response.context["formset"].forms[1].errors


def test_a_bad_effect_on_edit_changes_neither_the_case_nor_other_effects(
    client, consultant, enterprise
):
    case = CaseFactory(organisation=enterprise, title="Før")
    effect = CaseEffectFactory(case=case, value=Decimal("10"))
    client.force_login(consultant)
    data = form_data(
        enterprise,
        effect_data(0, id=effect.pk, case=case.pk, value="99"),
        effect_data(1, period_start="2025-06-01", period_end="2025-01-01"),
        initial=1,
        title="Efter",
    )
    response = client.post(reverse("mapping:case-edit", args=[case.pk]), data)
    assert response.status_code == 200
    case.refresh_from_db()
    effect.refresh_from_db()
    assert case.title == "Før"
    assert effect.value == Decimal("10")
    assert case.effects.count() == 1


def test_an_edit_updates_adds_and_removes_effects(client, consultant, enterprise):
    case = CaseFactory(organisation=enterprise, title="Før")
    keep = CaseEffectFactory(case=case, description="Beholdes", value=Decimal("10"))
    remove = CaseEffectFactory(case=case, description="Fjernes", value=Decimal("5"))
    client.force_login(consultant)
    data = form_data(
        enterprise,
        effect_data(0, id=keep.pk, case=case.pk, description="Beholdes", value="11,5"),
        effect_data(1, id=remove.pk, case=case.pk, description="Fjernes", DELETE="on"),
        effect_data(2, description="Ny"),
        initial=2,
        title="Efter",
    )
    response = client.post(reverse("mapping:case-edit", args=[case.pk]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    keep.refresh_from_db()
    assert case.title == "Efter"
    assert keep.value == Decimal("11.5")
    assert sorted(case.effects.values_list("description", flat=True)) == ["Beholdes", "Ny"]


def test_empty_extra_effect_rows_are_ignored(client, consultant, enterprise):
    client.force_login(consultant)
    blank = effect_data(1, description="", value="", unit="", period_start="", period_end="")
    response = client.post(CREATE, form_data(enterprise, effect_data(0), blank))
    assert response.status_code == 302
    assert Case.objects.get().effects.count() == 1


def test_a_missing_problem_is_refused_at_the_field(client, consultant, enterprise):
    client.force_login(consultant)
    response = client.post(CREATE, form_data(enterprise, effect_data(0), problem=""))
    assert response.status_code == 200
    assert "problem" in response.context["form"].errors
    assert CaseEffect.objects.count() == 0
    assert Case.objects.count() == 0


def test_the_enterprise_must_be_an_approved_social_economy_organisation(client, consultant, bob):
    municipality = make_organisation(
        "Haderslev Kommune", se_status=Organisation.SocialEconomyStatus.NONE
    )
    client.force_login(consultant)
    for organisation in (bob.organisation, municipality):
        response = client.post(CREATE, form_data(organisation))
        assert "organisation" in response.context["form"].errors
    assert Case.objects.count() == 0
    choices = client.get(CREATE).context["form"].fields["organisation"].queryset
    assert bob.organisation not in choices
    assert municipality not in choices


def test_editing_keeps_an_enterprise_that_left_the_directory(client, consultant, enterprise):
    case = CaseFactory(organisation=enterprise, title="Gammel sag")
    enterprise.se_status = Organisation.SocialEconomyStatus.NONE
    enterprise.save()
    client.force_login(consultant)
    data = form_data(enterprise, title="Gammel sag, rettet")
    response = client.post(reverse("mapping:case-edit", args=[case.pk]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Gammel sag, rettet"


def test_new_case_preselects_the_organisation(client, consultant, enterprise):
    client.force_login(consultant)
    response = client.get(CREATE, {"organisation": enterprise.pk})
    assert response.context["form"]["organisation"].value() == enterprise.pk


# The photo


def test_a_photo_without_alt_text_is_refused(client, consultant, enterprise):
    client.force_login(consultant)
    response = client.post(CREATE, {**form_data(enterprise, effect_data(0)), "photo": png()})
    assert response.status_code == 200
    assert "photo_alt" in response.context["form"].errors
    assert Case.objects.count() == 0
    assert CaseEffect.objects.count() == 0


def test_a_file_that_is_not_an_image_is_refused(client, consultant, enterprise):
    client.force_login(consultant)
    text = SimpleUploadedFile("foto.png", b"not an image at all", content_type="image/png")
    data = {**form_data(enterprise), "photo": text, "photo_alt": "Noget"}
    response = client.post(CREATE, data)
    assert "photo" in response.context["form"].errors
    assert Case.objects.count() == 0


def test_an_image_of_a_type_not_allowed_is_refused(client, consultant, enterprise):
    client.force_login(consultant)
    data = {**form_data(enterprise), "photo": png("foto.gif", "GIF"), "photo_alt": "Noget"}
    response = client.post(CREATE, data)
    assert "photo" in response.context["form"].errors
    assert Case.objects.count() == 0


def test_a_photo_over_the_size_limit_is_refused(client, consultant, enterprise, monkeypatch):
    monkeypatch.setattr("mapping.forms.cases.PHOTO_MAX_BYTES", 10)
    client.force_login(consultant)
    data = {**form_data(enterprise), "photo": png(), "photo_alt": "Noget"}
    response = client.post(CREATE, data)
    assert response.context["form"].has_error("photo", "photo_size")
    assert Case.objects.count() == 0


def test_a_photo_with_alt_text_is_shown_with_it(client, consultant, enterprise):
    client.force_login(consultant)
    data = {
        **form_data(enterprise, published="on"),
        "photo": png(),
        "photo_alt": "To unge bag caféens disk",
    }
    assert client.post(CREATE, data).status_code == 302
    case = Case.objects.get()
    assert case.photo
    html = client.get(case.get_public_url()).content.decode()
    assert f'src="{case.photo.url}" alt="To unge bag caféens disk"' in html


# The public page


def test_small_counts_of_people_are_shown_publicly_as_under_5(client, enterprise):
    case = CaseFactory(organisation=enterprise, title="Små tal")
    CaseEffectFactory(case=case, description="I fleksjob", value=Decimal("3"), about_people=True)
    CaseEffectFactory(case=case, description="I job", value=Decimal("12"), about_people=True)
    CaseEffectFactory(
        case=case, description="Tons genbrug", value=Decimal("3"), about_people=False, unit="tons"
    )
    response = client.get(case.get_public_url())
    figures = [figure for _effect, figure in response.context["effects"]]
    with translation.override("da"):
        under_5 = translation.gettext("under %(limit)s") % {"limit": 5}
    assert figures == [under_5, "12", "3"]
    assert under_5 in response.content.decode()


def test_staff_see_the_real_small_count_on_the_staff_page(client, leader, enterprise):
    case = CaseFactory(organisation=enterprise, title="Små tal")
    CaseEffectFactory(case=case, description="I fleksjob", value=Decimal("3"), about_people=True)
    client.force_login(leader)
    response = client.get(case.get_absolute_url())
    assert [figure for _effect, figure in response.context["effects"]] == ["3"]


def test_the_effects_table_uses_danish_number_format(client, enterprise):
    case = CaseFactory(organisation=enterprise, title="Store tal")
    CaseEffectFactory(case=case, description="Omsætning", value=Decimal("1234567.50"), unit="kr.")
    CaseEffectFactory(case=case, description="Genbrug", value=Decimal("38.5"), unit="tons")
    html = client.get(case.get_public_url()).content.decode()
    assert "1.234.567,50" in html
    assert "38,50" in html
    assert "01.01.2025–31.12.2025" in html


def test_the_edit_form_shows_figures_the_danish_way(client, consultant, enterprise):
    case = CaseFactory(organisation=enterprise, title="Store tal")
    CaseEffectFactory(case=case, description="Omsætning", value=Decimal("1234.50"), unit="kr.")
    client.force_login(consultant)
    html = client.get(reverse("mapping:case-edit", args=[case.pk])).content.decode()
    assert 'value="1.234,50"' in html


def test_the_public_page_shows_goals_purposes_and_links_a_public_enterprise(
    client, enterprise, purposes, bob
):
    case = CaseFactory(organisation=enterprise, title="Verdensmål")
    case.goals.set(SDG.objects.filter(number=13))
    case.purpose_areas.set([purposes["environment"]])
    html = client.get(case.get_public_url()).content.decode()
    assert str(SDG.objects.get(number=13).get_number_display()) in html
    assert str(purposes["environment"]) in html
    assert f'href="{enterprise.get_public_url()}"' in html

    # A registration still awaiting approval is neither linked nor named.
    hidden = CaseFactory(organisation=bob.organisation, title="Ventende virksomhed")
    html = client.get(hidden.get_public_url()).content.decode()
    assert bob.organisation.name not in html
    assert f'href="{bob.organisation.get_public_url()}"' not in html


# History


def test_changes_are_recorded_with_who_made_them(client, consultant, enterprise):
    case = CaseFactory(organisation=enterprise, title="Før")
    client.force_login(consultant)
    client.post(reverse("mapping:case-edit", args=[case.pk]), form_data(enterprise, title="Efter"))
    latest = case.history.order_by("-history_date").first()
    assert latest.title == "Efter"
    assert latest.history_user == consultant
    assert case.history.count() == 2


# The form as a browser would post it back


class _FormReader(HTMLParser):
    """What a browser would submit from the page's form: inputs, checkboxes, selects."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("file", "submit"):
            if attrs.get("type") == "checkbox":
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
            else:
                self._add(name, attrs.get("value") or "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            self._add(name, "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data.lstrip("\n")


def posted_back(response, **changes):
    reader = _FormReader()
    reader.feed(response.content.decode())
    data = {name: values if len(values) > 1 else values[0] for name, values in reader.data.items()}
    data.pop("csrfmiddlewaretoken", None)
    data.update(changes)
    return data


def test_the_rendered_edit_form_posts_back_without_duplicating_effects(
    client, consultant, enterprise, purposes
):
    case = CaseFactory(organisation=enterprise, title="Runde")
    case.purpose_areas.set([purposes["employment"]])
    CaseEffectFactory(case=case, description="Omsætning", value=Decimal("1234567.50"), unit="kr.")
    CaseEffectFactory(case=case, description="Fjernes", value=Decimal("2"), about_people=True)
    client.force_login(consultant)
    url = reverse("mapping:case-edit", args=[case.pk])
    data = posted_back(client.get(url), **{"title": "Runde, rettet", "effects-1-DELETE": "on"})
    response = client.post(url, data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Runde, rettet"
    assert list(case.purpose_areas.all()) == [purposes["employment"]]
    assert [(e.description, e.value) for e in case.effects.all()] == [
        ("Omsætning", Decimal("1234567.50"))
    ]


# The section on an organisation's page


def section(user, organisation):
    request = RequestFactory().get("/")
    request.user = user
    return organisation_section(request, organisation)


def test_staff_see_every_case_of_the_organisation_and_can_start_a_new_one(consultant, alice):
    organisation = alice.organisation
    CaseFactory(organisation=organisation, title="Offentlig")
    CaseFactory(organisation=organisation, title="Kladde", published=False)
    CaseFactory(organisation=make_organisation("Andre"), title="Andres sag")
    panel = section(consultant, organisation)
    assert panel.template == "mapping/cases/organisation_section.html"
    assert {case.title for case in panel.context["cases"]} == {"Offentlig", "Kladde"}
    html = render_to_string(panel.template, {"panel": panel.context})
    assert f"{reverse('mapping:case-create')}?organisation={organisation.pk}" in html
    assert 'aria-labelledby="cases-section-heading"' in html
    assert "Kladde" in html


def test_staff_get_the_section_even_without_cases(leader, alice):
    panel = section(leader, alice.organisation)
    assert panel is not None
    assert panel.context["cases"] == []


def test_the_enterprise_sees_only_its_published_cases(alice):
    CaseFactory(organisation=alice.organisation, title="Offentlig")
    # Not "Kladde": that is also the Danish label of the draft state.
    CaseFactory(organisation=alice.organisation, title="Udkast om kantinen", published=False)
    panel = section(alice, alice.organisation)
    assert [case.title for case in panel.context["cases"]] == ["Offentlig"]
    html = render_to_string(panel.template, {"panel": panel.context})
    assert "Udkast om kantinen" not in html
    assert reverse("mapping:case-create") not in html
    assert Case.objects.get(title="Offentlig").get_public_url() in html


def test_the_enterprise_with_only_drafts_gets_no_section(alice):
    CaseFactory(organisation=alice.organisation, title="Kladde", published=False)
    assert section(alice, alice.organisation) is None


def test_others_get_no_section(alice, bob, steering):
    CaseFactory(organisation=alice.organisation, title="Offentlig")
    assert section(bob, alice.organisation) is None
    assert section(steering, alice.organisation) is None
    assert section(AnonymousUser(), alice.organisation) is None


# Demo data


def test_the_demo_cases_load_and_are_idempotent(settings):
    settings.DEBUG = True
    call_command("demo_data", stdout=io.StringIO())
    users = {
        "project_leader": User.objects.get(username="leder"),
        "consultant": User.objects.get(username="konsulent"),
        "steering_group": User.objects.get(username="styregruppe"),
        "enterprise": User.objects.get(username="virksomhed"),
    }
    demo_cases.load(users=users, stdout=io.StringIO())
    counts = (Case.objects.count(), CaseEffect.objects.count(), TargetGroup.objects.count())
    demo_cases.load(users=users, stdout=io.StringIO())
    assert (Case.objects.count(), CaseEffect.objects.count(), TargetGroup.objects.count()) == (
        counts
    )
    assert Case.objects.published().count() >= 2
    assert Case.objects.filter(published=False).exists()
    assert CaseEffect.objects.filter(about_people=True, value__lt=5).exists()
