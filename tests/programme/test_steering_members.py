"""The steering group's members: created and edited by the project leader, each linked to at
most one steering group user account, listed with their role."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from portal.models import SteeringGroupMember, User
from tests.conftest import make_user
from tests.factories.portal import SteeringGroupMemberFactory

pytestmark = pytest.mark.django_db


def member_data(**changes):
    return {
        "name": "Mette Møller",
        "organisation": "Haderslev Kommune, Erhverv og Borgerservice",
        "group_role": "chair",
        "email": "mmol@example.dk",
        "user": "",
        "active": "on",
        **changes,
    }


def test_it_creates_a_member_linked_to_a_steering_group_user(client, leader, steering):
    client.force_login(leader)
    response = client.post(reverse("programme:member-create"), member_data(user=steering.pk))
    assert response.status_code == 302
    member = SteeringGroupMember.objects.get()
    assert member.user == steering
    assert member.group_role == SteeringGroupMember.GroupRole.CHAIR
    assert member.organisation == "Haderslev Kommune, Erhverv og Borgerservice"
    assert member.active is True


def test_the_list_shows_members_with_their_role(client, consultant):
    SteeringGroupMemberFactory(name="Henrik Hansen", group_role=SteeringGroupMember.GroupRole.CHAIR)
    SteeringGroupMemberFactory(
        name="Anne Andersen", email="anne@example.dk", group_role="observer", active=False
    )
    client.force_login(consultant)
    response = client.get(reverse("programme:member-list"))
    page = response.content.decode()
    assert [m.name for m in response.context["members"]] == ["Henrik Hansen", "Anne Andersen"]
    assert str(SteeringGroupMember.GroupRole.CHAIR.label) in page
    assert str(SteeringGroupMember.GroupRole.OBSERVER.label) in page
    # Only the project leader gets the links to change members.
    assert reverse("programme:member-create") not in page


def test_only_free_steering_group_users_can_be_linked(client, leader, steering):
    taken = make_user("optaget", User.Role.STEERING_GROUP)
    SteeringGroupMemberFactory(name="Optaget Person", email="opt@example.dk", user=taken)
    make_user("konsulent2", User.Role.CONSULTANT)
    client.force_login(leader)
    form = client.get(reverse("programme:member-create")).context["form"]
    assert list(form.fields["user"].queryset) == [steering]


def test_editing_keeps_the_members_own_user_choosable(client, leader, steering):
    member = SteeringGroupMemberFactory(user=steering)
    client.force_login(leader)
    url = reverse("programme:member-edit", args=[member.pk])
    assert steering in client.get(url).context["form"].fields["user"].queryset
    response = client.post(url, member_data(name="Sofie Skovgaard", user=steering.pk, active=""))
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.name, member.user, member.active) == ("Sofie Skovgaard", steering, False)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"email": "ikke-en-adresse"}, "email"),
        ({"email": ""}, "email"),
        ({"group_role": "boss"}, "group_role"),
        ({"user": "CONSULTANT"}, "user"),
        ({"user": "TAKEN"}, "user"),
    ],
    ids=["no name", "bad e-mail", "no e-mail", "unknown role", "not a steering user", "taken"],
)
def test_bad_members_are_refused(client, leader, consultant, changes, field):
    taken = make_user("optaget", User.Role.STEERING_GROUP)
    SteeringGroupMemberFactory(name="Optaget Person", email="opt@example.dk", user=taken)
    if changes.get("user") == "CONSULTANT":
        changes = {"user": consultant.pk}
    elif changes.get("user") == "TAKEN":
        changes = {"user": taken.pk}
    client.force_login(leader)
    response = client.post(reverse("programme:member-create"), member_data(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert gettext("Nothing was saved. Please correct the fields marked below.") in (
        response.content.decode()
    )
    assert SteeringGroupMember.objects.count() == 1


def test_an_unknown_member_is_404(client, leader):
    client.force_login(leader)
    assert client.get(reverse("programme:member-edit", args=[99999])).status_code == 404
