"""A pending registration can be approved or rejected from its own page, not only the queue:
the same service, e-mails and permissions; the buttons only for those allowed."""

import pytest
from django.core import mail
from django.urls import reverse

from mapping.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _page(client, organisation):
    return client.get(organisation.get_absolute_url()).content.decode()


def test_the_project_leader_sees_approve_and_reject_on_a_pending_page(client, leader, bob):
    client.force_login(leader)
    html = _page(client, bob.organisation)
    assert reverse("mapping:moderation-approve", args=[bob.organisation.pk]) in html
    assert reverse("mapping:moderation-reject", args=[bob.organisation.pk]) in html


def test_a_consultant_sees_the_page_without_the_buttons(client, consultant, bob):
    client.force_login(consultant)
    html = _page(client, bob.organisation)
    assert "awaits approval" in html
    assert reverse("mapping:moderation-approve", args=[bob.organisation.pk]) not in html
    assert reverse("mapping:moderation-reject", args=[bob.organisation.pk]) not in html


def test_the_registrant_sees_no_buttons_on_their_own_page(client, bob):
    client.force_login(bob)
    html = _page(client, bob.organisation)
    assert reverse("mapping:moderation-approve", args=[bob.organisation.pk]) not in html


def test_an_approved_page_has_no_moderation_buttons(client, leader, alice):
    client.force_login(leader)
    html = _page(client, alice.organisation)
    assert reverse("mapping:moderation-approve", args=[alice.organisation.pk]) not in html


def test_approving_from_the_page_returns_to_it_and_emails_the_registrant(
    client, leader, bob, django_capture_on_commit_callbacks
):
    organisation = bob.organisation
    client.force_login(leader)
    page = organisation.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mapping:moderation-approve", args=[organisation.pk]), {"next": page}
        )
    assert response.status_code == 302
    assert response["Location"] == page
    organisation.refresh_from_db()
    assert organisation.moderation_state == Organisation.Moderation.APPROVED
    assert organisation.moderated_by == leader
    assert organisation.is_public
    assert [message.to for message in mail.outbox] == [[bob.email]]


def test_rejecting_from_the_page_returns_to_it_and_emails_the_reason(
    client, leader, bob, django_capture_on_commit_callbacks
):
    organisation = bob.organisation
    client.force_login(leader)
    page = organisation.get_absolute_url()
    url = reverse("mapping:moderation-reject", args=[organisation.pk])
    form = client.get(url, {"next": page}).content.decode()
    assert f'name="next" value="{page}"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Ikke i kommunen.", "next": page})
    assert response["Location"] == page
    organisation.refresh_from_db()
    assert organisation.moderation_state == Organisation.Moderation.REJECTED
    assert "Ikke i kommunen." in mail.outbox[0].body


def test_a_next_outside_the_portal_goes_to_the_queue(client, leader, bob):
    client.force_login(leader)
    response = client.post(
        reverse("mapping:moderation-approve", args=[bob.organisation.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("mapping:moderation-queue")


@pytest.mark.parametrize("who", ["consultant", "alice", "steering"])
def test_others_cannot_approve_from_the_page(client, bob, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("mapping:moderation-approve", args=[bob.organisation.pk]),
        {"next": bob.organisation.get_absolute_url()},
    )
    assert response.status_code == 403
    bob.organisation.refresh_from_db()
    assert bob.organisation.moderation_state == Organisation.Moderation.PENDING
    assert mail.outbox == []


def test_approval_keeps_an_edit_committed_while_it_waited_for_the_lock(leader, bob):
    """Issue 10, item 4: the approval saved the copy it had loaded before taking the row
    lock, so a profile edit committed in between was silently undone."""
    from mapping.services import organisation_approve

    stale = Organisation.objects.get(pk=bob.organisation.pk)
    Organisation.objects.filter(pk=stale.pk).update(description="Rettet af den registrerede")
    approved, _notified = organisation_approve(organisation=stale, by=leader)
    fresh = Organisation.objects.get(pk=stale.pk)
    assert fresh.moderation_state == Organisation.Moderation.APPROVED
    assert fresh.description == "Rettet af den registrerede"
    assert approved.description == fresh.description
