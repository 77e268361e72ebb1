"""The network's public page: what it is, its active members, its themes and its coming
meetings, at a fixed number of queries."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from mapping.models import Organisation
from network.models import Event, Membership
from tests.conftest import make_organisation
from tests.factories.network_members import make_event, make_membership, make_theme

pytestmark = pytest.mark.django_db

Status = Membership.Status


def da(text):
    with translation.override("da"):
        return gettext(text)


@pytest.fixture
def theme(db):
    return make_theme("Indkøb")


# --- The public page -----------------------------------------------------------------------


def test_it_shows_only_active_members_of_approved_organisations(client, alice):
    make_membership(alice.organisation)
    hidden = {
        "Ansøger": Status.APPLIED,
        "Holder pause": Status.PAUSED,
        "Gået": Status.LEFT,
        "Afvist": Status.DECLINED,
    }
    for name, status in hidden.items():
        make_membership(make_organisation(name), status=status)
    pending = make_organisation("Venter", moderation_state=Organisation.Moderation.PENDING)
    make_membership(pending)
    page = client.get(reverse("network:network")).content.decode()
    assert "Alices Café" in page
    for name in [*hidden, "Venter"]:
        assert name not in page


def test_it_links_a_published_member_to_its_directory_page_only(client, alice):
    make_membership(alice.organisation)
    internal = make_organisation("Intern Forening", internal=True)
    make_membership(internal)
    page = client.get(reverse("network:network")).content.decode()
    assert reverse("mapping:directory-detail", args=[alice.organisation.pk]) in page
    assert "Intern Forening" in page
    assert reverse("mapping:directory-detail", args=[internal.pk]) not in page


def test_it_says_what_the_network_is_and_lists_its_themes(client, theme):
    make_theme("Gammelt tema", active=False)
    page = client.get(reverse("network:network")).content.decode()
    assert "Indkøb" in page
    assert "Gammelt tema" not in page
    assert da("The local social-economy network") in page


def test_it_lists_the_coming_network_meetings(client):
    coming = make_event("Næste netværksmøde")
    for_members = make_event("Kun for medlemmer", audience=Event.Audience.MEMBERS)
    hidden = [
        make_event("Kladde", state=Event.State.DRAFT),
        make_event("Aflyst", state=Event.State.CANCELLED),
        make_event("Kursus", kind=Event.Kind.TRAINING),
        make_event("For personalet", audience=Event.Audience.STAFF),
        make_event("Overstået", days=-10),
    ]
    page = client.get(reverse("network:network")).content.decode()
    for event in (coming, for_members):
        assert reverse("network:event", args=[event.pk]) in page
    for event in hidden:
        assert event.title not in page


def test_the_public_page_costs_the_same_queries_for_few_and_many_members(
    client, django_assert_max_num_queries
):
    theme = make_theme()
    for number in range(2):
        make_membership(make_organisation(f"Medlem {number}"), themes=[theme])
    with django_assert_max_num_queries(50) as few:
        client.get(reverse("network:network"))
    for number in range(2, 12):
        make_membership(make_organisation(f"Medlem {number}"), themes=[theme])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("network:network"))
