"""The network's themes (working groups): kept by the project leader, followed by members."""

import pytest
from django.urls import reverse

from network.models import Theme
from tests.factories.network_members import make_membership, make_theme

pytestmark = pytest.mark.django_db


def test_the_project_leader_creates_a_theme(client, leader):
    client.force_login(leader)
    response = client.post(
        reverse("network:theme-create"),
        {"name": "Beskæftigelse", "description": "Job til flere", "active": "on"},
    )
    assert response.status_code == 302
    theme = Theme.objects.get()
    assert (theme.name, theme.description, theme.active) == (
        "Beskæftigelse",
        "Job til flere",
        True,
    )


def test_a_theme_needs_a_name(client, leader):
    client.force_login(leader)
    response = client.post(reverse("network:theme-create"), {"name": "", "description": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not Theme.objects.exists()


def test_two_themes_cannot_have_the_same_name(client, leader):
    make_theme("Indkøb")
    client.force_login(leader)
    response = client.post(reverse("network:theme-create"), {"name": "Indkøb"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert Theme.objects.count() == 1


def test_the_project_leader_edits_and_retires_a_theme(client, leader):
    theme = make_theme("Indkøb")
    client.force_login(leader)
    response = client.post(
        reverse("network:theme-edit", args=[theme.pk]), {"name": "Offentlige indkøb"}
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.name == "Offentlige indkøb"
    assert theme.active is False  # the box was not ticked


def test_an_edit_to_a_taken_name_is_refused_and_saves_nothing(client, leader):
    make_theme("Indkøb")
    theme = make_theme("Beskæftigelse")
    client.force_login(leader)
    response = client.post(
        reverse("network:theme-edit", args=[theme.pk]),
        {"name": "Indkøb", "description": "Ny", "active": "on"},
    )
    assert response.status_code == 200
    theme.refresh_from_db()
    assert (theme.name, theme.description) == ("Beskæftigelse", "")


def test_the_list_counts_the_active_members_following(client, consultant, alice):
    theme = make_theme("Indkøb")
    make_membership(alice.organisation, themes=[theme])
    client.force_login(consultant)
    response = client.get(reverse("network:themes"))
    [listed] = response.context["themes"]
    assert listed.followers == 1
    # A consultant reads the themes but does not change them.
    assert reverse("network:theme-edit", args=[theme.pk]) not in response.content.decode()


def test_an_inactive_theme_is_not_offered_when_applying(client, alice):
    make_theme("Indkøb")
    make_theme("Gammelt", active=False)
    client.force_login(alice)
    page = client.get(reverse("network:member-apply")).content.decode()
    assert "Indkøb" in page
    assert "Gammelt" not in page


def test_an_inactive_theme_a_member_followed_stays_when_it_changes_its_themes(client, alice):
    old = make_theme("Gammelt", active=True)
    new = make_theme("Nyt")
    membership = make_membership(alice.organisation, themes=[old])
    old.active = False
    old.save()
    client.force_login(alice)
    client.post(reverse("network:member-themes", args=[membership.pk]), {"themes": [new.pk]})
    assert set(membership.themes.all()) == {old, new}
