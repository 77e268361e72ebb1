"""Staff-mapped organisations stay internal until published with the organisation's consent."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from mapping import selectors, services
from mapping.models import Case, Organisation
from mapping.selectors import cases as case_selectors
from mapping.selectors import public_organisation_name
from tests.conftest import make_organisation
from tests.permissions import LOGIN, check, expect, log_in_as

pytestmark = pytest.mark.django_db

LOEVSPRING = "Løvspring Købmandsgård I/S"


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def internal(db):
    """A private company that a consultant mapped as a potential enterprise."""
    return make_organisation(
        LOEVSPRING,
        internal=True,
        sector=Organisation.Sector.PRIVATE,
        se_status=Organisation.SocialEconomyStatus.POTENTIAL,
        cvr="31415926",
    )


def _directory(client):
    return client.get(reverse("mapping:directory")).content.decode()


# --- Creating: internal, and the page says so --------------------------------------------


def test_an_organisation_a_consultant_creates_is_internal(client, consultant):
    client.force_login(consultant)
    page = client.get(reverse("mapping:organisation-create")).content.decode()
    assert "until someone publishes it with the organisation" in page
    response = client.post(
        reverse("mapping:organisation-create"),
        {"name": LOEVSPRING, "kind": "company", "sector": "private", "se_status": "potential"},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name=LOEVSPRING)
    assert organisation.moderation_state == Organisation.Moderation.APPROVED
    assert (organisation.published, organisation.consent) == (False, "")
    assert organisation.is_internal and not organisation.is_public
    client.logout()
    assert LOEVSPRING not in _directory(client)
    assert client.get(organisation.get_public_url()).status_code == 404


def test_the_public_sees_no_internal_organisation_anywhere(client, internal, alice):
    html = _directory(client)
    assert LOEVSPRING not in html
    assert "Alices Café" in html
    assert (
        client.get(reverse("mapping:directory"), {"q": "Løvspring"}).context["organisations"] == []
    )
    assert client.get(internal.get_public_url()).status_code == 404
    # The public count (the home page's panel) counts only the published enterprise.
    home = client.get(reverse("home")).content.decode()
    assert '<span class="portal-stat">1</span> social-economy enterprise or idea' in home
    assert list(Organisation.objects.public()) == [alice.organisation]
    _filterset, directory = selectors.organisation_directory(params={})
    assert list(directory) == [alice.organisation]


def test_the_staff_page_of_an_internal_organisation_says_it_is_internal(
    client, consultant, internal
):
    client.force_login(consultant)
    html = client.get(internal.get_absolute_url()).content.decode()
    assert "Internal." in html
    assert reverse("mapping:organisation-publish", args=[internal.pk]) in html
    assert internal.get_public_url() not in html


# --- Publishing with consent -----------------------------------------------------------


@pytest.mark.parametrize("who", ["consultant", "leader"])
def test_staff_publish_with_the_consent_recorded(client, internal, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse("mapping:organisation-publish", args=[internal.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"consent": "written", "note": "Mette Hansen, indehaver, pr. e-mail 3.12.2026"}
    )
    assert response.status_code == 302
    internal.refresh_from_db()
    assert internal.published and internal.is_public
    assert internal.consent == Organisation.Consent.WRITTEN
    assert internal.consent_note == "Mette Hansen, indehaver, pr. e-mail 3.12.2026"
    assert internal.consent_recorded_by == user
    assert internal.consent_recorded_at is not None
    assert internal.history.first().history_user == user
    client.logout()
    assert LOEVSPRING in _directory(client)
    assert client.get(internal.get_public_url()).status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"consent": "", "note": "Mette pr. telefon"}, "consent"),
        ({"consent": "oral", "note": "  "}, "note"),
        ({"consent": "not_recorded", "note": "x"}, "consent"),
        ({"consent": "registration", "note": "x"}, "consent"),
    ],
)
def test_publishing_without_consent_is_refused(client, consultant, internal, data, field):
    client.force_login(consultant)
    response = client.post(reverse("mapping:organisation-publish", args=[internal.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    internal.refresh_from_db()
    assert (internal.published, internal.consent) == (False, "")


@pytest.mark.parametrize(
    ("consent", "note"), [("", "x"), ("written", ""), ("not_recorded", "x"), ("registration", "x")]
)
def test_the_service_refuses_to_publish_without_a_consent_staff_can_record(
    consultant, internal, consent, note
):
    with pytest.raises(ValidationError):
        services.organisation_publish(
            organisation=internal, by=consultant, consent=consent, note=note
        )
    internal.refresh_from_db()
    assert not internal.published


def test_the_database_refuses_a_published_organisation_without_consent(internal):
    internal.published = True
    with pytest.raises(ValidationError) as error:
        internal.full_clean()
    assert "consent" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=internal.pk).update(published=True)


def test_a_registration_awaiting_approval_cannot_be_published_around_the_moderation(
    client, consultant, bob
):
    with pytest.raises(ValidationError):
        services.organisation_publish(
            organisation=bob.organisation, by=consultant, consent="written", note="x"
        )
    client.force_login(consultant)
    url = reverse("mapping:organisation-publish", args=[bob.organisation.pk])
    assert client.post(url, {"consent": "written", "note": "x"}).status_code == 302
    bob.organisation.refresh_from_db()
    assert not bob.organisation.published


def test_taking_it_out_of_the_directory_clears_the_consent(client, consultant, alice):
    organisation = alice.organisation
    client.force_login(consultant)
    response = client.post(reverse("mapping:organisation-unpublish", args=[organisation.pk]))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.published, organisation.consent, organisation.consent_recorded_by) == (
        False,
        "",
        None,
    )
    client.logout()
    assert client.get(organisation.get_public_url()).status_code == 404


# Who may publish: staff; an enterprise user and the steering group may not, even their own.
STAFF_PAGE = expect(LOGIN, 403, 403, 200, 403, 200)
STAFF_POST = expect(LOGIN, 403, 403, 302, 403, 302)


@pytest.fixture
def world(alice, bob, leader, consultant, steering, internal):
    internal.users.add(alice)  # even an enterprise user linked to it may not publish it
    return {
        "alice": alice,
        "bob": bob,
        "leader": leader,
        "consultant": consultant,
        "steering": steering,
    }


@pytest.mark.parametrize("actor", list(STAFF_PAGE))
def test_who_may_open_the_publish_page(client, world, internal, actor):
    log_in_as(client, world, actor)
    check(
        client.get(reverse("mapping:organisation-publish", args=[internal.pk])), STAFF_PAGE[actor]
    )


@pytest.mark.parametrize("actor", list(STAFF_POST))
def test_who_may_publish(client, world, internal, actor):
    log_in_as(client, world, actor)
    response = client.post(
        reverse("mapping:organisation-publish", args=[internal.pk]),
        {"consent": "oral", "note": "Ejeren, på mødet 1.12.2026"},
    )
    check(response, STAFF_POST[actor])
    internal.refresh_from_db()
    assert internal.published is (STAFF_POST[actor] == 302)


@pytest.mark.parametrize("actor", list(STAFF_POST))
def test_who_may_unpublish(client, world, actor):
    organisation = world["alice"].organisation
    log_in_as(client, world, actor)
    response = client.post(reverse("mapping:organisation-unpublish", args=[organisation.pk]))
    check(response, STAFF_POST[actor])
    organisation.refresh_from_db()
    assert organisation.published is not (STAFF_POST[actor] == 302)


def test_unpublish_is_post_only(client, consultant, alice):
    client.force_login(consultant)
    url = reverse("mapping:organisation-unpublish", args=[alice.organisation.pk])
    assert client.get(url).status_code == 405


# --- Self-registration keeps its moderation ---------------------------------------------


def test_approving_a_registration_publishes_it_with_the_registrations_consent(client, leader, bob):
    organisation = bob.organisation
    assert client.get(organisation.get_public_url()).status_code == 404
    services.organisation_approve(organisation=organisation, by=leader)
    organisation.refresh_from_db()
    assert organisation.published and organisation.is_public
    assert organisation.consent == Organisation.Consent.REGISTRATION
    assert client.get(organisation.get_public_url()).status_code == 200


def test_rejecting_a_registration_does_not_publish_it(leader, bob):
    services.organisation_reject(organisation=bob.organisation, by=leader, reason="Ikke her.")
    bob.organisation.refresh_from_db()
    assert not bob.organisation.published


# --- The migration's choice for the rows that exist -------------------------------------


def test_the_migration_keeps_the_directory_and_makes_the_rest_internal(alice, bob, area):
    make_organisation("Vist i dag", internal=True)
    make_organisation("Kommunen", internal=True, se_status=Organisation.SocialEconomyStatus.NONE)
    Organisation.objects.filter(pk=alice.organisation.pk).update(published=False, consent="")
    migration = importlib.import_module("mapping.migrations.0012_organisation_publication_consent")
    migration.record_consent(apps, None)
    rows = {o.name: (o.published, o.consent) for o in Organisation.objects.all()}
    assert rows == {
        "Alices Café": (True, "registration"),  # self-registered: it has users
        "Vist i dag": (True, "not_recorded"),
        "Kommunen": (False, ""),
        "Bobs Værksted": (False, "registration"),  # approval publishes it
    }


# --- Other public pages name only published organisations -------------------------------


def test_the_public_strategy_pages_do_not_name_an_internal_organisation(internal, alice):
    from strategy.selectors.progress import public_owner

    with translation.override("en"):
        assert public_organisation_name(internal) == "An organisation (not shown publicly)"
        action = SimpleNamespace(owner_department="", owner_organisation_id=internal.pk)
        action.owner_organisation = internal
        assert public_owner(action) == "An organisation (not shown publicly)"
        assert public_organisation_name(internal) == "An organisation (not shown publicly)"
        assert public_organisation_name(alice.organisation) == "Alices Café"


# --- The public cases name the enterprise only while it is in the directory -------------

HIDDEN = "An organisation (not shown publicly)"


def _case(organisation, title):
    return Case.objects.create(
        organisation=organisation,
        title=title,
        problem="Et problem",
        method="En metode",
        published=True,
    )


def _public_case_pages(client, case):
    listing = client.get(reverse("mapping:case-list-public")).content.decode()
    page = client.get(reverse("mapping:case-public", args=[case.pk])).content.decode()
    return listing, page


def test_taking_it_out_of_the_directory_removes_its_name_from_the_public_cases(
    client, consultant, alice, settings
):
    organisation = alice.organisation
    case = _case(organisation, "Suppe til alle")
    listing, page = _public_case_pages(client, case)
    assert organisation.name in listing and organisation.name in page  # named while published

    client.force_login(consultant)
    client.post(reverse("mapping:organisation-unpublish", args=[organisation.pk]))
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # logging out forgets the cookies

    listing, page = _public_case_pages(client, case)
    assert "Suppe til alle" in listing and "Suppe til alle" in page  # the case stays public
    assert organisation.name not in listing and organisation.name not in page
    assert HIDDEN in listing and HIDDEN in page
    assert organisation.get_public_url() not in page  # no link to a directory page that is gone
    # Nor does a search by its name tell that the case is theirs.
    found = client.get(reverse("mapping:case-list-public"), {"q": "Alices"}).content.decode()
    assert "Suppe til alle" not in found


def test_a_public_case_of_an_internal_organisation_does_not_name_it(client, internal):
    case = _case(internal, "Lokale råvarer")
    listing, page = _public_case_pages(client, case)
    assert "Lokale råvarer" in listing and "Lokale råvarer" in page
    for text in (listing, page):
        assert LOEVSPRING not in text and "Løvspring" not in text
        assert HIDDEN in text
    found = client.get(reverse("mapping:case-list-public"), {"q": "Løvspring"}).content.decode()
    assert "Lokale råvarer" not in found


def test_the_staff_case_search_still_finds_an_internal_organisations_case(consultant, internal):
    _case(internal, "Lokale råvarer")
    _, cases = case_selectors.case_list(user=consultant, params={"q": "Løvspring"})
    assert [case.title for case in cases] == ["Lokale råvarer"]
