"""Personal data: what is held about a person, its export, erasure and the retention list."""

import datetime
import io
import json

import pytest
from django.conf import settings as django_settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from mapping.models import Attendance, Contact, Feedback, Interaction, Meeting, Organisation
from mapping.services import privacy as services
from portal import registry
from portal.models import User
from tests.conftest import export_queries, make_organisation
from tests.permissions import ACTORS, LEADER_ONLY, check, log_in_as

pytestmark = pytest.mark.django_db

NAME = "Søren Ærø Østergård"
EMAIL = "soren.ostergard@example.dk"
PHONE = "+45 20 30 40 50"
OLD_ROLE = "Kasserer"
OLD_PHONE = "+45 11 22 33 44"
ROLE = "Formand"


def stored(message):
    with translation.override(django_settings.LANGUAGE_CODE):
        return gettext(message)


@pytest.fixture
def person(alice, leader):
    """A contact at Alice's organisation, changed twice, with meetings, feedback, an
    interaction and a log-in account with the same e-mail address."""
    contact = Contact.objects.create(
        organisation=alice.organisation,
        name=NAME,
        role=OLD_ROLE,
        email=EMAIL,
        phone=OLD_PHONE,
        purpose="Nøgleperson i kortlægningen",
        legal_basis=Contact.LegalBasis.PUBLIC_TASK,
        last_contacted_on=datetime.date(2026, 3, 2),
    )
    contact.role = ROLE
    contact.save()
    contact.phone = PHONE
    contact.save()
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.DIALOGUE,
        title="Dialogmøde i Vojens",
        starts_at=datetime.datetime(2026, 3, 2, 16, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 3, 2, 18, 0, tzinfo=datetime.UTC),
        place="Vojens Bibliotek",
        organiser=leader,
    )
    other = Contact.objects.create(
        organisation=alice.organisation, name="Grethe Hansen", purpose="Kontakt"
    )
    Attendance.objects.create(meeting=meeting, contact=contact, attended=True)
    Attendance.objects.create(meeting=meeting, contact=other, attended=False)
    Feedback.objects.create(
        text="Vi mangler lokaler til værkstedet.",
        theme=Feedback.Theme.NEEDS,
        meeting=meeting,
        contact=contact,
        recorded_by=leader,
    )
    Feedback.objects.create(
        text="Kommunen kunne købe frokost hos os.",
        theme=Feedback.Theme.IDEAS,
        meeting=meeting,
        contact=other,
        recorded_by=leader,
    )
    Interaction.objects.create(
        organisation=alice.organisation,
        contact=contact,
        kind=Interaction.Kind.CALL,
        date=datetime.date(2026, 3, 2),
        by=leader,
        summary="Talte om frivillige til caféen.",
    )
    account = User.objects.create_user(
        username="soren", password="password", email=EMAIL, role=User.Role.ENTERPRISE
    )
    contact.account = account
    contact.meeting = meeting
    return contact


def historical_rows(contact):
    return Contact.history.model.objects.filter(id=contact.pk)


# Erasure ------------------------------------------------------------------------------------


def test_it_removes_the_personal_fields_also_from_the_change_history(person, leader):
    assert historical_rows(person).filter(role=OLD_ROLE, phone=OLD_PHONE).exists()
    versions_before = historical_rows(person).count()

    services.contact_erase(contact=person, by=leader)

    person.refresh_from_db()
    assert person.name == stored("Erased person")
    assert (person.role, person.email, person.phone) == ("", "", "")
    assert person.erased_at is not None
    for old in (NAME, EMAIL, PHONE, OLD_PHONE, ROLE, OLD_ROLE):
        for field in Contact.PERSONAL_FIELDS:
            assert not historical_rows(person).filter(**{f"{field}__icontains": old}).exists()
    assert historical_rows(person).count() == versions_before + 1
    newest = historical_rows(person).order_by("-history_date", "-history_id").first()
    assert newest.history_change_reason == stored("Personal data erased on request")
    assert newest.history_user == leader
    assert NAME not in newest.history_change_reason


def test_it_keeps_the_counts(person, leader, alice):
    def counts():
        organisation = Organisation.objects.annotate(n=Count("contacts")).get(
            pk=alice.organisation.pk
        )
        meeting = Meeting.objects.annotate(
            invited=Count("attendances", distinct=True), feedback_n=Count("feedback", distinct=True)
        ).get(pk=person.meeting.pk)
        return (
            organisation.n,
            meeting.invited,
            Attendance.objects.filter(attended=True).count(),
            meeting.feedback_n,
            Feedback.objects.filter(theme=Feedback.Theme.NEEDS).count(),
            Interaction.objects.filter(organisation=alice.organisation).count(),
        )

    before = counts()
    services.contact_erase(contact=person, by=leader)
    assert counts() == before
    feedback = Feedback.objects.get(theme=Feedback.Theme.NEEDS)
    assert feedback.text == "Vi mangler lokaler til værkstedet."
    assert feedback.contact_id == person.pk
    assert str(feedback.contact) == stored("Erased person")
    interaction = Interaction.objects.get()
    assert interaction.summary == "Talte om frivillige til caféen."
    assert interaction.contact_id == person.pk


def test_it_leaves_the_user_account_to_be_handled_separately(person, leader):
    services.contact_erase(contact=person, by=leader)
    assert User.objects.filter(pk=person.account.pk, email=EMAIL, is_active=True).exists()


def test_it_is_all_or_nothing(person, leader, monkeypatch):
    versions_before = historical_rows(person).count()

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_scrub_admin_log", fail)
    with pytest.raises(RuntimeError):
        services.contact_erase(contact=person, by=leader)

    person.refresh_from_db()
    assert (person.name, person.email, person.phone, person.erased_at) == (NAME, EMAIL, PHONE, None)
    assert historical_rows(person).count() == versions_before
    assert historical_rows(person).filter(role=OLD_ROLE, phone=OLD_PHONE, name=NAME).exists()


def test_an_erased_person_cannot_be_erased_again(person, leader, client):
    services.contact_erase(contact=person, by=leader)
    versions = historical_rows(person).count()
    with pytest.raises(ValidationError):
        services.contact_erase(contact=person, by=leader)
    client.force_login(leader)
    url = reverse("mapping:contact-erase", args=[person.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "on"}).status_code == 404
    assert historical_rows(person).count() == versions


def test_it_scrubs_the_admin_log(person, leader, alice):
    contact_type = ContentType.objects.get_for_model(Contact)
    organisation_type = ContentType.objects.get_for_model(Organisation)
    LogEntry.objects.create(
        user=leader,
        content_type=contact_type,
        object_id=str(person.pk),
        object_repr=NAME,
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Phone"]}}]',
    )
    inline_change = json.dumps(
        [{"changed": {"name": "contact", "object": NAME, "fields": ["Role"]}}]
    )
    assert "\\u00f8" in inline_change  # how Django stores it: non-ASCII escaped
    LogEntry.objects.create(
        user=leader,
        content_type=organisation_type,
        object_id=str(alice.organisation.pk),
        object_repr=alice.organisation.name,
        action_flag=CHANGE,
        change_message=inline_change,
    )

    services.contact_erase(contact=person, by=leader)

    for entry in LogEntry.objects.all():
        assert NAME not in entry.object_repr
        assert NAME not in entry.get_change_message()
        assert json.dumps(NAME)[1:-1] not in entry.change_message
    assert LogEntry.objects.get(content_type=contact_type).object_repr == stored("Erased person")


def test_the_erase_page_lists_what_to_handle_separately(person, leader, client):
    client.force_login(leader)
    response = client.get(reverse("mapping:contact-erase", args=[person.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "soren" in content  # the account's user name
    assert 'name="confirm"' in content


def test_the_erase_form_needs_a_confirmation(person, leader, client):
    client.force_login(leader)
    response = client.post(reverse("mapping:contact-erase", args=[person.pk]), {})
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"] == [
        gettext("Tick the box to confirm the erasure.")
    ]
    person.refresh_from_db()
    assert person.name == NAME
    assert person.erased_at is None


def test_the_project_leader_erases_a_person(person, leader, client):
    client.force_login(leader)
    response = client.post(reverse("mapping:contact-erase", args=[person.pk]), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("mapping:contact-privacy", args=[person.pk])
    person.refresh_from_db()
    assert person.erased_at is not None
    page = client.get(response["Location"]).content.decode()
    assert NAME not in page
    assert EMAIL not in page
    assert reverse("mapping:contact-erase", args=[person.pk]) not in page


# The privacy page and the exports -------------------------------------------------------------


def test_the_privacy_page_shows_everything_held(person, leader, client):
    client.force_login(leader)
    content = client.get(reverse("mapping:contact-privacy", args=[person.pk])).content.decode()
    for text in (
        NAME,
        EMAIL,
        PHONE,
        "Nøgleperson i kortlægningen",
        "Dialogmøde i Vojens",
        "Vi mangler lokaler til værkstedet.",
        "Talte om frivillige til caféen.",
        "02.03.2026",
        "soren",
    ):
        assert text in content, text
    assert "Kommunen kunne købe frokost hos os." not in content  # said by someone else


def test_the_privacy_page_costs_a_fixed_number_of_queries(
    person, leader, client, alice, django_assert_max_num_queries
):
    client.force_login(leader)
    url = reverse("mapping:contact-privacy", args=[person.pk])
    # One query for each place where an app keeps free text that may name the person, one
    # for the names to look for, one for the uploaded spreadsheets and one for each section
    # of the export that an app's personal data provider adds.
    sections = len(client.get(url).context["record"].sections)
    budget = 14 + len(registry.personal_data_places()) + 2 + sections
    for size in (2, 12):
        while Interaction.objects.filter(contact=person).count() < size:
            n = Interaction.objects.count()
            Interaction.objects.create(
                organisation=alice.organisation,
                contact=person,
                kind=Interaction.Kind.EMAIL,
                date=datetime.date(2026, 1, 1),
                by=leader,
                summary=f"Mail {n}",
            )
            Feedback.objects.create(
                text=f"Udsagn {n}",
                theme=Feedback.Theme.IDEAS,
                organisation=alice.organisation,
                contact=person,
            ).tags.create(name=f"tag {n}")
            person.role = f"Rolle {n}"
            person.save()
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert len(response.context["record"].section("interactions").rows) == size


def test_the_history_shows_that_an_erasure_happened(person, leader, client):
    services.contact_erase(contact=person, by=leader)
    client.force_login(leader)
    response = client.get(reverse("mapping:contact-privacy", args=[person.pk]))
    newest = response.context["record"].section("history").rows[0]
    assert stored("Personal data erased on request") in newest["what"]
    content = response.content.decode()
    assert stored("Personal data erased on request") in content
    for old in (NAME, EMAIL, PHONE, OLD_PHONE, ROLE, OLD_ROLE):
        assert old not in content


def test_the_privacy_page_shows_unlinked_mentions(person, leader, client, alice):
    Feedback.objects.create(
        text=f"{NAME} tilbød at holde oplæg.",
        theme=Feedback.Theme.OFFERS,
        organisation=alice.organisation,
        recorded_by=leader,
    )
    client.force_login(leader)
    response = client.get(reverse("mapping:contact-privacy", args=[person.pk]))
    assert [m.excerpt for m in response.context["record"].mentions] == [
        f"{NAME} tilbød at holde oplæg."
    ]


def test_the_json_export_holds_the_persons_data(person, leader, client):
    client.force_login(leader)
    response = client.get(reverse("mapping:contact-export-json", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert NAME not in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["erased"] is False
    assert data["contact"]["name"] == NAME
    assert data["contact"]["email"] == EMAIL
    assert data["contact"]["phone"] == PHONE
    assert data["contact"]["legal_basis"]["code"] == "public_task"
    assert data["contact"]["last_contacted_on"] == "2026-03-02"
    datetime.datetime.fromisoformat(data["contact"]["created_at"])
    assert [item["text"] for item in data["feedback"]] == ["Vi mangler lokaler til værkstedet."]
    assert [item["summary"] for item in data["interactions"]] == ["Talte om frivillige til caféen."]
    assert data["meetings"][0]["title"] == "Dialogmøde i Vojens"
    assert data["meetings"][0]["attended"] is True
    assert data["meetings"][0]["starts_at"] == "2026-03-02T17:00:00+01:00"
    assert [account["username"] for account in data["user_accounts"]] == ["soren"]
    assert len(data["history"]) == 3
    assert {entry["values"]["phone"] for entry in data["history"]} == {PHONE, OLD_PHONE}


def test_the_json_export_of_an_erased_person_says_so(person, leader, client):
    services.contact_erase(contact=person, by=leader)
    client.force_login(leader)
    response = client.get(reverse("mapping:contact-export-json", args=[person.pk]))
    data = json.loads(response.content)
    assert data["erased"] is True
    datetime.datetime.fromisoformat(data["erased_at"])
    body = response.content.decode()
    for old in (NAME, EMAIL, PHONE, OLD_PHONE, ROLE, OLD_ROLE):
        assert old not in body
    assert data["user_accounts"] == []
    assert len(data["feedback"]) == 1


def _pdf_text(content):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_export_opens_and_holds_the_name(person, leader, client):
    client.force_login(leader)
    response = client.get(reverse("mapping:contact-export-pdf", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader, text = _pdf_text(response.content)
    assert NAME in text
    assert EMAIL in text
    assert "Vi mangler lokaler til værkstedet." in text
    assert "02.03.2026" in text  # Danish date format
    assert NAME in reader.metadata.title


def test_the_pdf_export_is_in_the_active_language(person, leader, client):
    client.force_login(leader)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("mapping:contact-export-pdf", args=[person.pk]))
    _reader, text = _pdf_text(response.content)
    assert "About the person" in text
    assert "02/03/2026" in text  # the British date of the English pages


def test_the_pdf_export_of_an_erased_person_says_so(person, leader, client):
    services.contact_erase(contact=person, by=leader)
    client.force_login(leader)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("mapping:contact-export-pdf", args=[person.pk]))
    _reader, text = _pdf_text(response.content)
    assert NAME not in text
    assert "was erased on" in " ".join(text.split())


def test_unknown_contacts_are_404(leader, client):
    client.force_login(leader)
    for name in ("contact-privacy", "contact-export-json", "contact-export-pdf", "contact-erase"):
        assert client.get(reverse(f"mapping:{name}", args=[999999])).status_code == 404


# Retention ------------------------------------------------------------------------------------


@pytest.fixture
def today():
    return timezone.localdate()


def _contact(organisation, name, *, last=None, created_days_ago=0, **extra):
    contact = Contact.objects.create(
        organisation=organisation, name=name, purpose="Kontakt", last_contacted_on=last, **extra
    )
    Contact.objects.filter(pk=contact.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=created_days_ago)
    )
    return contact


@pytest.fixture
def kept(alice, today, settings):
    settings.CONTACT_RETENTION_DAYS = 730
    organisation = alice.organisation
    days = datetime.timedelta
    return {
        "exactly": _contact(organisation, "Præcis grænse", last=today - days(730)),
        "one_over": _contact(organisation, "Én dag over", last=today - days(731)),
        "long_ago": _contact(organisation, "Åge Længe", last=today - days(2000)),
        "recent": _contact(organisation, "Nylig Kontakt", last=today - days(10)),
        "never_old": _contact(organisation, "Aldrig Kontaktet", created_days_ago=800),
        "never_new": _contact(organisation, "Ny Kontakt", created_days_ago=5),
        "old_but_recent": _contact(
            organisation, "Gammel Men Aktiv", last=today - days(3), created_days_ago=3000
        ),
        "erased": _contact(
            organisation, "Slettet", last=today - days(3000), erased_at=timezone.now()
        ),
    }


def test_the_retention_list_holds_the_right_contacts(kept, leader, client):
    client.force_login(leader)
    response = client.get(reverse("mapping:contact-retention"))
    assert response.status_code == 200
    shown = [contact.pk for contact in response.context["contacts"]]
    assert shown == [kept[key].pk for key in ("long_ago", "never_old", "one_over")]
    content = response.content.decode()
    assert reverse("mapping:contact-privacy", args=[kept["long_ago"].pk]) in content
    assert set(export_queries(content)) == {"csv", "xlsx"}


def test_the_retention_list_download_links_keep_the_filters(kept, leader, client):
    client.force_login(leader)
    filters = {"legal_basis": "contract", "q": "Åge"}
    response = client.get(reverse("mapping:contact-retention"), filters)
    for query in export_queries(response.content.decode()).values():
        assert {key: query[key] for key in filters} == filters


def test_the_retention_period_comes_from_the_settings(kept, leader, client, settings):
    settings.CONTACT_RETENTION_DAYS = 5
    client.force_login(leader)
    shown = {c.pk for c in client.get(reverse("mapping:contact-retention")).context["contacts"]}
    assert kept["recent"].pk in shown
    assert kept["never_new"].pk not in shown  # exactly 5 days
    assert kept["old_but_recent"].pk not in shown


def test_the_retention_period_defaults_to_two_years(kept, leader, client, settings):
    del settings.CONTACT_RETENTION_DAYS
    client.force_login(leader)
    shown = {c.pk for c in client.get(reverse("mapping:contact-retention")).context["contacts"]}
    assert shown == {kept[key].pk for key in ("long_ago", "never_old", "one_over")}


def test_the_retention_list_filters_and_exports_what_it_shows(kept, leader, client):
    Contact.objects.filter(pk=kept["long_ago"].pk).update(legal_basis="contract")
    client.force_login(leader)
    url = reverse("mapping:contact-retention")
    shown = client.get(url, {"legal_basis": "contract"}).context["contacts"]
    assert [contact.pk for contact in shown] == [kept["long_ago"].pk]

    response = client.get(url, {"legal_basis": "contract", "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "Åge Længe" in body
    assert "Én dag over" not in body

    response = client.get(url, {"q": "aldrig", "export": "xlsx"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Aldrig Kontaktet"]


def test_the_retention_list_filter_rejects_an_unknown_legal_basis(kept, leader, client):
    client.force_login(leader)
    response = client.get(reverse("mapping:contact-retention"), {"legal_basis": "whim"})
    assert response.status_code == 200
    assert "legal_basis" in response.context["form"].errors


def test_the_retention_list_costs_a_fixed_number_of_queries(
    alice, leader, client, today, django_assert_max_num_queries
):
    client.force_login(leader)
    url = reverse("mapping:contact-retention")
    for size in (2, 20):
        for i in range(size - Contact.objects.count()):
            organisation = make_organisation(f"Forening {size}-{i}")
            _contact(organisation, f"Person {size}-{i}", last=today - datetime.timedelta(999))
        # (One of them reads the roles of the person who asks.)
        with django_assert_max_num_queries(6):
            response = client.get(url)
        assert len(response.context["contacts"]) == size


# Who may do what --------------------------------------------------------------------------------

URLS = [
    ("contact-privacy", True),
    ("contact-export-json", True),
    ("contact-export-pdf", True),
    ("contact-erase", True),
    ("contact-retention", False),
]


@pytest.fixture
def actors(alice, bob, consultant, steering, leader):
    return {
        "alice": alice,
        "bob": bob,
        "consultant": consultant,
        "steering": steering,
        "leader": leader,
    }


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("name", "per_contact"), URLS, ids=[row[0] for row in URLS])
def test_permission_matrix(client, actors, person, actor, name, per_contact):
    log_in_as(client, actors, actor)
    url = reverse(f"mapping:{name}", args=[person.pk] if per_contact else [])
    response = client.get(url)
    check(response, LEADER_ONLY[actor])
    if actor != "leader":
        assert NAME.encode() not in response.content
        assert EMAIL.encode() not in response.content


@pytest.mark.parametrize("actor", ["anonymous", "alice", "bob", "consultant", "steering"])
def test_only_the_project_leader_may_erase(client, actors, person, actor):
    log_in_as(client, actors, actor)
    response = client.post(reverse("mapping:contact-erase", args=[person.pk]), {"confirm": "on"})
    assert response.status_code in (302, 403)
    person.refresh_from_db()
    assert person.name == NAME
    assert person.erased_at is None


def test_the_steering_group_cannot_see_contacts_personal_data(client, steering, person, alice):
    client.force_login(steering)
    for url in (
        reverse("mapping:contact-retention"),
        reverse("mapping:contact-retention") + "?export=csv",
        reverse("mapping:contact-privacy", args=[person.pk]),
        reverse("mapping:contact-export-json", args=[person.pk]),
        reverse("mapping:contact-export-pdf", args=[person.pk]),
        reverse("mapping:organisation-detail", args=[alice.organisation.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert EMAIL.encode() not in response.content


def test_a_consultant_sees_contacts_on_the_organisation_page(client, consultant, person, alice):
    client.force_login(consultant)
    response = client.get(reverse("mapping:organisation-detail", args=[alice.organisation.pk]))
    assert response.status_code == 200
    assert NAME in response.content.decode()
    assert EMAIL in response.content.decode()
