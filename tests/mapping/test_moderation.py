import pytest
from django.core import mail
from django.urls import reverse

from mapping.models import Organisation
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db


def test_the_queue_lists_pending_registrations_newest_first(client, leader, bob):
    make_organisation("Nyere", moderation_state=Organisation.Moderation.PENDING)
    make_organisation("Godkendt")
    client.force_login(leader)
    response = client.get(reverse("mapping:moderation-queue"))
    assert [o.name for o in response.context["organisations"]] == ["Nyere", "Bobs Værksted"]


def test_the_navigation_shows_the_queue_count(client, leader, bob):
    make_organisation("Nyere", moderation_state=Organisation.Moderation.PENDING)
    client.force_login(leader)
    html = client.get(reverse("home")).content.decode()
    assert 'badge text-bg-light">2<' in html


def test_approving_publishes_and_emails_the_registrant(
    client, leader, bob, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mapping:moderation-approve", args=[bob.organisation.pk]))
    assert response.status_code == 302
    organisation = bob.organisation
    organisation.refresh_from_db()
    assert organisation.moderation_state == Organisation.Moderation.APPROVED
    assert organisation.moderated_by == leader
    assert organisation.moderated_at is not None
    assert [message.to for message in mail.outbox] == [[bob.email]]
    assert "Bobs Værksted" in mail.outbox[0].subject
    assert client.get(organisation.get_public_url()).status_code == 200
    # The history records who approved.
    assert organisation.history.first().history_user == leader


def test_rejecting_needs_a_reason(client, leader, bob):
    client.force_login(leader)
    url = reverse("mapping:moderation-reject", args=[bob.organisation.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    bob.organisation.refresh_from_db()
    assert bob.organisation.moderation_state == Organisation.Moderation.PENDING
    assert mail.outbox == []


def test_rejecting_emails_the_reason(client, leader, bob, django_capture_on_commit_callbacks):
    client.force_login(leader)
    url = reverse("mapping:moderation-reject", args=[bob.organisation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Ikke en virksomhed i kommunen."})
    bob.organisation.refresh_from_db()
    assert bob.organisation.moderation_state == Organisation.Moderation.REJECTED
    assert bob.organisation.rejection_reason == "Ikke en virksomhed i kommunen."
    assert len(mail.outbox) == 1
    assert "Ikke en virksomhed i kommunen." in mail.outbox[0].body
    assert "Ikke en virksomhed i kommunen." in mail.outbox[0].alternatives[0][0]


def test_an_approved_organisation_cannot_be_moderated_again(client, leader, alice):
    client.force_login(leader)
    response = client.post(reverse("mapping:moderation-approve", args=[alice.organisation.pk]))
    assert response.status_code == 404


def test_the_registrant_sees_the_state_and_a_changed_rejection_goes_back(client, leader, bob):
    organisation = bob.organisation
    organisation.moderation_state = Organisation.Moderation.REJECTED
    organisation.rejection_reason = "Mangler beskrivelse."
    organisation.save()
    client.force_login(bob)
    page = client.get(reverse("mapping:my-organisations")).content.decode()
    assert "Mangler beskrivelse." in page

    data = _form_data(client, organisation)
    data["description"] = "Nu med beskrivelse."
    response = client.post(reverse("mapping:organisation-edit", args=[organisation.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    organisation.refresh_from_db()
    assert organisation.description == "Nu med beskrivelse."
    assert organisation.moderation_state == Organisation.Moderation.PENDING
    assert organisation.rejection_reason == ""


def _form_data(client, organisation):
    """What the edit form would post back unchanged."""
    form = client.get(reverse("mapping:organisation-edit", args=[organisation.pk])).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "purpose_areas":
            data[name] = [purpose.pk for purpose in value or []]
        elif value is not None and name != "logo":
            data[name] = value
    return data


def test_the_enterprise_user_cannot_change_moderation_or_rsv_fields(client, alice):
    organisation = alice.organisation
    client.force_login(alice)
    data = _form_data(client, organisation)
    data.update(
        description="Ny tekst",
        moderation_state="rejected",
        rejection_reason="selvafvist",
        rsv_registered="on",
        se_status="none",
        sector="private",
    )
    response = client.post(reverse("mapping:organisation-edit", args=[organisation.pk]), data)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.description == "Ny tekst"
    assert organisation.moderation_state == Organisation.Moderation.APPROVED
    assert organisation.rsv_registered is False
    assert organisation.se_status == Organisation.SocialEconomyStatus.EXISTING
    assert organisation.sector == Organisation.Sector.SOCIAL_ECONOMY


def test_the_project_leaders_hear_of_a_change_to_an_approved_profile(
    client, alice, leader, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    data = _form_data(client, alice.organisation)
    data["description"] = "Nu også med catering"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mapping:organisation-edit", args=[alice.organisation.pk]), data)
    assert [message.to for message in mail.outbox] == [[leader.email]]
    assert "Alices Café" in mail.outbox[0].subject
    assert "&amp;" not in mail.outbox[0].subject


def test_email_subjects_are_not_html_escaped(
    client, leader, bob, django_capture_on_commit_callbacks
):
    bob.organisation.name = "Bob & Co"
    bob.organisation.save()
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mapping:moderation-approve", args=[bob.organisation.pk]))
    assert "Bob & Co" in mail.outbox[0].subject


def test_the_project_leader_reads_the_change_history(client, leader, alice, other_area, purposes):
    client.force_login(leader)
    organisation = alice.organisation
    data = _form_data(client, organisation)
    data.update(
        town="Vojens",
        area=other_area.pk,
        se_status="potential",
        purpose_areas=[purposes["culture"].pk],
    )
    client.post(reverse("mapping:organisation-edit", args=[organisation.pk]), data)
    response = client.get(reverse("mapping:organisation-history", args=[organisation.pk]))
    # Read in Danish, the portal's language: labels, never codes or ids.
    changes = {
        str(change.field): {"old": str(change.old), "new": str(change.new)}
        for entry in response.context["history"]
        for change in entry.changes
    }
    assert changes["by"]["new"] == "Vojens"
    assert changes["lokalområde"]["old"] == "Haderslev"
    assert changes["lokalområde"]["new"] == "Vojens"
    assert changes["socialøkonomisk status"]["new"] == "Potentiel socialøkonomisk virksomhed"
    assert changes["formålsområder"]["new"] == "Kultur"
    html = response.content.decode()
    assert str(leader) in html


def test_staff_who_are_also_an_enterprises_user_edit_as_staff(
    client, leader, bob, consultant, django_capture_on_commit_callbacks
):
    # A consultant who is also Bob's enterprise user changes the rejected registration on the
    # staff page: it stays rejected (only its registrant sends it back to the queue), and
    # nobody is told of a change to a public profile.
    consultant.roles_grant([consultant.Role.ENTERPRISE])
    bob.organisation.users.add(consultant)
    organisation = bob.organisation
    organisation.moderation_state = Organisation.Moderation.REJECTED
    organisation.rejection_reason = "Mangler beskrivelse."
    organisation.save()
    client.force_login(consultant)
    data = _form_data(client, organisation)
    data["description"] = "Rettet af konsulenten."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mapping:organisation-edit", args=[organisation.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    organisation.refresh_from_db()
    assert organisation.description == "Rettet af konsulenten."
    assert organisation.moderation_state == Organisation.Moderation.REJECTED
    assert organisation.rejection_reason == "Mangler beskrivelse."
    assert mail.outbox == []
