"""Mapping meetings: creating and editing them, participants, attendance, .ics, invitations."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from mapping.models import Attendance, Meeting
from tests.factories.mapping import MeetingFactory
from tests.mapping.form_data import meeting_data

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
UTC = dt.UTC


# Creating and editing


def test_it_creates_a_meeting_in_danish_time_stored_as_utc(client, consultant, people):
    client.force_login(consultant)
    response = client.post(
        reverse("mapping:meeting-create"),
        meeting_data(
            organiser=consultant.pk,
            organisations=[people["council"].pk],
            contacts=[people["mette"].pk, people["karen"].pk],
        ),
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    # 27 November is winter time: UTC+1.
    assert meeting.starts_at == dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert meeting.ends_at == dt.datetime(2026, 11, 27, 11, 30, tzinfo=UTC)
    assert meeting.organiser == consultant
    assert {a.contact for a in meeting.attendances.all()} == {people["mette"], people["karen"]}
    # Mette's café joins because she does; the council was chosen.
    assert set(meeting.organisations.all()) == {people["council"], people["cafe"]}


def test_summer_time_is_utc_plus_two(client, consultant):
    client.force_login(consultant)
    client.post(
        reverse("mapping:meeting-create"),
        meeting_data(
            organiser=consultant.pk, starts_at="2026-06-15T09:00", ends_at="2026-06-15T10:00"
        ),
    )
    assert Meeting.objects.get().starts_at == dt.datetime(2026, 6, 15, 7, 0, tzinfo=UTC)


def test_the_pages_show_danish_time(client, consultant):
    meeting = MeetingFactory(
        organiser=consultant,
        starts_at=dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
        ends_at=dt.datetime(2026, 11, 27, 11, 30, tzinfo=UTC),
    )
    client.force_login(consultant)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "27.11.2026 10:00–12:30" in html
    form_html = client.get(reverse("mapping:meeting-edit", args=[meeting.pk])).content.decode()
    assert 'value="2026-11-27T10:00"' in form_html
    assert 'value="2026-11-27T12:30"' in form_html


def test_the_organiser_defaults_to_the_user(client, consultant):
    client.force_login(consultant)
    response = client.get(reverse("mapping:meeting-create"))
    assert response.context["form"]["organiser"].value() == consultant.pk


def test_a_meeting_must_end_after_it_starts(client, consultant):
    client.force_login(consultant)
    response = client.post(
        reverse("mapping:meeting-create"),
        meeting_data(
            organiser=consultant.pk, starts_at="2026-11-27T10:00", ends_at="2026-11-27T10:00"
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == [
        gettext("The meeting must end after it starts.")
    ]
    assert "alert-danger" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"kind": "party"}, "kind"),
        ({"starts_at": "27.11.2026 kl. 10"}, "starts_at"),
        ({"place": ""}, "place"),
        ({"organiser": ""}, "organiser"),
        ({"contacts": ["999999"]}, "contacts"),
        ({"organisations": ["999999"]}, "organisations"),
    ],
)
def test_bad_meeting_input_saves_nothing(client, consultant, people, changes, field):
    client.force_login(consultant)
    data = meeting_data(organiser=consultant.pk, contacts=[people["mette"].pk])
    data.update(changes)
    response = client.post(reverse("mapping:meeting-create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Meeting.objects.exists()
    assert not Attendance.objects.exists()


def test_the_steering_group_cannot_be_organiser(client, consultant, steering):
    client.force_login(consultant)
    response = client.post(reverse("mapping:meeting-create"), meeting_data(organiser=steering.pk))
    assert "organiser" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_editing_changes_the_participants(client, consultant, people):
    meeting = MeetingFactory(organiser=consultant)
    kept = Attendance.objects.create(meeting=meeting, contact=people["mette"], attended=True)
    Attendance.objects.create(meeting=meeting, contact=people["karen"])
    client.force_login(consultant)
    url = reverse("mapping:meeting-edit", args=[meeting.pk])
    form = client.get(url).context["form"]
    assert set(form["contacts"].value()) == {people["mette"].pk, people["karen"].pk}
    start = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M")
    end = timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url,
        meeting_data(
            organiser=consultant.pk,
            starts_at=start,
            ends_at=end,
            contacts=[people["mette"].pk, people["jens"].pk],
            minutes="Referat: gode ideer.",
        ),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "Referat: gode ideer."
    assert {a.contact for a in meeting.attendances.all()} == {people["mette"], people["jens"]}
    kept.refresh_from_db()
    assert kept.attended is True, "a person who stays keeps their attendance mark"


def test_erased_contacts_cannot_be_invited(client, consultant, people):
    people["karen"].erased_at = timezone.now()
    people["karen"].save()
    client.force_login(consultant)
    form = client.get(reverse("mapping:meeting-create")).context["form"]
    assert people["karen"] not in form.fields["contacts"].queryset


# The list


def test_the_list_splits_upcoming_and_past_and_filters_by_kind(client, consultant):
    past = MeetingFactory(
        organiser=consultant, days=-3, title="Informationsmøde", kind="information"
    )
    soon = MeetingFactory(organiser=consultant, days=2, title="Procesmøde 1", kind="process")
    later = MeetingFactory(organiser=consultant, days=9, title="Procesmøde 2", kind="process")
    client.force_login(consultant)
    response = client.get(reverse("mapping:meeting-list"))
    assert response.context["upcoming"] == [soon, later]
    assert response.context["past"] == [past]
    response = client.get(reverse("mapping:meeting-list"), {"kind": "process"})
    assert response.context["upcoming"] == [soon, later]
    assert response.context["past"] == []
    html = response.content.decode()
    assert "export=csv" in html and "export=xlsx" in html


def test_the_list_exports_what_it_shows(client, consultant, people):
    meeting = MeetingFactory(
        organiser=consultant, title="Informationsmøde på Årø", kind="information"
    )
    meeting.organisations.add(people["cafe"])
    Attendance.objects.create(meeting=meeting, contact=people["mette"], attended=True)
    MeetingFactory(organiser=consultant, title="Procesmøde", kind="process")
    client.force_login(consultant)
    response = client.get(reverse("mapping:meeting-list"), {"kind": "information", "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Informationsmøde på Årø" in text
    assert "Alices Café" in text
    assert "Procesmøde" not in text
    response = client.get(reverse("mapping:meeting-list"), {"export": "xlsx"})
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_the_list_costs_the_same_queries_at_any_size(client, consultant, people):
    client.force_login(consultant)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("mapping:meeting-list")).status_code == 200
        return len(queries)

    for index in range(2):
        meeting = MeetingFactory(organiser=consultant, title=f"Møde {index}")
        meeting.organisations.add(people["cafe"], people["council"])
    small = count()
    for index in range(2, 12):
        meeting = MeetingFactory(organiser=consultant, title=f"Møde {index}", days=index)
        meeting.organisations.add(people["cafe"], people["council"])
        Attendance.objects.create(meeting=meeting, contact=people["jens"])
    assert count() == small


# Attendance


def attendance_post(attendances, values, prefix="attendance"):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(attendances)),
        f"{prefix}-INITIAL_FORMS": str(len(attendances)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, (attendance, value) in enumerate(zip(attendances, values, strict=True)):
        data[f"{prefix}-{index}-id"] = str(attendance.pk)
        data[f"{prefix}-{index}-attended"] = value
    return data


@pytest.fixture
def held_meeting(consultant, people):
    meeting = MeetingFactory(organiser=consultant)
    attendances = [
        Attendance.objects.create(meeting=meeting, contact=people[name])
        for name in ("jens", "karen", "mette")
    ]
    return meeting, attendances


def test_it_marks_who_attended(client, consultant, held_meeting):
    meeting, attendances = held_meeting
    client.force_login(consultant)
    url = reverse("mapping:meeting-attendance", args=[meeting.pk])
    page = client.get(url)
    # One question per invited person, named after them.
    assert [form["attended"].label for form in page.context["formset"]] == [
        "Mette Møller (Alices Café)",
        "Jens Jensen (Frivilligrådet)",
        "Karen Krogh (Frivilligrådet)",
    ]
    response = client.post(url, attendance_post(attendances, ["True", "False", ""]))
    assert response.status_code == 302
    for attendance in attendances:
        attendance.refresh_from_db()
    assert [a.attended for a in attendances] == [True, False, None]


def test_one_bad_attendance_answer_saves_none(client, consultant, held_meeting):
    meeting, attendances = held_meeting
    client.force_login(consultant)
    url = reverse("mapping:meeting-attendance", args=[meeting.pk])
    response = client.post(url, attendance_post(attendances, ["True", "maybe", "True"]))
    assert response.status_code == 200
    assert "attended" in response.context["formset"].forms[1].errors
    assert "alert-danger" in response.content.decode()
    assert not Attendance.objects.filter(attended__isnull=False).exists()


def test_attendance_of_another_meeting_cannot_be_marked(client, consultant, held_meeting, people):
    meeting, attendances = held_meeting
    other = MeetingFactory(organiser=consultant, title="Andet møde")
    stranger = Attendance.objects.create(meeting=other, contact=people["jens"])
    client.force_login(consultant)
    url = reverse("mapping:meeting-attendance", args=[meeting.pk])
    response = client.post(
        url, attendance_post([*attendances, stranger], ["True", "True", "True", "True"])
    )
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert not Attendance.objects.filter(attended__isnull=False).exists()


def test_a_missing_management_form_saves_nothing(client, consultant, held_meeting):
    meeting, attendances = held_meeting
    client.force_login(consultant)
    url = reverse("mapping:meeting-attendance", args=[meeting.pk])
    response = client.post(url, {"attendance-0-id": attendances[0].pk})
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert not Attendance.objects.filter(attended__isnull=False).exists()


def test_attendance_waits_until_the_meeting_has_started(client, consultant, people):
    meeting = MeetingFactory(organiser=consultant, days=3)
    attendance = Attendance.objects.create(meeting=meeting, contact=people["jens"])
    client.force_login(consultant)
    url = reverse("mapping:meeting-attendance", args=[meeting.pk])
    waiting = gettext("Attendance can be marked once the meeting has started.")
    assert waiting in client.get(url).content.decode()
    response = client.post(url, attendance_post([attendance], ["True"]))
    assert response.status_code == 302
    attendance.refresh_from_db()
    assert attendance.attended is None


def test_the_meeting_page_says_who_attended_in_words(client, consultant, held_meeting):
    meeting, attendances = held_meeting
    Attendance.objects.filter(pk=attendances[0].pk).update(attended=True)
    Attendance.objects.filter(pk=attendances[1].pk).update(attended=False)
    client.force_login(consultant)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert gettext("Attended") in html
    assert gettext("Did not attend") in html
    assert gettext("Not marked") in html
    assert "1. Velkomst" in html


# The calendar file


def test_the_ics_file_parses_with_utc_times_uid_and_attendees(client, consultant, people):
    meeting = MeetingFactory(
        organiser=consultant,
        starts_at=dt.datetime(2026, 11, 27, 10, 0, tzinfo=CPH),
        ends_at=dt.datetime(2026, 11, 27, 12, 30, tzinfo=CPH),
        place="Haderslev Rådhus; sal 2",
    )
    for name in ("mette", "jens", "karen"):
        Attendance.objects.create(meeting=meeting, contact=people[name])
    client.force_login(consultant)
    response = client.get(reverse("mapping:meeting-ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]

    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@testserver"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert end == dt.datetime(2026, 11, 27, 11, 30, tzinfo=UTC)
    assert start.utcoffset() == dt.timedelta(0)
    assert b"DTSTART:20261127T090000Z" in response.content
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert str(event["SUMMARY"]) == "Dialogmøde i Vojens"
    assert str(event["LOCATION"]) == "Haderslev Rådhus; sal 2"
    assert str(event["DESCRIPTION"]) == "1. Velkomst\n2. Behov"
    assert str(event["ORGANIZER"]) == f"mailto:{consultant.email}"
    attendees = event["ATTENDEE"]
    # Karen has no e-mail address: a calendar cannot invite her.
    assert sorted(str(a) for a in attendees) == ["mailto:jens@raad.dk", "mailto:mette@cafe.dk"]
    assert {a.params["CN"] for a in attendees} == {"Jens Jensen", "Mette Møller"}


def test_the_uid_is_stable(client, consultant):
    meeting = MeetingFactory(organiser=consultant)
    client.force_login(consultant)
    url = reverse("mapping:meeting-ics", args=[meeting.pk])
    first = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")[0]
    meeting.title = "Nyt navn"
    meeting.save()
    second = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")[0]
    assert first["UID"] == second["UID"]
    assert str(second["SUMMARY"]) == "Nyt navn"


# Invitations


def test_invitations_go_to_everyone_with_an_e_mail_address(
    client, consultant, people, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(organiser=consultant, days=10)
    for name in ("mette", "jens", "karen"):
        Attendance.objects.create(meeting=meeting, contact=people[name])
    client.force_login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mapping:meeting-invite", args=[meeting.pk]), follow=True)
    assert response.status_code == 200
    assert sorted(message.to[0] for message in mailoutbox) == ["jens@raad.dk", "mette@cafe.dk"]
    message = next(m for m in mailoutbox if m.to == ["mette@cafe.dk"])
    assert "Dialogmøde i Vojens" in message.subject
    assert "Mette Møller" in message.body
    assert message.reply_to == [consultant.email]
    assert message.alternatives[0][1] == "text/html"
    (filename, content, mimetype) = message.attachments[0]
    assert filename == "invitation.ics"
    assert mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(calendar.walk("VEVENT")[0]["UID"]) == f"meeting-{meeting.pk}@testserver"

    invited = {a.contact.name: a.invited_at for a in meeting.attendances.all()}
    assert invited["Mette Møller"] is not None
    assert invited["Jens Jensen"] is not None
    assert invited["Karen Krogh"] is None
    # The page says who was not invited, and why.
    html = response.content.decode()
    assert gettext("No e-mail address: not invited") in html
    warning = next(m for m in response.context["messages"] if m.level_tag == "warning")
    assert "Karen Krogh" in str(warning)


def test_nothing_is_sent_when_nobody_is_invited(
    client, consultant, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(organiser=consultant)
    client.force_login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mapping:meeting-invite", args=[meeting.pk]))
    assert response.status_code == 302
    assert mailoutbox == []


def test_inviting_takes_a_post(client, consultant, mailoutbox):
    meeting = MeetingFactory(organiser=consultant)
    client.force_login(consultant)
    assert client.get(reverse("mapping:meeting-invite", args=[meeting.pk])).status_code == 405
    assert mailoutbox == []


# Model rules


def test_the_model_refuses_a_meeting_that_ends_before_it_starts(consultant):
    from django.core.exceptions import ValidationError

    meeting = Meeting(
        kind="process",
        title="Baglæns",
        starts_at=dt.datetime(2026, 11, 27, 10, tzinfo=UTC),
        ends_at=dt.datetime(2026, 11, 27, 9, tzinfo=UTC),
        place="Gram",
        organiser=consultant,
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "ends_at" in error.value.message_dict


def test_a_person_is_invited_once(consultant, people):
    from django.db import IntegrityError, transaction

    meeting = MeetingFactory(organiser=consultant)
    Attendance.objects.create(meeting=meeting, contact=people["jens"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=meeting, contact=people["jens"])


# The invitations are sent by a job once recorded: a real transaction, as in production
# without a worker, so the page can say what the job did.
@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_marks_only_those_actually_invited(
    client, consultant, people, mailoutbox, monkeypatch
):
    import smtplib

    from django.core.mail import EmailMultiAlternatives

    meeting = MeetingFactory(organiser=consultant, days=10)
    for name in ("mette", "jens"):
        Attendance.objects.create(meeting=meeting, contact=people[name])
    real_send = EmailMultiAlternatives.send

    def send(message, fail_silently=False):
        if message.to == ["jens@raad.dk"]:
            raise smtplib.SMTPRecipientsRefused({"jens@raad.dk": (550, b"no")})
        return real_send(message, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    client.force_login(consultant)
    response = client.post(reverse("mapping:meeting-invite", args=[meeting.pk]), follow=True)
    assert response.status_code == 200
    assert [message.to for message in mailoutbox] == [["mette@cafe.dk"]]
    invited = {a.contact.name: a.invited_at for a in meeting.attendances.all()}
    assert invited["Mette Møller"] is not None
    assert invited["Jens Jensen"] is None
    error = next(m for m in response.context["messages"] if m.level_tag == "error")
    assert "Jens Jensen" in str(error)
