"""The network's mailings: who each group reaches, who is left out and why, the count before
sending, sending with a status per recipient (once, however often it is clicked),
unsubscribing, and the public archive."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from mapping.models import Contact, Organisation, StakeholderAssessment
from network.models import Mailing, OptOut, Recipient, SignUp
from network.selectors.mailings import NO_BASIS, OPTED_OUT, PROTECTED, REASONS, audience
from network.services import mailings as services
from portal.models import Delivery, User
from tests.conftest import make_organisation, make_user
from tests.factories.mapping import ContactFactory
from tests.factories.network_members import make_event, make_mailing, make_membership, make_theme

pytestmark = pytest.mark.django_db


def emails_of(mailing):
    return [person.email for person in audience(mailing).recipients]


def excluded(mailing):
    counts = dict(audience(mailing).excluded)
    return {key: counts[label] for key, label in REASONS.items()}


def contact(organisation, email, **fields):
    return ContactFactory(organisation=organisation, email=email, **fields)


@pytest.fixture
def network(alice):
    """Alice's café, an active member following "Indkøb" with a contact; a member protected
    against advertising; one that has only applied."""
    indkob = make_theme("Indkøb")
    make_membership(alice.organisation, themes=[indkob])
    contact(alice.organisation, "mette@cafe.dk")
    protected = make_organisation("Beskyttet ApS", advertising_protected=True)
    make_membership(protected)
    contact(protected, "per@beskyttet.dk")
    applicant = make_organisation("Ansøger ApS")
    make_membership(applicant, status="applied")
    contact(applicant, "ansoger@example.dk")
    return {"indkob": indkob, "protected": protected, "applicant": applicant}


# --- Who each group reaches ------------------------------------------------------------------


def test_network_members_are_the_contacts_and_users_of_active_members(alice, network):
    mailing = make_mailing(to_members=True)
    assert emails_of(mailing) == ["alice@example.dk", "mette@cafe.dk", "per@beskyttet.dk"]


def test_a_marketing_mailing_leaves_out_everyone_at_a_protected_organisation(alice, network):
    protected_user = make_user("peruser", User.Role.ENTERPRISE)
    network["protected"].users.add(protected_user)
    mailing = make_mailing(to_members=True, is_marketing=True)
    assert emails_of(mailing) == ["alice@example.dk", "mette@cafe.dk"]
    assert excluded(mailing)[PROTECTED] == 2


def test_a_news_mail_that_is_no_marketing_reaches_a_protected_organisation(alice, network):
    mailing = make_mailing(to_members=True, is_marketing=False)
    assert "per@beskyttet.dk" in emails_of(mailing)
    assert excluded(mailing)[PROTECTED] == 0


def test_an_address_that_unsubscribed_is_left_out_whatever_its_case(alice, network):
    contact(alice.organisation, "Sluk@Cafe.dk")
    OptOut.objects.create(email="sluk@cafe.dk")
    mailing = make_mailing(to_members=True)
    assert "sluk@cafe.dk" not in emails_of(mailing)
    assert excluded(mailing)[OPTED_OUT] == 1


def test_contacts_without_a_legal_basis_for_mail_are_left_out(alice, network):
    contact(alice.organisation, "slettet@cafe.dk", erased_at=timezone.now())
    contact(alice.organisation, "kontrakt@cafe.dk", legal_basis=Contact.LegalBasis.CONTRACT)
    contact(alice.organisation, "pligt@cafe.dk", legal_basis=Contact.LegalBasis.LEGAL_OBLIGATION)
    contact(alice.organisation, "formaal@cafe.dk", purpose=" ")
    contact(alice.organisation, "opgave@cafe.dk", legal_basis=Contact.LegalBasis.PUBLIC_TASK)
    mailing = make_mailing(to_members=True)
    found = emails_of(mailing)
    assert "opgave@cafe.dk" in found
    for left_out in ("slettet", "kontrakt", "pligt", "formaal"):
        assert f"{left_out}@cafe.dk" not in found
    assert excluded(mailing)[NO_BASIS] == 4


def test_each_address_is_counted_once(alice, network):
    contact(alice.organisation, "Alice@Example.DK", name="Alice igen")
    other = make_organisation("Andet Medlem")
    make_membership(other)
    contact(other, "METTE@cafe.dk")
    mailing = make_mailing(to_members=True, to_municipal_staff=True)
    found = emails_of(mailing)
    assert found.count("alice@example.dk") == 1
    assert found.count("mette@cafe.dk") == 1
    assert len(found) == len(set(found))


def test_an_address_left_out_in_one_group_is_left_out_in_all(alice, network):
    # Mette is also a participant of an event, but she unsubscribed.
    event = make_event()
    SignUp.objects.create(event=event, name="Mette", email="mette@cafe.dk", state="confirmed")
    OptOut.objects.create(email="mette@cafe.dk")
    mailing = make_mailing(to_members=True)
    mailing.events.add(event)
    assert "mette@cafe.dk" not in emails_of(mailing)


def test_followers_of_a_theme_are_the_active_members_following_it(alice, network):
    other = make_organisation("Følger ikke")
    make_membership(other)
    contact(other, "andet@example.dk")
    mailing = make_mailing()
    mailing.themes.add(network["indkob"])
    assert emails_of(mailing) == ["alice@example.dk", "mette@cafe.dk"]


def test_participants_are_the_sign_ups_that_still_stand(db):
    event = make_event()
    for number, state in enumerate(SignUp.State.values):
        SignUp.objects.create(
            event=event, name=state, email=f"{state}@example.dk", state=state, position=number
        )
    SignUp.objects.create(
        event=event,
        name="",
        email="slettet@example.dk",
        state="confirmed",
        erased_at=timezone.now(),
    )
    mailing = make_mailing()
    mailing.events.add(event)
    assert emails_of(mailing) == [
        "attended@example.dk",
        "confirmed@example.dk",
        "offered@example.dk",
        "waiting@example.dk",
    ]


def test_stakeholders_in_a_quadrant_are_the_contacts_of_those_assessed_there(db):
    informed = make_organisation("Ældrerådet", sector=Organisation.Sector.PUBLIC)
    StakeholderAssessment.objects.create(organisation=informed, influence=2, interest=4)
    contact(informed, "raad@example.dk")
    monitored = make_organisation("Fjern Forening")
    StakeholderAssessment.objects.create(organisation=monitored, influence=1, interest=1)
    contact(monitored, "fjern@example.dk")
    contact(make_organisation("Ikke vurderet"), "ukendt@example.dk")
    mailing = make_mailing(quadrants=[StakeholderAssessment.Quadrant.KEEP_INFORMED])
    assert emails_of(mailing) == ["raad@example.dk"]
    mailing.quadrants = ["keep_informed", "monitor"]
    assert emails_of(mailing) == ["fjern@example.dk", "raad@example.dk"]


def test_municipal_staff_are_the_active_users_with_that_role(alice):
    make_user("kommune", User.Role.MUNICIPAL_EMPLOYEE)
    make_user("stoppet", User.Role.MUNICIPAL_EMPLOYEE, is_active=False)
    mailing = make_mailing(to_municipal_staff=True)
    assert emails_of(mailing) == ["kommune@example.dk"]


# --- The page before sending, and sending ---------------------------------------------------


def _send(client, mailing, count, capture):
    with capture(execute=True):
        return client.post(
            reverse("network:mailing-send", args=[mailing.pk]), {"count": count}, follow=True
        )


def test_the_count_shown_before_sending_is_who_it_is_sent_to(
    client, leader, alice, network, mailoutbox, django_capture_on_commit_callbacks
):
    mailing = make_mailing(to_members=True, is_marketing=True, by=leader)
    OptOut.objects.create(email="mette@cafe.dk")
    client.force_login(leader)
    response = client.get(reverse("network:mailing", args=[mailing.pk]))
    shown = response.context["audience"]
    assert shown.count == 1  # Alice: Mette unsubscribed, Per is protected
    assert dict(shown.excluded)[REASONS[OPTED_OUT]] == 1
    assert dict(shown.excluded)[REASONS[PROTECTED]] == 1
    response = _send(client, mailing, shown.count, django_capture_on_commit_callbacks)
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.SENT
    assert mailing.sent_by == leader
    recipients = list(mailing.recipients.all())
    assert [recipient.email for recipient in recipients] == [p.email for p in shown.recipients]
    assert [mail.to for mail in mailoutbox] == [["alice@example.dk"]]


def test_sending_records_one_delivery_each_with_its_status(
    client, leader, alice, network, mailoutbox, django_capture_on_commit_callbacks
):
    mailing = make_mailing(to_members=True, by=leader)
    client.force_login(leader)
    _send(client, mailing, 3, django_capture_on_commit_callbacks)
    recipients = list(Recipient.objects.filter(mailing=mailing).select_related("delivery"))
    assert len(recipients) == 3
    assert {recipient.delivery.status for recipient in recipients} == {Delivery.Status.SENT}
    assert len({recipient.delivery_id for recipient in recipients}) == 3
    assert Delivery.objects.filter(template="network_mailing").count() == 3
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "alice@example.dk",
        "mette@cafe.dk",
        "per@beskyttet.dk",
    ]
    assert mailoutbox[0].subject == "Nyt fra netværket"
    response = client.get(reverse("network:mailing", args=[mailing.pk]))
    assert response.context["totals"] == {"sent": 3}
    page = response.content.decode()
    assert "per@beskyttet.dk" in page


def test_the_mail_has_the_text_a_web_page_link_and_an_unsubscribe_link(
    client, leader, alice, network, mailoutbox, django_capture_on_commit_callbacks
):
    mailing = make_mailing(to_members=True, by=leader)
    client.force_login(leader)
    _send(client, mailing, 3, django_capture_on_commit_callbacks)
    mail = next(mail for mail in mailoutbox if mail.to == ["mette@cafe.dk"])
    html = mail.alternatives[0][0]
    assert "http://testserver" + reverse("network:news", args=[mailing.pk]) in mail.body
    assert '<a href="https://example.dk/nyt"' in html
    assert "<p>Kære alle</p>" in html
    [link] = re.findall(r"http://testserver(/network/unsubscribe/[^/\s]+/)", mail.body)
    assert link in html


def test_a_second_send_is_refused_and_sends_nothing_more(
    client, leader, alice, network, mailoutbox, django_capture_on_commit_callbacks
):
    mailing = make_mailing(to_members=True, by=leader)
    client.force_login(leader)
    _send(client, mailing, 3, django_capture_on_commit_callbacks)
    response = _send(client, mailing, 3, django_capture_on_commit_callbacks)
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    assert len(mailoutbox) == 3
    assert Recipient.objects.filter(mailing=mailing).count() == 3
    with pytest.raises(services.ValidationError):
        services.mailing_send(mailing=mailing, by=leader)


def test_the_job_sends_each_address_once_when_it_runs_again(
    leader, alice, network, mailoutbox, django_capture_on_commit_callbacks
):
    from network.mailing_jobs import send_mailing

    mailing = make_mailing(to_members=True, by=leader)
    with django_capture_on_commit_callbacks(execute=True):
        _mailing, job = services.mailing_send(mailing=mailing, by=leader)
    assert len(mailoutbox) == 3
    send_mailing.function(job, mailing.pk, "")
    assert len(mailoutbox) == 3
    assert Delivery.objects.filter(template="network_mailing").count() == 3


def test_a_mailing_without_a_group_cannot_be_sent(
    client, leader, alice, network, django_capture_on_commit_callbacks
):
    mailing = make_mailing(by=leader)
    client.force_login(leader)
    page = client.get(reverse("network:mailing", args=[mailing.pk])).content.decode()
    assert reverse("network:mailing-send", args=[mailing.pk]) not in page
    response = _send(client, mailing, 0, django_capture_on_commit_callbacks)
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.DRAFT
    assert not mailing.recipients.exists()


def test_a_mailing_that_would_reach_nobody_cannot_be_sent(
    client, leader, django_capture_on_commit_callbacks
):
    mailing = make_mailing(to_municipal_staff=True, by=leader)
    client.force_login(leader)
    _send(client, mailing, 0, django_capture_on_commit_callbacks)
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.DRAFT


def test_a_send_is_refused_when_the_count_changed_since_the_page(
    client, leader, alice, network, mailoutbox, django_capture_on_commit_callbacks
):
    mailing = make_mailing(to_members=True, by=leader)
    client.force_login(leader)
    response = _send(client, mailing, 2, django_capture_on_commit_callbacks)
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.DRAFT
    assert mailoutbox == []


# --- Writing ---------------------------------------------------------------------------------


def test_the_project_leader_writes_a_draft(client, leader, network):
    client.force_login(leader)
    response = client.post(
        reverse("network:mailing-create"),
        {
            "subject": "Invitation",
            "body": "Kom og vær med",
            "is_marketing": "on",
            "themes": [network["indkob"].pk],
            "quadrants": ["keep_informed"],
        },
    )
    mailing = Mailing.objects.get()
    assert response["Location"] == reverse("network:mailing", args=[mailing.pk])
    assert mailing.state == Mailing.State.DRAFT
    assert mailing.created_by == leader
    assert list(mailing.themes.all()) == [network["indkob"]]
    assert mailing.quadrants == ["keep_informed"]
    assert mailing.is_marketing is True


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"subject": "", "body": "Tekst"}, "subject"),
        ({"subject": "Emne", "body": ""}, "body"),
        ({"subject": "Emne", "body": "Tekst", "quadrants": ["everyone"]}, "quadrants"),
        ({"subject": "Emne", "body": "Tekst", "events": [99999]}, "events"),
    ],
)
def test_a_mailing_with_bad_input_is_not_saved(client, leader, data, field):
    client.force_login(leader)
    response = client.post(reverse("network:mailing-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Mailing.objects.exists()


def test_a_sent_mailing_cannot_be_edited(client, leader):
    mailing = make_mailing(by=leader, state=Mailing.State.SENT, sent_at=timezone.now())
    client.force_login(leader)
    response = client.post(
        reverse("network:mailing-edit", args=[mailing.pk]), {"subject": "Ændret", "body": "x"}
    )
    assert response.status_code == 302
    mailing.refresh_from_db()
    assert mailing.subject == "Nyt fra netværket"
    with pytest.raises(services.ValidationError):
        services.mailing_update(mailing=mailing, by=leader, subject="Ændret")


def test_a_draft_is_edited(client, leader):
    mailing = make_mailing(by=leader)
    client.force_login(leader)
    client.post(
        reverse("network:mailing-edit", args=[mailing.pk]),
        {"subject": "Ændret", "body": "Ny tekst", "to_members": "on"},
    )
    mailing.refresh_from_db()
    assert (mailing.subject, mailing.to_members) == ("Ændret", True)


# --- Unsubscribing, and the archive ----------------------------------------------------------


def test_the_unsubscribe_link_works_and_the_address_is_left_out_next_time(
    client, leader, alice, network, mailoutbox, django_capture_on_commit_callbacks
):
    mailing = make_mailing(to_members=True, by=leader)
    client.force_login(leader)
    _send(client, mailing, 3, django_capture_on_commit_callbacks)
    mail = next(mail for mail in mailoutbox if mail.to == ["mette@cafe.dk"])
    [link] = re.findall(r"http://testserver(/network/unsubscribe/[^/\s]+/)", mail.body)
    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "mette@cafe.dk" in page.content.decode()
    assert not OptOut.objects.exists()
    client.post(link)
    client.post(link)  # twice is once
    assert list(OptOut.objects.values_list("email", flat=True)) == ["mette@cafe.dk"]
    later = make_mailing(to_members=True)
    assert "mette@cafe.dk" not in emails_of(later)
    assert excluded(later)[OPTED_OUT] == 1


def test_a_forged_unsubscribe_link_is_refused(client):
    forged = services.unsubscribe_token("a@example.dk")[:-3] + "abc"
    for token in (forged, "a@example.dk"):
        response = client.post(reverse("network:unsubscribe", args=[token]))
        assert response.status_code == 404
    assert not OptOut.objects.exists()


def test_the_archive_lists_the_sent_mailings_as_web_pages(client, leader):
    sent = make_mailing(subject="Sendt nyhed", state=Mailing.State.SENT, sent_at=timezone.now())
    draft = make_mailing(subject="Hemmelig kladde")
    page = client.get(reverse("network:news-archive")).content.decode()
    assert "Sendt nyhed" in page
    assert "Hemmelig kladde" not in page
    news = client.get(reverse("network:news", args=[sent.pk]))
    assert news.status_code == 200
    assert '<a href="https://example.dk/nyt"' in news.content.decode()
    assert client.get(reverse("network:news", args=[draft.pk])).status_code == 404
    client.force_login(leader)
    assert client.get(reverse("network:news", args=[draft.pk])).status_code == 200


# --- A person's data -------------------------------------------------------------------------


def test_a_persons_mailings_are_exported_and_erased_but_their_unsubscription_kept(leader):
    from network.personal_data_members import MembersMailingsProvider
    from portal.personal_data import PersonMatcher
    from portal.privacy import Person

    mailing = make_mailing(by=leader, state=Mailing.State.SENT, sent_at=timezone.now())
    Recipient.objects.create(mailing=mailing, email="Mette@Cafe.dk", name="Mette Møller")
    Recipient.objects.create(mailing=mailing, email="anden@cafe.dk", name="En Anden")
    OptOut.objects.create(email="mette@cafe.dk")
    person = Person(matcher=PersonMatcher(names=["Mette Møller"], emails=["mette@cafe.dk"]))
    provider = MembersMailingsProvider()
    sent, unsubscribed = provider.export(person)
    assert [row["subject"] for row in sent.rows] == ["Nyt fra netværket"]
    assert [row["email"] for row in unsubscribed.rows] == ["mette@cafe.dk"]
    provider.erase(person, by=leader, marker="[slettet]")
    assert sorted(mailing.recipients.values_list("name", flat=True)) == ["", "En Anden"]
    assert mailing.recipients.count() == 2
    assert OptOut.objects.filter(email="mette@cafe.dk").exists()


def test_counting_the_audience_costs_the_same_queries_for_few_and_many(
    alice, network, django_assert_max_num_queries
):
    event = make_event()
    mailing = make_mailing(to_members=True, to_municipal_staff=True, quadrants=["monitor"])
    mailing.themes.add(network["indkob"])
    mailing.events.add(event)
    with django_assert_max_num_queries(20) as few:
        audience(mailing)
    for number in range(10):
        member = make_organisation(f"Medlem {number}")
        make_membership(member, themes=[network["indkob"]])
        contact(member, f"kontakt{number}@example.dk")
        SignUp.objects.create(
            event=event, name="Deltager", email=f"d{number}@example.dk", state="confirmed"
        )
        make_user(f"kommune{number}", User.Role.MUNICIPAL_EMPLOYEE)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert audience(mailing).count > 30
