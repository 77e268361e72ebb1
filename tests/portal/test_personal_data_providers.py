"""A person's export and erasure through every app's personal data provider: each app's
section is in the export, erasure anonymises in each app and keeps the aggregates, and one
provider failing undoes them all."""

import datetime
import json
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.db.models import Sum
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from mapping.models import Contact, Interaction, Task
from mapping.selectors import privacy as selectors
from mapping.services import privacy as services
from portal import registry
from portal.models import RoleChange, SteeringGroupMember, User
from portal.privacy import PersonalDataProvider
from portal.programme.models import Activity, Phase, TimeEntry
from strategy.models import Action
from tests.factories.strategy import build_drafted_plan

pytestmark = pytest.mark.django_db

NAME = "Kirsten Holm Ravn"
EMAIL = "kirsten.ravn@example.dk"


def stored(message):
    with translation.override(django_settings.LANGUAGE_CODE):
        return gettext(message)


@pytest.fixture
def person(alice, leader):
    """A consultant who is also a contact at Alice's organisation and sits in the steering
    group: something about her in every app."""
    account = User.objects.create_user(
        username="kirsten",
        password="password",
        email=EMAIL,
        role=User.Role.CONSULTANT,
        first_name="Kirsten",
        last_name="Holm Ravn",
    )
    contact = Contact.objects.create(
        organisation=alice.organisation, name=NAME, email=EMAIL, purpose="Nøgleperson"
    )
    Interaction.objects.create(
        organisation=alice.organisation,
        contact=contact,
        kind=Interaction.Kind.CALL,
        date=datetime.date(2026, 3, 2),
        by=leader,
        summary="Talte om caféen.",
    )
    today = datetime.date(2026, 3, 2)
    phase = Phase.objects.create(
        number=1, name="Kortlægning", starts_on=today, ends_on=today, contracted=True
    )
    activity = Activity.objects.create(
        phase=phase,
        position=1,
        name="Interview",
        estimated_hours=Decimal("40"),
        planned_start=today,
        planned_end=today,
        responsible=account,
    )
    for hours in ("2.5", "4"):
        TimeEntry.objects.create(
            user=account,
            activity=activity,
            date=today,
            hours=Decimal(hours),
            note=f"Interview, skrevet af {NAME}",
        )
    RoleChange.objects.create(
        person=account, kind=RoleChange.Kind.INVITED, role=User.Role.CONSULTANT, by=leader
    )
    SteeringGroupMember.objects.create(
        name=NAME, organisation="Haderslev Kommune", email=EMAIL, user=account
    )
    alice.organisation.users.add(account)
    Task.objects.create(
        title="Ring til caféen",
        organisation=alice.organisation,
        owner=account,
        due_on=datetime.date(2026, 3, 9),
    )
    build_drafted_plan(by=account)  # actions[1] is owned by its author
    contact.account = account
    return contact


def held(record):
    return {section.key for section in record.sections if section.rows}


def test_the_export_holds_each_apps_section(person):
    record = selectors.person_record(contact=person)
    assert {
        "contact",
        "interactions",
        "user_accounts",
        "role_changes",
        "steering_group",
        "time_entries",
        "responsible_for_activities",
        "organisation_accounts",
        "strategy_actions",
        "mapping_tasks",
    } <= held(record)
    tasks = next(section for section in record.sections if section.key == "mapping_tasks")
    assert tasks.rows[0]["due"] == datetime.date(2026, 3, 9)
    for provider in registry.personal_data_providers():
        assert provider.export(record.person), type(provider).__name__


def test_each_section_says_why_and_for_how_long(person, leader, client):
    client.force_login(leader)
    data = json.loads(client.get(reverse("mapping:contact-export-json", args=[person.pk])).content)
    about = {section["key"]: section for section in data["sections"]}
    for section in about.values():
        assert section["purpose"] and section["legal_basis"] and section["retention"]
        assert section["at_erasure"]
    assert about["time_entries"]["kept_at_erasure_because"]  # accounting, kept on purpose
    assert about["time_entries"]["rows"] == 2
    assert sorted(entry["hours"] for entry in data["time_entries"]) == ["2.50", "4.00"]


def test_the_privacy_page_shows_the_other_apps_sections(person, leader, client):
    client.force_login(leader)
    content = client.get(reverse("mapping:contact-privacy", args=[person.pk])).content.decode()
    for text in ("Interview, skrevet af", "Haderslev Kommune", "Årlig messe"):
        assert text in content, text


def test_erasure_anonymises_in_each_app_and_keeps_the_aggregates(person, leader):
    account = person.account
    hours = TimeEntry.objects.aggregate(total=Sum("hours"))["total"]

    services.contact_erase(contact=person, by=leader, accounts=True)

    person.refresh_from_db()
    assert person.erased_at is not None and person.name == stored("Erased person")
    account.refresh_from_db()
    assert (account.first_name, account.last_name, account.email) == ("", "", "")
    assert account.username == f"erased-{account.pk}"
    assert not account.is_active and not account.has_usable_password()
    # The accounting stays, under the account without a name; its notes lose the name.
    entries = TimeEntry.objects.filter(user=account)
    assert entries.count() == 2
    assert TimeEntry.objects.aggregate(total=Sum("hours"))["total"] == hours
    assert all(NAME not in entry.note for entry in entries)
    member = SteeringGroupMember.objects.get()
    assert (member.email, member.user, member.active) == ("", None, False)
    assert NAME not in member.name
    assert not person.organisation.users.filter(pk=account.pk).exists()
    assert Action.objects.filter(owner_person=account).count() == 1
    assert Activity.objects.get().responsible == account
    assert RoleChange.objects.filter(person=account, kind=RoleChange.Kind.DEACTIVATED).exists()
    assert Interaction.objects.filter(contact=person).count() == 1


def test_without_the_accounts_erasure_leaves_them_and_their_rows(person, leader):
    services.contact_erase(contact=person, by=leader)
    account = User.objects.get(pk=person.account.pk)
    assert (account.email, account.is_active) == (EMAIL, True)
    member = SteeringGroupMember.objects.get()
    assert (member.user, member.name) == (account, NAME)


def test_a_steering_group_member_without_an_account_goes_with_the_contact(person, leader):
    SteeringGroupMember.objects.update(user=None)
    services.contact_erase(contact=person, by=leader)
    member = SteeringGroupMember.objects.get()
    assert (member.email, member.active) == ("", False)
    assert NAME not in member.name


def test_the_erase_page_erases_the_accounts_when_ticked(person, leader, client):
    client.force_login(leader)
    url = reverse("mapping:contact-erase", args=[person.pk])
    assert 'name="accounts"' in client.get(url).content.decode()
    response = client.post(url, {"confirm": "on", "listed_handled": "on", "accounts": "on"})
    assert response.status_code == 302
    account = User.objects.get(pk=person.account.pk)
    assert not account.is_active and not account.has_usable_password()


class Failing(PersonalDataProvider):
    def erase(self, person, *, by, marker):
        raise RuntimeError("the database went away")


def test_one_provider_failing_undoes_every_app(person, leader, monkeypatch):
    monkeypatch.setattr(
        registry, "_personal_data_providers", [*registry.personal_data_providers(), Failing()]
    )
    with pytest.raises(RuntimeError):
        services.contact_erase(contact=person, by=leader, accounts=True)

    person.refresh_from_db()
    assert (person.name, person.email, person.erased_at) == (NAME, EMAIL, None)
    account = User.objects.get(pk=person.account.pk)
    assert (account.username, account.email, account.is_active) == ("kirsten", EMAIL, True)
    assert all(NAME in entry.note for entry in TimeEntry.objects.all())
    member = SteeringGroupMember.objects.get()
    assert (member.name, member.user) == (NAME, account)
    assert person.organisation.users.filter(pk=account.pk).exists()
    assert not RoleChange.objects.filter(kind=RoleChange.Kind.DEACTIVATED).exists()
