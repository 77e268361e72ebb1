"""The meetings' demo data: believable, complete enough to show every page, idempotent."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from mapping.demo import meetings as demo_meetings
from mapping.models import Attendance, Feedback, FeedbackTag, InterplayIdea, Meeting
from portal.models import User

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Meeting.objects.count(),
        Attendance.objects.count(),
        Feedback.objects.count(),
        FeedbackTag.objects.count(),
        InterplayIdea.objects.count(),
    )


def test_the_demo_meetings_load_twice_without_duplicates(settings, client):
    settings.DEBUG = True
    call_command("demo_data", stdout=io.StringIO())
    users = {
        "project_leader": User.objects.with_role(User.Role.PROJECT_LEADER).get(username="leder"),
        "consultant": User.objects.with_role(User.Role.CONSULTANT).get(username="konsulent"),
    }
    demo_meetings.load(users=users, stdout=io.StringIO())
    first = _counts()
    demo_meetings.load(users=users, stdout=io.StringIO())
    assert _counts() == first
    assert first[0] == 3
    # Tags typed in different case are one tag ("Lokaler" and "lokaler").
    assert FeedbackTag.objects.filter(name__iexact="lokaler").count() == 1
    themes = set(Feedback.objects.values_list("theme", flat=True))
    assert themes == set(Feedback.Theme.values)
    assert Attendance.objects.filter(attended=True).exists()
    assert Attendance.objects.filter(contact__email="").exists()

    client.force_login(users["consultant"])
    for url in (
        reverse("mapping:meeting-list"),
        reverse("mapping:feedback-by-theme"),
        reverse("mapping:idea-list"),
        *[meeting.get_absolute_url() for meeting in Meeting.objects.all()],
    ):
        assert client.get(url).status_code == 200


def test_the_demo_skips_without_the_mapping_organisations(consultant, leader):
    out = io.StringIO()
    demo_meetings.load(users={"consultant": consultant, "project_leader": leader}, stdout=out)
    assert "skipped" in out.getvalue()
    assert not Meeting.objects.exists()
