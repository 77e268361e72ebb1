"""Everything sent to the steering group reaches every member: a member with a login gets a
link, one without gets an account and an invitation to choose a password with the link, and
one who cannot be reached is named with the reason, before sending and after."""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from portal.models import RoleChange, SteeringGroupMember, User
from portal.programme import demo_steering
from portal.programme.services import steering as steering_services
from portal.steering import Reach, reach, recipients
from strategy.services import review as strategy_services
from tests.conftest import make_user
from tests.factories.mapping import ReportVersionFactory
from tests.factories.portal import SteeringGroupMemberFactory
from tests.factories.programme import AgendaItemFactory, SteeringMeetingFactory
from tests.factories.strategy import StrategyVersionFactory, build_review_strategy

pytestmark = pytest.mark.django_db

SET_PASSWORD = re.compile(r"https?://\S+/accounts/reset/[^/\s]+/[^/\s]+/")


@pytest.fixture
def group(steering):
    """Henrik (no login), Mette (linked to the login `styregruppe`), Jens (inactive member),
    and a steering group account with no e-mail address and no member row."""
    henrik = SteeringGroupMemberFactory(name="Henrik Hansen", email="hhan@example.dk")
    mette = SteeringGroupMemberFactory(name="Mette Møller", email="mmol@example.dk", user=steering)
    SteeringGroupMemberFactory(name="Jens Jessen", email="jens@example.dk", active=False)
    silent = make_user("tavs", User.Role.STEERING_GROUP)
    User.objects.filter(pk=silent.pk).update(email="")
    return {"henrik": henrik, "mette": mette, "silent": silent}


def by_name(rows):
    return {row.name: row for row in rows}


def test_it_says_how_each_member_is_reached(group):
    rows = by_name(recipients())

    assert rows["Henrik Hansen"].reach == Reach.INVITATION
    assert rows["Henrik Hansen"].email == "hhan@example.dk"
    # The member list's address wins over the login's.
    assert rows["Mette Møller"].reach == Reach.LINK
    assert rows["Mette Møller"].email == "mmol@example.dk"
    assert rows[str(group["silent"])].reach == Reach.UNREACHABLE
    assert rows[str(group["silent"])].reason
    assert "Jens Jessen" not in rows  # no longer in the group


def test_a_member_is_unreachable_when_their_account_cannot_read(group, alice):
    group["henrik"].user = alice
    group["henrik"].save()
    SteeringGroupMemberFactory(
        name="Anne Andersen", email="anne@example.dk", user=make_user("anne", User.Role.CONSULTANT)
    )
    closed = make_user("lukket", User.Role.STEERING_GROUP, is_active=False)
    SteeringGroupMemberFactory(name="Lukket Medlem", email="lukket@example.dk", user=closed)

    rows = by_name(recipients())

    assert rows["Henrik Hansen"].reach == Reach.UNREACHABLE  # an enterprise user's login
    assert rows["Anne Andersen"].reach == Reach.LINK  # staff read everything
    assert rows["Lukket Medlem"].reach == Reach.UNREACHABLE


def test_a_member_whose_address_another_member_uses_is_named(group):
    SteeringGroupMemberFactory(name="Dobbelt", email="STYREGRUPPE@example.dk")

    row = by_name(recipients())["Dobbelt"]

    assert row.reach == Reach.UNREACHABLE
    assert row.user is None


def test_an_account_with_the_members_address_is_linked_not_duplicated(group):
    own = make_user("hhan", User.Role.STEERING_GROUP)
    User.objects.filter(pk=own.pk).update(email="HHAN@example.dk")

    listed = recipients()
    assert [row.user for row in listed].count(own) == 1  # once, as Henrik
    rows = by_name(reach(by=None))

    assert rows["Henrik Hansen"].reach == Reach.LINK
    group["henrik"].refresh_from_db()
    assert group["henrik"].user == own
    assert User.objects.filter(email__iexact="hhan@example.dk").count() == 1


def test_reach_opens_an_account_without_a_password_for_a_member_without_one(group, leader):
    rows = by_name(reach(by=leader))

    henrik = rows["Henrik Hansen"]
    assert henrik.user.roles == {User.Role.STEERING_GROUP}
    assert not henrik.user.has_usable_password()
    assert henrik.user.email == "hhan@example.dk"
    assert (henrik.user.first_name, henrik.user.last_name) == ("Henrik", "Hansen")
    assert henrik.invitation["link"].startswith("/accounts/reset/")
    group["henrik"].refresh_from_db()
    assert group["henrik"].user == henrik.user
    # Recorded as an invitation, so the people page can send the link again.
    change = RoleChange.objects.get(person=henrik.user)
    assert (change.kind, change.by) == (RoleChange.Kind.INVITED, leader)
    # Twice: no second account.
    reach(by=leader)
    assert User.objects.filter(email__iexact="hhan@example.dk").count() == 1


def _mail_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_submitting_a_report_version_reaches_every_member(
    client, leader, group, django_capture_on_commit_callbacks
):
    version = ReportVersionFactory(number=1, frozen_by=leader)
    client.force_login(leader)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mapping:report-submit", args=[version.pk]), follow=True)

    assert response.status_code == 200
    url = f"http://testserver{version.get_absolute_url()}"
    [invited] = _mail_to("hhan@example.dk")
    assert url in invited.body
    assert SET_PASSWORD.search(invited.body)
    [linked] = _mail_to("mmol@example.dk")
    assert url in linked.body
    assert not SET_PASSWORD.search(linked.body)
    assert len(mail.outbox) == 2
    said = " ".join(m.message for m in response.context["messages"])
    assert "Henrik Hansen" in said  # invited
    assert str(group["silent"]) in said  # not reached, and said so


def test_the_invited_member_reads_comments_and_gives_a_verdict(
    client, leader, group, django_capture_on_commit_callbacks
):
    version = ReportVersionFactory(number=1, frozen_by=leader)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mapping:report-submit", args=[version.pk]))
    henrik = User.objects.get(email="hhan@example.dk")
    henrik.set_password("Styregruppe-2026!")
    henrik.save()

    client.force_login(henrik)
    assert client.get(version.get_absolute_url()).status_code == 200
    assert client.get(reverse("mapping:report-version-pdf", args=[version.pk])).status_code == 200
    assert client.get(reverse("programme:budget")).status_code == 200
    client.post(
        reverse("mapping:report-comment", args=[version.pk]), {"chapter": "", "text": "Godt"}
    )
    client.post(
        reverse("mapping:report-verdict", args=[version.pk]),
        {"verdict": "approved", "comment": ""},
    )
    assert version.comments.get().author == henrik
    assert version.verdicts.get().member == henrik


@pytest.mark.parametrize("who", ["consultant", "steering", "alice"])
def test_only_the_project_leader_submits(client, leader, group, who, request):
    version = ReportVersionFactory(number=1, frozen_by=leader)
    client.force_login(request.getfixturevalue(who))

    response = client.post(reverse("mapping:report-submit", args=[version.pk]))

    assert response.status_code == 403
    version.refresh_from_db()
    assert version.submitted_at is None
    assert not User.objects.filter(email="hhan@example.dk").exists()


def test_the_send_page_lists_who_gets_what_before_sending(client, leader, group):
    version = ReportVersionFactory(number=1, frozen_by=leader)
    client.force_login(leader)

    with translation.override("da"):
        page = client.get(version.get_absolute_url()).content.decode()
        labels = {value: str(Reach(value).label) for value in Reach.values}

    listing = page[page.index('id="recipients-heading"') :]
    for name, how in (
        ("Henrik Hansen", Reach.INVITATION),
        ("Mette Møller", Reach.LINK),
        (str(group["silent"]), Reach.UNREACHABLE),
    ):
        row = listing[listing.index(name) :]
        row = row[: row.index("</tr>")]
        assert labels[how] in row
    assert "Jens Jessen" not in listing
    # Nothing was sent or opened by looking.
    assert mail.outbox == []
    assert not User.objects.filter(email="hhan@example.dk").exists()


@pytest.mark.parametrize("who", ["consultant", "steering"])
def test_the_send_list_is_the_project_leaders(client, leader, group, who, request):
    version = ReportVersionFactory(number=1, frozen_by=leader, submitted=who == "steering")
    client.force_login(request.getfixturevalue(who))

    page = client.get(version.get_absolute_url())

    assert page.status_code == 200
    assert 'id="recipients-heading"' not in page.content.decode()


def test_submitting_a_strategy_version_reaches_every_member(
    client, leader, group, django_capture_on_commit_callbacks
):
    version = StrategyVersionFactory(strategy=build_review_strategy(by=leader), saved_by=leader)
    client.force_login(leader)
    page = client.get(version.get_absolute_url()).content.decode()
    assert 'id="recipients-heading"' in page and "Henrik Hansen" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("strategy:version-submit", args=[version.pk]))
    version.refresh_from_db()

    [invited] = _mail_to("hhan@example.dk")
    assert version.get_absolute_url() in invited.body
    assert SET_PASSWORD.search(invited.body)
    assert len(_mail_to("mmol@example.dk")) == 1
    henrik = User.objects.get(email="hhan@example.dk")
    henrik.set_password("Styregruppe-2026!")
    henrik.save()
    strategy_services.verdict_give(version=version, member=henrik, verdict="approved")
    assert version.verdicts.get().member == henrik


def test_the_agenda_invites_a_member_without_a_login(
    client, leader, group, django_capture_on_commit_callbacks
):
    meeting = SteeringMeetingFactory(created_by=leader)
    AgendaItemFactory(meeting=meeting, title="Budget", points_at_budget=True)
    client.force_login(leader)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="recipients-heading"' in page and "Henrik Hansen" in page

    with django_capture_on_commit_callbacks(execute=True):  # the mail job runs at commit
        response = client.post(
            reverse("programme:meeting-send-agenda", args=[meeting.pk]), follow=True
        )

    [invited] = _mail_to("hhan@example.dk")
    assert SET_PASSWORD.search(invited.body)
    assert reverse("programme:budget") in invited.body
    [linked] = _mail_to("mmol@example.dk")
    assert not SET_PASSWORD.search(linked.body)
    assert User.objects.get(email="hhan@example.dk").roles == {User.Role.STEERING_GROUP}
    said = " ".join(m.message for m in response.context["messages"])
    assert "Henrik Hansen" in said


def test_the_agenda_names_a_member_it_cannot_reach(leader, steering):
    SteeringGroupMemberFactory(
        name="Henrik Hansen", email="hhan@example.dk", user=make_user("x", User.Role.ENTERPRISE)
    )

    result = steering_services.meeting_send_agenda(
        meeting=SteeringMeetingFactory(created_by=leader), by=leader
    )

    assert result.sent == []
    assert [row.name for row in result.unreachable] == ["Henrik Hansen"]
    assert mail.outbox == []


def test_every_demo_member_is_reachable(leader, consultant, steering):
    users = {"project_leader": leader, "consultant": consultant, "steering_group": steering}
    demo_steering.load(users=users, stdout=io.StringIO())

    rows = recipients()

    assert len(rows) == SteeringGroupMember.objects.filter(active=True).count() == 5
    assert all(row.reachable for row in rows), [(r.name, r.reason) for r in rows]
    assert {row.reach for row in rows} == {Reach.LINK, Reach.INVITATION}
