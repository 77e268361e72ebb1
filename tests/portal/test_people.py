"""The project leader's people page: invitations, roles within what they may grant,
deactivation, and a history row and an e-mail for each change (issue 10, item 1)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal.models import RoleChange, User
from portal.people import services
from tests.conftest import make_user
from tests.permissions import ACTORS, LEADER_ONLY, check, log_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice, bob, leader, consultant, steering):
    return {"alice": alice, "bob": bob, "leader": leader, "consultant": consultant}


def danish(msgid):
    with translation.override("da"):
        return gettext(msgid)


def invite(client, **fields):
    data = {
        "first_name": "Nina",
        "last_name": "Nielsen",
        "email": "nina@example.dk",
        "role": "consultant",
        "language": "da",
        **fields,
    }
    return client.post(reverse("people:person-invite"), data)


def set_roles(client, person, roles, shown=None):
    """Post the roles form as the page shows it: the roles ticked, and those it showed."""
    shown = [role.value for role in person.roles] if shown is None else shown
    data = {"roles": roles, "shown": shown}
    return client.post(reverse("people:person-role", args=[person.pk]), data)


# Who may use the page


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_project_leader_opens_the_page(client, world, steering, actor):
    world["steering"] = steering
    log_in_as(client, world, actor)
    check(client.get(reverse("people:person-list")), LEADER_ONLY[actor])


@pytest.mark.parametrize("actor", ["consultant", "steering", "alice"])
def test_no_one_else_changes_a_role(client, world, steering, actor):
    world["steering"] = steering
    client.force_login(world[actor])
    target = world["bob"]
    assert set_roles(client, target, ["enterprise", "consultant"]).status_code == 403
    assert invite(client).status_code == 403
    deactivate = reverse("people:person-deactivate", args=[target.pk])
    assert client.post(deactivate).status_code == 403
    target.refresh_from_db()
    assert (target.roles, target.is_active) == ({"enterprise"}, True)
    assert not User.objects.filter(email="nina@example.dk").exists()
    assert not RoleChange.objects.exists()


def test_the_project_leader_finds_the_page_in_the_navigation(client, leader, consultant):
    url = reverse("people:person-list")
    client.force_login(leader)
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()
    client.force_login(consultant)
    assert f'href="{url}"' not in client.get(reverse("home")).content.decode()


def test_the_list_shows_each_person_with_role_and_access(client, leader, consultant, steering):
    steering.is_active = False
    steering.save()
    client.force_login(leader)
    page = client.get(reverse("people:person-list")).content.decode()
    with translation.override("da"):
        for label in (User.Role.CONSULTANT.label, User.Role.STEERING_GROUP.label):
            assert str(label) in page
    assert danish("Deactivated") in page
    assert reverse("people:person-role", args=[consultant.pk]) in page
    # Their own row and another project leader's carry no actions.
    assert reverse("people:person-role", args=[leader.pk]) not in page


# Invitations


@pytest.mark.parametrize("role", ["consultant", "steering_group", "enterprise"])
def test_an_invitation_creates_the_account_and_mails_a_set_password_link(
    client, leader, role, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, role=role)
    assert response.status_code == 302
    person = User.objects.get(email="nina@example.dk")
    assert person.roles == {role}
    assert person.is_active and not person.has_usable_password()
    assert not person.is_staff and not person.is_superuser
    change = RoleChange.objects.get(person=person)
    assert (change.kind, change.role, change.by) == ("invited", role, leader)
    [message] = mailoutbox
    assert message.to == ["nina@example.dk"]
    link = re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)
    assert link in message.alternatives[0][0]

    # The invited person chooses a password and logs in with it.
    client.logout()
    form_url = client.get(link).url
    response = client.post(
        form_url, {"new_password1": "Sol-over-Aroe-42", "new_password2": "Sol-over-Aroe-42"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Sol-over-Aroe-42")
    # The link works once.
    assert client.get(link).status_code in (200, 302)
    assert "Sol-over-Aroe-42" not in message.body


@pytest.mark.parametrize("role", ["project_leader", "superuser", "staff"])
def test_the_project_leader_cannot_invite_to_a_role_they_may_not_grant(client, leader, role):
    client.force_login(leader)
    response = invite(client, role=role)
    assert response.status_code == 200
    assert not User.objects.filter(email="nina@example.dk").exists()
    assert not RoleChange.objects.exists()


def test_the_service_refuses_a_project_leader_invitation(leader):
    with pytest.raises(ValidationError):
        services.person_invite(
            email="nina@example.dk",
            first_name="Nina",
            last_name="",
            role=User.Role.PROJECT_LEADER,
            by=leader,
        )
    assert not User.objects.filter(email="nina@example.dk").exists()


def test_an_invitation_to_a_known_address_is_refused(client, leader, consultant):
    client.force_login(leader)
    response = invite(client, email="KONSULENT@example.dk", role="steering_group")
    assert response.status_code == 200
    assert danish("A person with this e-mail address already has an account.") in (
        response.content.decode()
    )
    consultant.refresh_from_db()
    assert consultant.roles == {"consultant"}
    assert User.objects.filter(email__iexact="konsulent@example.dk").count() == 1


def test_the_invitation_can_be_sent_again_until_a_password_is_chosen(
    client, leader, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client)
    person = User.objects.get(email="nina@example.dk")
    url = reverse("people:person-invitation-resend", args=[person.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert len(mailoutbox) == 2
    assert mailoutbox[1].to == ["nina@example.dk"]
    person.set_password("Sol-over-Aroe-42")
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(mailoutbox) == 2


# Roles


@pytest.mark.parametrize(
    ("start", "ticked", "granted", "revoked"),
    [
        (["consultant"], ["consultant", "mentor"], ["mentor"], []),
        (["steering_group"], ["enterprise"], ["enterprise"], ["steering_group"]),
        (["enterprise", "company"], ["company"], [], ["enterprise"]),
        (
            ["consultant"],
            ["municipal_employee", "consultant", "company"],
            ["company", "municipal_employee"],
            [],
        ),
    ],
)
def test_roles_given_and_taken_away_are_recorded_and_mailed_once(
    client, leader, start, ticked, granted, revoked, mailoutbox, django_capture_on_commit_callbacks
):
    person = make_user("per", None, roles=start)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = set_roles(client, person, ticked)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.roles == set(ticked)
    changes = RoleChange.objects.filter(person=person).order_by("pk")
    expected = [("granted", role) for role in granted] + [("revoked", role) for role in revoked]
    assert [(change.kind, change.role) for change in changes] == expected
    assert all(change.by == leader for change in changes)
    [message] = mailoutbox
    assert message.to == [person.email]
    assert message.subject == danish("Your roles in the social-economy portal have changed")
    with translation.override("da"):
        for role in (*granted, *revoked):
            assert str(User.Role(role).label) in message.body


def test_the_form_ticks_the_current_roles(client, leader):
    person = make_user("per", None, roles=["consultant", "mentor"])
    client.force_login(leader)
    page = client.get(reverse("people:person-role", args=[person.pk])).content.decode()
    checked = set(re.findall(r'name="roles" value="(\w+)"[^>]*checked', page))
    assert checked == {"consultant", "mentor"}
    offered = set(re.findall(r'name="roles" value="(\w+)"', page))
    assert offered == {role.value for role in services.GRANTABLE_ROLES}
    assert "project_leader" not in offered


@pytest.mark.parametrize("role", ["project_leader", "superuser", "nonsense"])
def test_a_role_they_may_not_grant_is_refused(client, leader, consultant, role, mailoutbox):
    client.force_login(leader)
    response = set_roles(client, consultant, ["consultant", role])
    assert response.status_code == 200
    assert 'name="roles"' in response.content.decode()
    consultant.refresh_from_db()
    assert consultant.roles == {"consultant"}
    assert not RoleChange.objects.exists()
    assert not mailoutbox


def test_taking_away_every_role_is_refused_with_a_form_error(
    client, leader, consultant, mailoutbox
):
    client.force_login(leader)
    response = set_roles(client, consultant, [])
    assert response.status_code == 200
    assert danish("A person keeps at least one role.") in response.content.decode()
    consultant.refresh_from_db()
    assert consultant.roles == {"consultant"}
    assert not RoleChange.objects.exists()
    assert not mailoutbox


def test_the_service_refuses_to_make_a_project_leader(leader, consultant):
    with pytest.raises(ValidationError) as refused:
        services.person_roles_change(person=consultant, grant={User.Role.PROJECT_LEADER}, by=leader)
    assert refused.value.error_dict["roles"][0].code == "not_grantable"
    consultant.refresh_from_db()
    assert consultant.roles == {"consultant"}
    assert not RoleChange.objects.exists()


@pytest.mark.parametrize(
    "target",
    ["self", "other leader", "superuser", "staff consultant", "leader and mentor"],
)
def test_the_project_leader_cannot_change_these_people(client, leader, target):
    person = {
        "self": lambda: leader,
        "other leader": lambda: make_user("leder2", User.Role.PROJECT_LEADER),
        "superuser": lambda: make_user("admin", User.Role.CONSULTANT, is_superuser=True),
        "staff consultant": lambda: make_user("it", User.Role.CONSULTANT, is_staff=True),
        "leader and mentor": lambda: make_user("leder3", None, roles=["project_leader", "mentor"]),
    }[target]()
    before = (person.roles, person.is_active)
    client.force_login(leader)
    assert client.get(reverse("people:person-role", args=[person.pk])).status_code == 403
    assert set_roles(client, person, ["enterprise"]).status_code == 403
    deactivate = reverse("people:person-deactivate", args=[person.pk])
    assert client.post(deactivate).status_code == 403
    person.refresh_from_db()
    assert (person.roles, person.is_active) == before
    assert not RoleChange.objects.exists()


# Access


def test_deactivation_and_reactivation_are_recorded_and_mailed(
    client, leader, steering, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    deactivate = reverse("people:person-deactivate", args=[steering.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(deactivate).status_code == 302
        # A second click changes nothing more.
        client.post(deactivate)
    steering.refresh_from_db()
    assert not steering.is_active
    client.logout()
    login = {"username": "styregruppe", "password": "password"}
    assert client.post(reverse("login"), login).status_code == 200  # refused, form again
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:person-reactivate", args=[steering.pk]))
    steering.refresh_from_db()
    assert steering.is_active
    kinds = list(RoleChange.objects.filter(person=steering).order_by("at", "pk"))
    assert [change.kind for change in kinds] == ["deactivated", "reactivated"]
    assert all(change.by == leader for change in kinds)
    assert [message.subject for message in mailoutbox] == [
        danish("Your access to the social-economy portal has been closed"),
        danish("Your access to the social-economy portal is open again"),
    ]
    assert all(message.to == [steering.email] for message in mailoutbox)


def test_the_history_is_shown_on_the_page(client, leader, consultant):
    services.person_roles_change(person=consultant, grant={User.Role.MENTOR}, by=leader)
    client.force_login(leader)
    page = client.get(reverse("people:person-list")).content.decode()
    assert danish("Changes to roles and access") in page
    assert danish("Role given") in page
    with translation.override("da"):
        assert str(User.Role.MENTOR.label) in page


def test_an_invitation_sent_again_later_carries_a_fresh_link(
    client, leader, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """The mail server was down when the invitation was made; "send again" after the link's
    lifetime must not send the stored, expired link, and nothing once a password is set."""
    import datetime
    from unittest import mock

    from portal.models import Delivery
    from tests import mail_backends

    client.force_login(leader)
    settings.EMAIL_BACKEND = mail_backends.DOWN
    with django_capture_on_commit_callbacks(execute=True):
        invite(client)
    failed = Delivery.objects.get(recipient="nina@example.dk")
    assert failed.status == Delivery.Status.FAILED
    stored_link = re.search(rb"/accounts/reset/[^/]+/[^/]+/", bytes(failed.message)).group(0)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = datetime.datetime.now() + datetime.timedelta(days=30)  # noqa: DTZ005
    with mock.patch("django.contrib.auth.tokens.PasswordResetTokenGenerator._now") as now:
        now.return_value = later
        client.post(reverse("mail:delivery-retry"), {"delivery": [failed.pk]})
        [message] = mailoutbox
        link = re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)
        assert stored_link.decode() not in link
        client.logout()
        assert client.get(link).status_code == 302  # a valid token redirects to the form

    # Chosen a password meanwhile: a failed copy is not sent again, but dropped.
    person = User.objects.get(email="nina@example.dk")
    person.set_password("Sol-over-Aroe-42")
    person.save()
    Delivery.objects.filter(pk=failed.pk).update(status=Delivery.Status.FAILED)
    client.force_login(leader)
    client.post(reverse("mail:delivery-retry"), {"delivery": [failed.pk]})
    assert len(mailoutbox) == 1
    assert not Delivery.objects.filter(pk=failed.pk).exists()


def test_a_new_account_speaks_the_sites_default_language(leader, settings):
    """Neither an invitation nor a steering member's account hard-codes Danish: both take the
    site's default language unless told another."""
    settings.LANGUAGE_CODE = "en"
    invited, _outcome = services.person_invite(
        email="nina@example.dk", first_name="Nina", last_name="", role="consultant", by=leader
    )
    member = services.steering_account_open(name="Ole Olsen", email="ole@example.dk", by=leader)
    told = services.steering_account_open(
        name="Eva Eriksen", email="eva@example.dk", by=leader, language="da"
    )
    assert (invited.language, member.language, told.language) == ("en", "en", "da")


def test_the_invitation_context_carries_the_link_the_days_and_who_invites(leader, consultant):
    context = services.invitation_context(person=consultant, by=leader)
    assert (context["person"], context["by"], context["username"]) == (
        consultant,
        leader,
        consultant.username,
    )
    assert "/" in context["link"] and context["valid_days"] >= 1
