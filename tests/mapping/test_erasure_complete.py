"""Erasure leaves nobody behind: every text that names the person is scrubbed (with its change
history) or listed honestly on the confirmation page, and their uploads go at once."""

import datetime
import json

import pytest
from django.conf import settings as django_settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from mapping.models import (
    Case,
    Contact,
    Feedback,
    ImportBatch,
    Interaction,
    Meeting,
    Organisation,
    ReportNarrative,
    ReportVersion,
)
from mapping.services import privacy as services
from mapping.spreadsheets import read_spreadsheet
from portal.programme.models import Decision, SteeringMeeting
from portal.storage import private_storage
from tests.factories.mapping import ImportBatchFactory
from tests.mapping.import_steps import csv_file, jobs_run
from tests.mapping.report_fakes import freeze_now

pytestmark = pytest.mark.django_db

NAME = "Søren Østergård"
EMAIL = "soren.ostergard@example.dk"
# Someone else, whose name or address merely looks like the person's.
SIMILAR = "Søren Østergårdsen"
SIMILAR_EMAIL = "x.soren.ostergard@example.dk"


def stored(message):
    with translation.override(django_settings.LANGUAGE_CODE):
        return gettext(message)


def marker():
    return stored("[erased person]")


@pytest.fixture
def person(alice):
    return Contact.objects.create(
        organisation=alice.organisation, name=NAME, email=EMAIL, purpose="Nøgleperson"
    )


@pytest.fixture
def meeting(leader):
    return Meeting.objects.create(
        kind=Meeting.Kind.DIALOGUE,
        title="Dialogmøde i Vojens",
        starts_at=datetime.datetime(2026, 3, 2, 16, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 3, 2, 18, 0, tzinfo=datetime.UTC),
        place="Vojens Bibliotek",
        organiser=leader,
        minutes=f"{NAME.upper()} fortalte om caféen. {SIMILAR} spurgte til lokaler.",
    )


def interaction(alice, leader, summary, contact=None):
    return Interaction.objects.create(
        organisation=alice.organisation,
        contact=contact,
        kind=Interaction.Kind.CALL,
        date=datetime.date(2026, 3, 2),
        by=leader,
        summary=summary,
    )


def steering_meeting(leader, minutes):
    return SteeringMeeting.objects.create(
        starts_at=datetime.datetime(2026, 4, 1, 14, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 4, 1, 16, 0, tzinfo=datetime.UTC),
        place="Rådhuset",
        minutes=minutes,
        created_by=leader,
    )


def test_the_texts_that_name_the_person_are_scrubbed(person, meeting, alice, leader):
    linked = interaction(alice, leader, f"Ringede til {NAME} om frivillige.", contact=person)
    unlinked = interaction(alice, leader, f"Skriv til {EMAIL.upper()} om lokalerne.")
    feedback = Feedback.objects.create(
        text=f"{NAME}s forslag: fælles indkøb.", theme=Feedback.Theme.IDEAS, meeting=meeting
    )
    count = Interaction.objects.count(), Feedback.objects.count()

    services.contact_erase(contact=person, by=leader)

    linked.refresh_from_db()
    unlinked.refresh_from_db()
    feedback.refresh_from_db()
    meeting.refresh_from_db()
    assert linked.summary == f"Ringede til {marker()} om frivillige."
    assert unlinked.summary == f"Skriv til {marker()} om lokalerne."
    assert feedback.text == f"{marker()} forslag: fælles indkøb."
    assert meeting.minutes == f"{marker()} fortalte om caféen. {SIMILAR} spurgte til lokaler."
    assert (Interaction.objects.count(), Feedback.objects.count()) == count
    assert linked.contact_id == person.pk


def test_the_change_history_is_scrubbed_too(person, alice, leader):
    case = Case.objects.create(
        organisation=alice.organisation,
        title="Caféen",
        problem=f"{NAME} manglede et sted at mødes.",
        method="Fællesspisning",
    )
    case.problem = f"Borgerne manglede et sted at mødes, sagde {NAME}."
    case.save()
    steering = steering_meeting(leader, f"Referent: {EMAIL}")
    assert case.history.count() == 2

    services.contact_erase(contact=person, by=leader)

    case.refresh_from_db()
    assert case.problem == f"Borgerne manglede et sted at mødes, sagde {marker()}."
    assert case.history.count() == 2  # scrubbed, not a new version that remembers
    for row in (*case.history.all(), *steering.history.all()):
        text = f"{getattr(row, 'problem', '')} {getattr(row, 'minutes', '')}"
        assert "Søren" not in text and "soren" not in text, text
    steering.refresh_from_db()
    assert steering.minutes == f"Referent: {marker()}"


def test_the_admin_log_of_any_object_is_scrubbed(person, meeting, leader):
    entry = LogEntry.objects.create(
        user=leader,
        content_type=ContentType.objects.get_for_model(Meeting),
        object_id=str(meeting.pk),
        object_repr=f"Møde med {NAME}",
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["Minutes"], "object": NAME}}]),
    )

    services.contact_erase(contact=person, by=leader)

    entry.refresh_from_db()
    assert entry.object_repr == f"Møde med {marker()}"
    assert "Søren" not in entry.get_change_message()
    assert json.dumps(NAME)[1:-1] not in entry.change_message


def test_a_similar_name_is_neither_listed_nor_scrubbed(person, alice, leader, client):
    others = [
        interaction(alice, leader, f"Aftale med {SIMILAR} om kaffe."),
        interaction(alice, leader, f"Kopi til {SIMILAR_EMAIL}."),
        interaction(alice, leader, f"Mødtes med Karsten {NAME}-Holm."),
    ]
    named = interaction(alice, leader, f"Aftale med {NAME} om kaffe.")
    client.force_login(leader)

    content = client.get(reverse("mapping:contact-erase", args=[person.pk])).content.decode()
    assert named.summary in content
    for other in others:
        assert other.summary not in content, other.summary

    services.contact_erase(contact=person, by=leader)
    for other in others:
        assert Interaction.objects.get(pk=other.pk).summary == other.summary
    assert Interaction.objects.get(pk=named.pk).summary == f"Aftale med {marker()} om kaffe."


def test_the_confirmation_page_lists_what_cannot_be_scrubbed(person, leader, client):
    steering = steering_meeting(leader, "Intet særligt.")
    decision = Decision.objects.create(
        meeting=steering, text=f"{NAME} inviteres til næste møde.", recorded_by=leader
    )
    client.force_login(leader)
    url = reverse("mapping:contact-erase", args=[person.pk])

    with translation.override("da"):
        content = client.get(url).content.decode()
        nothing_else = gettext("No other text names the person.")
        does_not_change = gettext("Text that erasure does not change")
    assert nothing_else not in content
    assert does_not_change in content
    assert decision.text in content
    assert steering.get_absolute_url() in content

    # The listed places must be acknowledged before the erasure goes ahead.
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 200
    assert "listed_handled" in response.context["form"].errors
    person.refresh_from_db()
    assert person.erased_at is None

    response = client.post(url, {"confirm": "on", "listed_handled": "on"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.text == f"{NAME} inviteres til næste møde."  # left for the project leader


def test_a_frozen_report_version_naming_the_person_is_listed(person, leader, client):
    narrative = ReportNarrative.current()
    narrative.introduction = f"Tak til {NAME} for hjælpen med kortlægningen."
    narrative.save()
    freeze_now(by=leader)  # and its PDF, as the job makes it
    version = ReportVersion.objects.get()
    client.force_login(leader)

    with translation.override("da"):
        content = client.get(reverse("mapping:contact-erase", args=[person.pk])).content.decode()
        listed = content.split(gettext("Text that erasure does not change"), 1)[1]
        assert gettext("No other text names the person.") not in content
    assert version.get_absolute_url() in listed
    services.contact_erase(contact=person, by=leader)
    narrative.refresh_from_db()
    assert narrative.introduction == f"Tak til {marker()} for hjælpen med kortlægningen."


def upload(user, rows, name="kontakter.csv", **fields):
    return ImportBatchFactory(created_by=user, data=csv_file(rows), name=name, **fields)


HEADERS = ["Navn", "Sektor", "Type", "Kontaktperson", "E-mail"]


def test_uploaded_spreadsheets_naming_the_person_are_gone_at_once(
    person, leader, django_capture_on_commit_callbacks
):
    preview = upload(leader, [HEADERS, ["Alices Café", "civil", "association", NAME, ""]])
    done = upload(
        leader,
        [HEADERS, ["Bobs Værksted", "civil", "association", "", EMAIL]],
        name="liste.csv",
        state=ImportBatch.State.DONE,
        summary={"created": 1},
    )
    other = upload(leader, [HEADERS, ["Caféen", "civil", "association", SIMILAR, ""]])
    files = {batch.pk: batch.file.name for batch in (preview, done, other)}
    assert all(private_storage().exists(name) for name in files.values())

    with django_capture_on_commit_callbacks(execute=True):
        services.contact_erase(contact=person, by=leader)

    assert not private_storage().exists(files[preview.pk])
    assert not private_storage().exists(files[done.pk])
    assert private_storage().exists(files[other.pk])
    assert not ImportBatch.objects.filter(pk=preview.pk).exists()
    done.refresh_from_db()
    assert (done.file.name, done.summary) == ("", {"created": 1})  # the numbers stay
    assert ImportBatch.objects.get(pk=other.pk).file.name == files[other.pk]


def test_the_page_names_the_uploads_that_will_be_deleted(person, leader, client):
    upload(leader, [HEADERS, ["Alices Café", "civil", "association", NAME, ""]], name="maj.csv")
    client.force_login(leader)
    response = client.get(reverse("mapping:contact-erase", args=[person.pk]))
    assert [batch.original_name for batch in response.context["record"].uploads] == ["maj.csv"]
    assert "maj.csv" in response.content.decode()


def test_a_failed_erasure_changes_no_text_and_keeps_the_files(
    person, alice, leader, monkeypatch, django_capture_on_commit_callbacks
):
    named = interaction(alice, leader, f"Ringede til {NAME}.")
    batch = upload(leader, [HEADERS, ["Alices Café", "civil", "association", NAME, ""]])

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_delete_uploads", fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        services.contact_erase(contact=person, by=leader)

    assert Interaction.objects.get(pk=named.pk).summary == named.summary
    assert private_storage().exists(batch.file.name)
    assert Contact.objects.get(pk=person.pk).erased_at is None


def test_stored_e_mail_to_or_about_the_person_is_erased(person, leader, steering, client):
    """A failed invitation to the person would go out again on "send again"; a sent one
    keeps their address and the whole message. Both are places that name them."""
    from types import SimpleNamespace

    from portal import emails
    from portal.models import Delivery

    def send(to, name, at_once=False):
        """At once: sent; else pending until a commit that this test never makes."""
        person = SimpleNamespace(first_name=name, roles_text="Konsulent", username="x")
        context = {"person": person, "by": "Leder", "link": "https://x.dk/", "valid_days": 7}
        outcome = emails.send(
            "people_invitation", to=[to], context=context, topic=name, at_once=at_once
        )
        return outcome.deliveries[0]

    # Sent ones are sent at once here (and keep no copy of the message once out); the
    # failed ones keep theirs for "send again".
    sent_to_person = send(EMAIL, NAME, at_once=True)
    failed_to_person = send(EMAIL, NAME)
    failed_about_person = send(steering.email, f"{NAME} og gæster")
    failed_unrelated = send(steering.email, SIMILAR)
    Delivery.objects.filter(
        pk__in=[failed_to_person.pk, failed_about_person.pk, failed_unrelated.pk]
    ).update(status=Delivery.Status.FAILED)
    Delivery.objects.filter(pk=failed_to_person.pk).update(message=b"")  # no copy either
    assert Delivery.objects.get(pk=sent_to_person.pk).recipient == EMAIL

    client.force_login(leader)
    page = client.get(reverse("mapping:contact-erase", args=[person.pk])).content.decode()
    assert EMAIL in page
    with translation.override("da"):
        assert gettext("No other text names the person.") not in page

    services.contact_erase(contact=person, by=leader)
    assert not Delivery.objects.filter(pk__in=[failed_to_person.pk, failed_about_person.pk])
    sent_to_person = Delivery.objects.get(pk=sent_to_person.pk)
    assert sent_to_person.recipient == marker()
    assert sent_to_person.recipient_user is None
    assert Delivery.objects.get(pk=failed_unrelated.pk).message
    assert not Delivery.objects.filter(recipient__iexact=EMAIL).exists()


# --- The consent note and the kept rows with problems -------------------------------------


def test_the_consent_note_naming_the_person_is_found_and_scrubbed(person, alice, leader, client):
    organisation = alice.organisation
    Organisation.objects.filter(pk=organisation.pk).update(
        consent_note=f"Givet mundtligt af {NAME} ({EMAIL}) på mødet den 3. marts."
    )
    client.force_login(leader)
    page = client.get(reverse("mapping:contact-erase", args=[person.pk]))
    kinds = {mention.kind for mention in page.context["record"].mentions}
    assert str(Organisation._meta.verbose_name).capitalize() in kinds

    services.contact_erase(contact=person, by=leader)

    organisation.refresh_from_db()
    assert organisation.consent_note == (
        f"Givet mundtligt af {marker()} ({marker()}) på mødet den 3. marts."
    )
    assert NAME not in str(list(organisation.history.values_list("consent_note", flat=True)))


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_the_kept_rows_with_problems_naming_the_person_are_deleted(
    person, leader, client, django_capture_on_commit_callbacks, extension
):
    """After an import of only the good rows, the file kept in the upload's place holds the
    rows with problems, and with them the person's name: erasure deletes it at once."""
    from mapping.spreadsheets.cells import cell_text
    from tests.mapping.import_steps import BAD_CVR, CVR_A, start_import, xlsx_file

    headings = ["Navn", "CVR", "Sektor", "Type", "Kontaktperson", "E-mail"]
    rows = [
        headings,
        ["Løvspring Købmandsgård I/S", CVR_A, "privat", "firma", "Mette Holm", "m@x.dk"],
        ["Fejlfri ApS", BAD_CVR, "privat", "firma", NAME, EMAIL],  # a row with a problem
    ]
    client.force_login(leader)
    data = csv_file(rows) if extension == "csv" else xlsx_file(rows)
    batch, preview = start_import(client, data, name=f"marts.{extension}")
    with jobs_run():  # the import's job
        response = client.post(
            reverse("mapping:import-commit", args=[batch.pk]),
            {"digest": preview.context["good"].digest, "rows": "good"},
        )
    assert response.status_code == 302
    batch.refresh_from_db()
    kept = batch.file.name
    assert batch.state == ImportBatch.State.DONE and private_storage().exists(kept)
    with private_storage().open(kept) as stored:
        sheet = read_spreadsheet(stored.read())
    assert [cell_text(row[0]) for _number, row in sheet.rows] == ["Fejlfri ApS"]
    assert NAME in [cell_text(cell) for _number, row in sheet.rows for cell in row]

    page = client.get(reverse("mapping:contact-erase", args=[person.pk]))
    assert [b.original_name for b in page.context["record"].uploads] == [f"marts.{extension}"]

    with django_capture_on_commit_callbacks(execute=True):
        services.contact_erase(contact=person, by=leader)

    assert not private_storage().exists(kept)
    batch.refresh_from_db()
    assert batch.file.name == ""
    assert batch.summary["skipped"] == [3]  # the numbers stay
