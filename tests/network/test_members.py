"""The network's members: applying, the project leader's decision, pausing,
resuming and leaving with a history of every change, and the organisation page's section."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from network.models import Membership, MembershipChange
from network.selectors import members as selectors
from network.services import members as services
from tests.conftest import make_organisation
from tests.factories.network_members import make_membership, make_theme

pytestmark = pytest.mark.django_db

Status = Membership.Status


def da(text):
    """`text` as the Danish pages say it."""
    with translation.override("da"):
        return gettext(text)


def codes(response, field):
    return [error.code for error in response.context["form"].errors.as_data()[field]]


@pytest.fixture
def theme(db):
    return make_theme("Indkøb")


# --- Applying --------------------------------------------------------------------------------


def _apply(client, organisation, themes=(), motivation="Vi vil dele erfaringer."):
    return client.post(
        reverse("network:member-apply"),
        {
            "organisation": organisation.pk,
            "motivation": motivation,
            "themes": [theme.pk for theme in themes],
        },
    )


def test_it_records_an_application_and_tells_the_project_leader(
    client, alice, leader, theme, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = _apply(client, alice.organisation, themes=[theme])
    membership = Membership.objects.get(organisation=alice.organisation)
    assert response.status_code == 302
    assert response["Location"] == reverse("network:member", args=[membership.pk])
    assert membership.status == Status.APPLIED
    assert membership.applied_by == alice
    assert list(membership.themes.all()) == [theme]
    [change] = membership.changes.all()
    assert (change.status_before, change.status, change.changed_by) == ("", Status.APPLIED, alice)
    [mail] = mailoutbox
    assert mail.to == [leader.email]
    assert "Alices Café" in mail.subject
    assert reverse("network:member", args=[membership.pk]) in mail.body


def test_it_refuses_an_application_for_an_organisation_not_yours(client, alice, bob):
    other = make_organisation("Fremmed Forening")
    client.force_login(alice)
    response = _apply(client, other)
    assert response.status_code == 200
    assert codes(response, "organisation") == ["invalid_choice"]
    assert (
        da("Choose one of your own organisations that has been approved in the portal.")
        in response.content.decode()
    )
    assert not Membership.objects.exists()
    # And the service refuses too, whatever a form lets through.
    with pytest.raises(services.ValidationError):
        services.membership_apply(organisation=other, by=alice, motivation="x")
    assert not Membership.objects.exists()


def test_it_refuses_an_application_for_an_organisation_not_yet_approved(client, bob):
    client.force_login(bob)
    response = client.get(reverse("network:member-apply"))
    assert (
        da("You can apply once your organisation has been approved in the portal.")
        in response.content.decode()
    )
    response = _apply(client, bob.organisation)
    assert response.status_code == 200
    assert not Membership.objects.exists()


def test_it_refuses_to_apply_twice_while_applied(client, alice):
    client.force_login(alice)
    _apply(client, alice.organisation)
    response = _apply(client, alice.organisation, motivation="Igen")
    assert response.status_code == 200
    assert codes(response, "organisation") == ["already_applied"]
    membership = Membership.objects.get()
    assert membership.motivation == "Vi vil dele erfaringer."
    assert membership.changes.count() == 1


def test_it_refuses_an_application_without_motivation(client, alice):
    client.force_login(alice)
    response = _apply(client, alice.organisation, motivation="")
    assert response.status_code == 200
    assert response.context["form"].errors["motivation"]
    assert not Membership.objects.exists()


def test_it_refuses_a_theme_that_is_no_longer_active(alice):
    old = make_theme("Gammelt", active=False)
    with pytest.raises(services.ValidationError):
        services.membership_apply(
            organisation=alice.organisation, by=alice, motivation="x", themes=[old]
        )
    assert not Membership.objects.exists()


def test_applying_again_after_leaving_reopens_the_same_row(client, alice):
    membership = make_membership(alice.organisation, status=Status.LEFT)
    changes = membership.changes.count()
    client.force_login(alice)
    response = _apply(client, alice.organisation, motivation="Vi er tilbage.")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert Membership.objects.count() == 1
    assert membership.status == Status.APPLIED
    assert membership.motivation == "Vi er tilbage."
    assert membership.joined_on is None
    last = membership.changes.last()
    assert (last.status_before, last.status) == (Status.LEFT, Status.APPLIED)
    assert membership.changes.count() == changes + 1


def test_applying_again_after_being_declined_reopens_the_row(alice):
    membership = make_membership(alice.organisation, status=Status.DECLINED)
    again = services.membership_apply(organisation=alice.organisation, by=alice, motivation="x")
    assert again.pk == membership.pk
    assert again.status == Status.APPLIED


# --- The project leader's decision -----------------------------------------------------------


def test_approving_makes_an_active_member_from_today_and_tells_its_users(
    client, leader, alice, mailoutbox, django_capture_on_commit_callbacks
):
    membership = make_membership(alice.organisation, status=Status.APPLIED)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network:member-decide", args=[membership.pk]),
            {"decision": "approve", "note": "Velkommen"},
        )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE
    assert membership.joined_on == timezone.localdate()
    last = membership.changes.last()
    assert (last.status_before, last.status, last.changed_by, last.note) == (
        Status.APPLIED,
        Status.ACTIVE,
        leader,
        "Velkommen",
    )
    [mail] = mailoutbox
    assert mail.to == [alice.email]
    assert "Alices Café" in mail.subject


def test_declining_needs_a_reason_which_the_applicant_receives(
    client, leader, alice, mailoutbox, django_capture_on_commit_callbacks
):
    membership = make_membership(alice.organisation, status=Status.APPLIED)
    client.force_login(leader)
    url = reverse("network:member-decide", args=[membership.pk])
    response = client.post(url, {"decision": "decline", "note": ""}, follow=True)
    assert da("Give the reason for declining.") in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == Status.APPLIED
    assert membership.changes.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "decline", "note": "Ikke socialøkonomisk."})
    membership.refresh_from_db()
    assert membership.status == Status.DECLINED
    [mail] = mailoutbox
    assert "Ikke socialøkonomisk." in mail.body


def test_a_second_decision_is_refused_and_mails_nobody(
    client, leader, alice, mailoutbox, django_capture_on_commit_callbacks
):
    membership = make_membership(alice.organisation, status=Status.APPLIED)
    client.force_login(leader)
    url = reverse("network:member-decide", args=[membership.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "approve"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "decline", "note": "Nej"}, follow=True)
    assert [message.level_tag for message in response.context["messages"]][-1] == "error"
    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("before", "change", "after"),
    [
        (Status.ACTIVE, "pause", Status.PAUSED),
        (Status.PAUSED, "resume", Status.ACTIVE),
        (Status.ACTIVE, "leave", Status.LEFT),
        (Status.PAUSED, "leave", Status.LEFT),
    ],
)
def test_the_project_leader_changes_the_status_with_a_note(
    client, leader, alice, before, change, after
):
    membership = make_membership(alice.organisation, status=before)
    client.force_login(leader)
    response = client.post(
        reverse("network:member-status", args=[membership.pk]),
        {"change": change, "note": "Aftalt i telefonen"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == after
    last = membership.changes.last()
    assert (last.status_before, last.status, last.note, last.changed_by) == (
        before,
        after,
        "Aftalt i telefonen",
        leader,
    )


def test_a_change_of_status_without_a_note_is_refused(client, leader, alice):
    membership = make_membership(alice.organisation)
    client.force_login(leader)
    response = client.post(
        reverse("network:member-status", args=[membership.pk]),
        {"change": "pause", "note": ""},
        follow=True,
    )
    assert da("This field is required.") in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE


def test_a_change_the_status_does_not_allow_is_refused(leader, alice):
    membership = make_membership(alice.organisation, status=Status.APPLIED)
    with pytest.raises(services.ValidationError):
        services.membership_set_status(membership=membership, by=leader, change="pause", note="x")
    membership.refresh_from_db()
    assert membership.status == Status.APPLIED
    assert MembershipChange.objects.filter(membership=membership).count() == 1


# --- The membership's page and the organisation's page -------------------------------------


def test_the_membership_page_shows_the_history(client, leader, alice, theme):
    membership = make_membership(alice.organisation, themes=[theme])
    client.force_login(leader)
    page = client.get(reverse("network:member", args=[membership.pk])).content.decode()
    assert da("History of the membership") in page
    assert "Indkøb" in page
    assert reverse("network:member-status", args=[membership.pk]) in page


def test_the_member_changes_the_themes_it_follows(client, alice, theme):
    membership = make_membership(alice.organisation)
    other = make_theme("Beskæftigelse")
    client.force_login(alice)
    page = client.get(reverse("network:member", args=[membership.pk])).content.decode()
    assert reverse("network:member-themes", args=[membership.pk]) in page
    assert reverse("network:member-leave", args=[membership.pk]) in page
    client.post(
        reverse("network:member-themes", args=[membership.pk]), {"themes": [theme.pk, other.pk]}
    )
    assert set(membership.themes.all()) == {theme, other}


def test_a_theme_that_does_not_exist_is_refused(client, alice, theme):
    membership = make_membership(alice.organisation, themes=[theme])
    client.force_login(alice)
    client.post(reverse("network:member-themes", args=[membership.pk]), {"themes": [99999]})
    assert list(membership.themes.all()) == [theme]


def test_the_member_leaves_the_network(client, alice):
    membership = make_membership(alice.organisation)
    client.force_login(alice)
    client.post(reverse("network:member-leave", args=[membership.pk]), {"note": "Lukker"})
    membership.refresh_from_db()
    assert membership.status == Status.LEFT
    last = membership.changes.last()
    assert (last.changed_by, last.note) == (alice, "Lukker")


def test_the_organisation_page_shows_the_membership(client, consultant, alice, theme):
    membership = make_membership(alice.organisation, themes=[theme])
    client.force_login(consultant)
    page = client.get(
        reverse("mapping:organisation-detail", args=[alice.organisation.pk])
    ).content.decode()
    assert reverse("network:member", args=[membership.pk]) in page
    assert "Indkøb" in page
    since = membership.joined_on.strftime("%d.%m.%Y")
    assert since in page


def test_the_organisation_page_invites_its_own_user_to_apply(client, alice):
    client.force_login(alice)
    page = client.get(
        reverse("mapping:organisation-detail", args=[alice.organisation.pk])
    ).content.decode()
    assert reverse("network:member-apply") in page


def test_the_staff_list_filters_by_status(client, consultant, alice):
    make_membership(alice.organisation)
    make_membership(make_organisation("Ansøger ApS"), status=Status.APPLIED)
    client.force_login(consultant)
    page = client.get(reverse("network:members-staff") + "?status=applied").content.decode()
    assert "Ansøger ApS" in page
    assert "Alices Café" not in page


def test_a_membership_started_long_ago_keeps_its_joining_date_when_paused(leader, alice):
    membership = make_membership(alice.organisation)
    joined = membership.joined_on
    services.membership_set_status(membership=membership, by=leader, change="pause", note="x")
    membership.refresh_from_db()
    assert membership.joined_on == joined
    assert joined < timezone.localdate() - dt.timedelta(days=1)


def test_members_are_in_danish_alphabetical_order(consultant):
    for name in ("Ås Café", "Zebra", "Ærø Kaffe", "Bageriet"):
        make_membership(make_organisation(name))
    expected = ["Bageriet", "Zebra", "Ærø Kaffe", "Ås Café"]
    assert [m.organisation.name for m in selectors.public_members()] == expected
    _filter, rows = selectors.membership_list(user=consultant)
    assert [m.organisation.name for m in rows] == expected
