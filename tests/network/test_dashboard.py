"""What the network adds to the navigation and the dashboard, per role."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network import dashboard
from network.models import Event, Membership, SignUp, Theme
from portal.models import User
from tests.conftest import make_user
from tests.network.staff_world import add_signup, in_days, make_event

pytestmark = pytest.mark.django_db

State = SignUp.State


@pytest.fixture
def municipal_employee(db):
    return make_user("medarbejder", User.Role.MUNICIPAL_EMPLOYEE)


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def menu(user):
    return {item.label: item for item in dashboard.nav(request_for(user))}


def test_staff_get_the_network_menu(consultant):
    items = menu(consultant)
    links = {child.label: child.url for child in items["Netværk"].children}
    assert links["Forvaltninger og kontaktpersoner"] == reverse("network:departments")
    assert links["Hvor uddannelsen er nået ud"] == reverse("network:training-reach")
    assert "Spørg om socialøkonomi" not in items


def test_every_link_of_the_staff_menu_is_there(consultant):
    items = menu(consultant)
    assert [child.url for child in items["Netværk"].children] == [
        reverse(name) for _label, name in dashboard.STAFF_LINKS
    ]


def test_municipal_staff_are_shown_whom_to_ask(municipal_employee):
    items = menu(municipal_employee)
    assert items["Spørg om socialøkonomi"].url == reverse("network:contacts-for-staff")
    assert "Netværk" not in items


@pytest.mark.parametrize("who", ["alice", "steering"])
def test_others_get_no_network_menu(request, who):
    items = menu(request.getfixturevalue(who))
    assert "Netværk" not in items and "Spørg om socialøkonomi" not in items


def test_everyone_gets_the_public_events(alice):
    assert menu(alice)["Arrangementer"].url == reverse("network:events")


# --- Panels ------------------------------------------------------------------------------


def panel(user, template):
    panels = [p for p in dashboard.panels(request_for(user)) if p.template.endswith(template)]
    assert len(panels) == 1, template
    return panels[0].context


def test_staff_see_coming_events_with_seats_and_applications(consultant, alice, bob):
    full = make_event(title="Fuldt netværksmøde", capacity=2, starts_at=in_days(3))
    add_signup(full, "Anna Andersen")
    add_signup(full, "Ole Olsen", State.OFFERED)
    add_signup(full, "Vera Vang", State.WAITING)
    add_signup(full, "Willy Wulff", State.WAITING)
    add_signup(full, "Carl Clausen", State.CANCELLED)
    make_event(title="Kladde", state=Event.State.DRAFT, starts_at=in_days(5))
    make_event(title="Aflyst", state=Event.State.CANCELLED)
    make_event(title="Forbi", starts_at=in_days(-2), ends_at=in_days(-2, hour=12))
    Membership.objects.create(organisation=alice.organisation, status=Membership.Status.APPLIED)
    Membership.objects.create(organisation=bob.organisation, status=Membership.Status.ACTIVE)
    context = panel(consultant, "panel_events_staff.html")
    events = context["events"]
    assert [event.title for event in events] == ["Fuldt netværksmøde", "Kladde"]
    assert (events[0].taken, events[0].offers, events[0].waiting) == (2, 1, 2)
    assert context["applications"] == 1


def test_the_staff_panel_costs_the_same_queries_however_many(consultant):
    dashboard.panels(request_for(consultant))  # the person's roles are read once
    counts = []
    for size in (1, 5):
        for number in range(size):
            event = make_event(title=f"Møde {size}-{number}", starts_at=in_days(number + 1))
            add_signup(event, "Anna Andersen")
            add_signup(event, "Vera Vang", State.WAITING)
        with CaptureQueriesContext(connection) as queries:
            dashboard.panels(request_for(consultant))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_enterprise_user_sees_their_sign_ups_and_membership(alice):
    coming = make_event(title="Netværksmøde i Gram")
    waiting = make_event(title="Lanceringen", starts_at=in_days(9), ends_at=in_days(9, hour=12))
    over = make_event(title="Forbi", starts_at=in_days(-2), ends_at=in_days(-2, hour=12))
    gone = make_event(title="Afmeldt")
    add_signup(coming, "Alice", user=alice, email="alice@example.dk")
    add_signup(waiting, "Alice", State.WAITING, user=alice, email="alice@example.dk")
    add_signup(over, "Alice", State.ATTENDED, user=alice, email="alice@example.dk")
    add_signup(gone, "Alice", State.CANCELLED, user=alice, email="alice@example.dk")
    membership = Membership.objects.create(
        organisation=alice.organisation, status=Membership.Status.ACTIVE
    )
    membership.themes.add(Theme.objects.create(name="Indkøb"))
    context = panel(alice, "panel_enterprise.html")
    assert [(s.event.title, s.state) for s in context["signups"]] == [
        ("Netværksmøde i Gram", State.CONFIRMED),
        ("Lanceringen", State.WAITING),
    ]
    [organisation] = context["organisations"]
    assert organisation.membership == membership
    assert [theme.name for theme in organisation.membership.themes.all()] == ["Indkøb"]


def test_the_dashboard_shows_the_enterprise_panel(client, alice, bob):
    membership = Membership.objects.create(
        organisation=alice.organisation, status=Membership.Status.ACTIVE
    )
    membership.themes.add(Theme.objects.create(name="Beskæftigelse"))
    client.force_login(alice)
    page = client.get(reverse("home")).content.decode()
    assert "Medlemskab af netværket" in page
    assert "Beskæftigelse" in page
    assert "Du er ikke tilmeldt nogen kommende arrangementer." in page


def test_an_organisation_without_membership_is_asked_to_apply(client, bob):
    client.force_login(bob)
    page = client.get(reverse("home")).content.decode()
    assert "ikke medlem" in page
    assert reverse("network:member-apply") in page


def test_a_municipal_employee_sees_coming_training_and_own_sign_ups(client, municipal_employee):
    training = make_event(title="Socialøkonomi for indkøbere", kind=Event.Kind.TRAINING)
    make_event(title="Kladdekursus", kind=Event.Kind.TRAINING, state=Event.State.DRAFT)
    make_event(title="Netværksmøde", kind=Event.Kind.NETWORK)
    add_signup(training, "Mads", user=municipal_employee, email="mads@haderslev.dk")
    context = panel(municipal_employee, "panel_municipal.html")
    assert [event.title for event in context["trainings"]] == ["Socialøkonomi for indkøbere"]
    assert [s.event.title for s in context["signups"]] == ["Socialøkonomi for indkøbere"]
    client.force_login(municipal_employee)
    page = client.get(reverse("home")).content.decode()
    assert "Uddannelse i socialøkonomi" in page
    assert reverse("network:contacts-for-staff") in page


STAFF_PANEL = "Ansøgninger til netværket"
ENTERPRISE_PANEL = "Arrangementer og netværket"


@pytest.mark.parametrize(
    ("who", "shown", "not_shown"),
    [
        ("leader", [STAFF_PANEL, "Netværksmøde i Vojens"], [ENTERPRISE_PANEL]),
        ("consultant", [STAFF_PANEL, "Netværksmøde i Vojens"], [ENTERPRISE_PANEL]),
        ("steering", [], [STAFF_PANEL, ENTERPRISE_PANEL, "Netværksmøde i Vojens"]),
        ("alice", [ENTERPRISE_PANEL], [STAFF_PANEL]),
    ],
)
def test_the_dashboard_shows_each_role_its_panel(client, request, who, shown, not_shown):
    event = make_event(title="Netværksmøde i Vojens")
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    for text in shown:
        assert text in page, text
    for text in not_shown:
        assert text not in page, text
    participants = reverse("network:participants", args=[event.pk])
    assert (participants in page) == (who in ("leader", "consultant"))


def test_the_public_sees_no_network_panel(client):
    assert dashboard.panels(request_for(_anonymous())) == []


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
