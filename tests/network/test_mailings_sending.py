"""The network's mailings sent: the count before sending is who it goes to, a status per
recipient, once however often it is clicked; unsubscribing, the public archive, and a
person's data."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import Mailing, OptOut, Recipient
from network.selectors.mailings import OPTED_OUT, PROTECTED, REASONS
from network.services import mailings as services
from portal.models import Delivery
from tests.factories.network_members import make_mailing
from tests.network.mailing_world import build_network, emails_of, excluded

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(alice):
    return build_network(alice)


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
        services.mailing_send(mailing=mailing, by=leader, count_seen=3)


def test_the_job_sends_each_address_once_when_it_runs_again(
    leader, alice, network, mailoutbox, django_capture_on_commit_callbacks
):
    from network.mailing_jobs import send_mailing

    mailing = make_mailing(to_members=True, by=leader)
    with django_capture_on_commit_callbacks(execute=True):
        _mailing, job = services.mailing_send(mailing=mailing, by=leader, count_seen=3)
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


@pytest.mark.parametrize("data", [{}, {"count": ""}, {"count": "tre"}])
def test_a_send_without_the_count_seen_is_refused(
    client, leader, alice, network, mailoutbox, data, django_capture_on_commit_callbacks
):
    mailing = make_mailing(to_members=True, by=leader)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network:mailing-send", args=[mailing.pk]), data, follow=True
        )
    assert [str(message) for message in response.context["messages"]] == [
        "Send nyhedsmailen fra dens side, som viser, hvor mange den går til."
    ]
    mailing.refresh_from_db()
    assert mailing.state == Mailing.State.DRAFT
    assert mailoutbox == []
    with pytest.raises(TypeError):
        services.mailing_send(mailing=mailing, by=leader)
