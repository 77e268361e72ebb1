"""The agenda sent by e-mail (with the calendar file and the PDF), the agenda as PDF and the
meeting as an .ics file."""

import datetime as dt
import io
import smtplib
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.mail.backends.locmem import EmailBackend
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from portal.models import User
from portal.programme.models import SteeringMeeting
from tests.conftest import make_user
from tests.factories.mapping import ReportVersionFactory
from tests.factories.portal import SteeringGroupMemberFactory
from tests.factories.programme import AgendaItemFactory, SteeringMeetingFactory

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def meeting(leader):
    meeting = SteeringMeetingFactory(
        created_by=leader,
        starts_at=dt.datetime(2026, 11, 27, 13, 0, tzinfo=CPH),
        ends_at=dt.datetime(2026, 11, 27, 15, 30, tzinfo=CPH),
        place="Vojens Bibliotek; mødelokalet",
    )
    AgendaItemFactory(meeting=meeting, title="Velkomst og præsentation", position=1)
    AgendaItemFactory(
        meeting=meeting, title="Budget og timeforbrug", position=2, points_at_budget=True
    )
    AgendaItemFactory(
        meeting=meeting,
        title="Delrapportens disposition",
        position=3,
        description="Forslag til kapitler.",
    )
    return meeting


@pytest.fixture
def members(steering):
    english = make_user("engelsk", User.Role.STEERING_GROUP, language="en")
    return {
        "linked": SteeringGroupMemberFactory(
            name="Sofie Skovgaard", email="sofie@example.dk", user=steering
        ),
        "english": SteeringGroupMemberFactory(
            name="Emma English", email="emma@example.dk", user=english
        ),
        "plain": SteeringGroupMemberFactory(name="Jens Jessen", email="jens@example.dk"),
        "former": SteeringGroupMemberFactory(
            name="Ole Olesen", email="ole@example.dk", active=False
        ),
    }


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def send(client, leader, meeting):
    """Send the agenda; its mail job runs at the (captured) commit, so the page says the
    agenda is being sent. A transactional test sees the page of a laptop without a worker."""
    client.force_login(leader)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("programme:meeting-send-agenda", args=[meeting.pk]), follow=True)


# The agenda by e-mail


def test_the_agenda_goes_to_each_active_member_with_ics_and_pdf(
    client, leader, meeting, members, mailoutbox
):
    response = send(client, leader, meeting)
    assert sorted(m.to[0] for m in mailoutbox) == [
        "emma@example.dk",
        "jens@example.dk",
        "sofie@example.dk",
    ]
    message = next(m for m in mailoutbox if m.to == ["jens@example.dk"])
    assert "Jens Jessen" in message.body
    assert "2. Budget og timeforbrug" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert "Delrapportens disposition" in message.alternatives[0][0]
    names = {name: (content, mimetype) for name, content, mimetype in message.attachments}
    ics = next(name for name in names if name.endswith(".ics"))
    pdf = next(name for name in names if name.endswith(".pdf"))
    assert names[ics][1].startswith("text/calendar")
    event = icalendar.Calendar.from_ical(names[ics][0]).walk("VEVENT")[0]
    assert str(event["UID"]) == f"steering-meeting-{meeting.pk}@testserver"
    assert names[pdf][1] == "application/pdf"
    assert "Delrapportens disposition" in pdf_text(names[pdf][0])
    meeting.refresh_from_db()
    assert meeting.agenda_sent_at is not None
    success = next(m for m in response.context["messages"] if m.level_tag == "success")
    assert "3" in str(success)


def test_each_member_gets_the_agenda_in_their_language(
    client, leader, meeting, members, mailoutbox
):
    send(client, leader, meeting)
    by_address = {m.to[0]: m for m in mailoutbox}
    with translation.override("en"):
        english = gettext("When:")
    with translation.override("da"):
        danish = gettext("When:")
    assert english != danish
    assert english in by_address["emma@example.dk"].body
    assert danish not in by_address["emma@example.dk"].body
    assert danish in by_address["jens@example.dk"].body
    assert danish in by_address["sofie@example.dk"].body


# The e-mails are sent by a job at commit: a real one, so the page can say what it did.
@pytest.mark.django_db(transaction=True)
def test_a_failed_send_records_nothing(client, leader, meeting, members, monkeypatch):
    def fail(self, messages):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(EmailBackend, "send_messages", fail)
    response = send(client, leader, meeting)
    meeting.refresh_from_db()
    assert meeting.agenda_sent_at is None
    error = next(m for m in response.context["messages"] if m.level_tag == "error")
    assert "Jens Jessen" in str(error)


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_mail_server_sends_nothing_and_records_nothing(
    client, leader, meeting, members, monkeypatch, mailoutbox
):
    def refuse(self):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(EmailBackend, "open", refuse)
    response = send(client, leader, meeting)
    assert response.status_code == 200
    assert mailoutbox == []
    meeting.refresh_from_db()
    assert meeting.agenda_sent_at is None
    error = next(m for m in response.context["messages"] if m.level_tag == "error")
    assert all(name in str(error) for name in ("Emma English", "Jens Jessen", "Sofie Skovgaard"))


def test_without_members_nothing_is_sent(client, leader, meeting, mailoutbox):
    response = send(client, leader, meeting)
    assert mailoutbox == []
    meeting.refresh_from_db()
    assert meeting.agenda_sent_at is None
    warning = next(m for m in response.context["messages"] if m.level_tag == "warning")
    assert str(warning) == gettext("No active member has an e-mail address. Nothing was sent.")


def test_the_e_mail_links_what_an_item_points_at(client, leader, meeting, members, mailoutbox):
    version = ReportVersionFactory(number=3, frozen_by=leader)
    AgendaItemFactory(
        meeting=meeting,
        title="Delrapporten, version 3",
        position=4,
        subject_type=ContentType.objects.get_for_model(version),
        subject_id=version.pk,
    )
    send(client, leader, meeting)
    html = mailoutbox[0].alternatives[0][0]
    assert f'href="http://testserver{version.get_absolute_url()}"' in html


# The calendar file


def test_the_ics_parses_with_utc_times_and_a_stable_uid(client, consultant, meeting, members):
    client.force_login(consultant)
    url = reverse("programme:meeting-ics", args=[meeting.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("DTSTART") == dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
    assert event.decoded("DTEND") == dt.datetime(2026, 11, 27, 14, 30, tzinfo=dt.UTC)
    assert b"DTSTART:20261127T120000Z" in response.content
    assert str(event["LOCATION"]) == "Vojens Bibliotek; mødelokalet"
    assert "1. Velkomst og præsentation" in str(event["DESCRIPTION"])
    attendees = sorted(str(a) for a in event["ATTENDEE"])
    assert attendees == [
        "mailto:emma@example.dk",
        "mailto:jens@example.dk",
        "mailto:sofie@example.dk",
    ]
    meeting.place = "Haderslev Rådhus"
    meeting.save()
    again = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")[0]
    assert again["UID"] == event["UID"] == f"steering-meeting-{meeting.pk}@testserver"
    assert str(again["LOCATION"]) == "Haderslev Rådhus"


def test_a_summer_meeting_is_two_hours_ahead_of_utc(client, steering):
    meeting = SteeringMeetingFactory(
        starts_at=dt.datetime(2026, 6, 15, 9, 0, tzinfo=CPH),
        ends_at=dt.datetime(2026, 6, 15, 11, 0, tzinfo=CPH),
    )
    client.force_login(steering)
    content = client.get(reverse("programme:meeting-ics", args=[meeting.pk])).content
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == dt.datetime(2026, 6, 15, 7, 0, tzinfo=dt.UTC)


# The agenda as PDF


def test_the_agenda_pdf_has_the_titles_danish_dates_and_tags(client, steering, meeting, members):
    client.force_login(steering)
    response = client.get(reverse("programme:meeting-agenda-pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "dagsorden-styregruppe-2026-11-27.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for title in ("Velkomst og præsentation", "Budget og timeforbrug", "Delrapportens disposition"):
        assert title in text
    assert "27.11.2026 13:00–15:30" in text
    assert "Forslag til kapitler." in text
    # Active members are listed; a former one is not.
    assert "Emma English" in text
    assert "Ole Olesen" not in text
    reader = PdfReader(io.BytesIO(response.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"].get("/Lang") == "da"
    assert str(SteeringMeeting.objects.get()) in reader.metadata.title


def test_the_agenda_pdf_page_and_the_e_mail_use_one_rendering(
    client, steering, meeting, members, monkeypatch, settings
):
    """The page's PDF is made by agenda_pdf.render_agenda_pdf, as the e-mail's is, in the
    reader's language and in Danish time."""
    from portal.programme import agenda_pdf

    calls = []

    def fake(**kwargs):
        calls.append(kwargs)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(agenda_pdf, "render_agenda_pdf", fake)
    client.force_login(steering)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("programme:meeting-agenda-pdf", args=[meeting.pk]))
    assert response.content == b"%PDF-1.7 fake"
    assert 'filename="dagsorden-styregruppe-2026-11-27.pdf"' in response["Content-Disposition"]
    [call] = calls
    assert call["meeting"] == meeting
    assert call["language"] == "en"
    assert [entry.item.title for entry in call["entries"]][0] == "Velkomst og præsentation"
    assert {member.name for member in call["members"]} == {
        "Sofie Skovgaard",
        "Emma English",
        "Jens Jessen",
    }
