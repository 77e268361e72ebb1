"""The network's mailings: who each group reaches, who is left out and why, and writing
a mailing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from mapping.models import Contact, Organisation, StakeholderAssessment
from network.forms.mailings import EventChoiceField
from network.models import Mailing, OptOut, SignUp
from network.selectors.mailings import NO_BASIS, OPTED_OUT, PROTECTED, audience
from network.services import mailings as services
from portal.models import User
from tests.conftest import make_organisation, make_user
from tests.factories.network_members import make_event, make_mailing, make_membership
from tests.network.mailing_world import build_network, contact, emails_of, excluded

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(alice):
    return build_network(alice)


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


def test_participants_are_left_out_of_a_marketing_mailing(db):
    # They gave their address for the event: no legal basis for marketing.
    event = make_event()
    SignUp.objects.create(event=event, name="Mette", email="mette@cafe.dk", state="confirmed")
    mailing = make_mailing(is_marketing=True)
    mailing.events.add(event)
    assert emails_of(mailing) == []
    assert excluded(mailing)[NO_BASIS] == 1


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


def test_the_events_to_choose_show_their_date_in_the_languages_short_format(db):
    event = make_event(title="Netværksmøde")
    event.starts_at = dt.datetime(2026, 11, 27, 13, 0, tzinfo=dt.UTC)
    field = EventChoiceField(queryset=None)
    with translation.override("da"):
        assert field.label_from_instance(event) == "Netværksmøde (27.11.2026)"
    with translation.override("en"):
        assert field.label_from_instance(event) == "Netværksmøde (27/11/2026)"
