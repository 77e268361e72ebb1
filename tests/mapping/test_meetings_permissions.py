"""Every meeting, feedback and idea URL for every actor: only the programme's staff get in."""

import pytest
from django.urls import reverse

from mapping.models import Attendance, Feedback, InterplayIdea, Meeting, Organisation
from tests.conftest import make_actors, make_organisation, once_per_module
from tests.factories.mapping import ContactFactory, MeetingFactory
from tests.permissions import (
    ACTORS,
    LOGIN,
    STAFF_ONLY,
    STAFF_POST,
    STAFF_POST_ONLY,
    Row,
    check,
    expect,
    get_row,
    log_in_as,
    matrix,
    row_ids,
)

pytestmark = pytest.mark.django_db

STAFF_404 = expect(LOGIN, 403, 403, 404, 403, 404)


def build_world():
    world = make_actors()
    alice, consultant = world["alice"], world["consultant"]
    department = make_organisation(
        "Haderslev Kommune, Erhverv",
        sector=Organisation.Sector.PUBLIC,
        kind=Organisation.Kind.PUBLIC_BODY,
        se_status=Organisation.SocialEconomyStatus.NONE,
    )
    meeting = MeetingFactory(organiser=consultant)
    meeting.organisations.add(alice.organisation)
    person = ContactFactory(organisation=alice.organisation, name="Alice A", email="a@example.dk")
    Attendance.objects.create(meeting=meeting, contact=person)
    idea = InterplayIdea.objects.create(
        organisation=alice.organisation,
        department=department,
        service="Kantine",
        description="Frokost til rådhuset",
    )
    return {**world, "alice_org": alice.organisation, "meeting": meeting, "idea": idea}


module_data, world = once_per_module(build_world, "world")


def meeting_url(name):
    return lambda w: reverse(name, args=[w["meeting"].pk])


MATRIX = matrix(
    __name__,
    [
        Row(
            "mapping:meeting-list",
            lambda w: reverse("mapping:meeting-list"),
            STAFF_ONLY,
            "meeting list",
        ),
        Row(
            "mapping:meeting-list",
            lambda w: reverse("mapping:meeting-list") + "?export=csv",
            STAFF_ONLY,
            "meeting list csv",
        ),
        Row("mapping:meeting-create", lambda w: reverse("mapping:meeting-create"), STAFF_ONLY),
        Row(
            "mapping:meeting-detail",
            meeting_url("mapping:meeting-detail"),
            STAFF_ONLY,
            "meeting detail",
        ),
        Row("mapping:meeting-edit", meeting_url("mapping:meeting-edit"), STAFF_ONLY),
        Row("mapping:meeting-attendance", meeting_url("mapping:meeting-attendance"), STAFF_ONLY),
        Row("mapping:meeting-ics", meeting_url("mapping:meeting-ics"), STAFF_ONLY, "meeting ics"),
        Row(
            "mapping:feedback-create-meeting",
            meeting_url("mapping:feedback-create-meeting"),
            STAFF_ONLY,
        ),
        Row(
            "mapping:feedback-create-organisation",
            lambda w: reverse("mapping:feedback-create-organisation", args=[w["alice_org"].pk]),
            STAFF_ONLY,
            "feedback for alice's organisation",
        ),
        Row(
            "mapping:feedback-by-theme",
            lambda w: reverse("mapping:feedback-by-theme"),
            STAFF_ONLY,
            "feedback by theme",
        ),
        Row(
            "mapping:feedback-by-theme",
            lambda w: reverse("mapping:feedback-by-theme") + "?export=xlsx",
            STAFF_ONLY,
            "feedback by theme xlsx",
        ),
        # Inviting takes a POST (test_only_staff_may_send_invitations).
        Row(
            "mapping:meeting-invite", meeting_url("mapping:meeting-invite"), STAFF_POST_ONLY, "GET"
        ),
        Row("mapping:idea-list", lambda w: reverse("mapping:idea-list"), STAFF_ONLY),
        Row("mapping:idea-create", lambda w: reverse("mapping:idea-create"), STAFF_ONLY),
        Row(
            "mapping:idea-edit",
            lambda w: reverse("mapping:idea-edit", args=[w["idea"].pk]),
            STAFF_ONLY,
            "idea edit",
        ),
        Row(
            "mapping:meeting-detail",
            lambda w: reverse("mapping:meeting-detail", args=[99999]),
            STAFF_404,
            "unknown meeting",
        ),
        Row(
            "mapping:meeting-ics",
            lambda w: reverse("mapping:meeting-ics", args=[99999]),
            STAFF_404,
            "unknown meeting ics",
        ),
        Row(
            "mapping:idea-edit",
            lambda w: reverse("mapping:idea-edit", args=[99999]),
            STAFF_404,
            "unknown idea",
        ),
        Row(
            "mapping:feedback-create-organisation",
            lambda w: reverse("mapping:feedback-create-organisation", args=[99999]),
            STAFF_404,
            "feedback for an unknown organisation",
        ),
    ],
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", MATRIX, ids=row_ids(MATRIX))
def test_permission_matrix(client, world, actor, row):
    log_in_as(client, world, actor)
    check(get_row(client, world, row), row.expected[actor])


@pytest.mark.parametrize("actor", ACTORS)
def test_only_staff_may_send_invitations(
    client, world, actor, mailoutbox, django_capture_on_commit_callbacks
):
    log_in_as(client, world, actor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mapping:meeting-invite", args=[world["meeting"].pk]))
    check(response, STAFF_POST[actor])
    invited = Attendance.objects.filter(invited_at__isnull=False).exists()
    assert invited == (STAFF_POST[actor] == 302)
    assert len(mailoutbox) == (1 if STAFF_POST[actor] == 302 else 0)


REFUSED = ["anonymous", "alice", "bob", "steering"]


@pytest.mark.parametrize("actor", REFUSED)
def test_refused_posts_change_nothing(client, world, actor):
    log_in_as(client, world, actor)
    meeting, idea = world["meeting"], world["idea"]
    attendance = meeting.attendances.get()
    posts = [
        (reverse("mapping:meeting-create"), {"title": "Overtaget", "kind": "process"}),
        (reverse("mapping:meeting-edit", args=[meeting.pk]), {"title": "Overtaget"}),
        (
            reverse("mapping:meeting-attendance", args=[meeting.pk]),
            {
                "attendance-TOTAL_FORMS": "1",
                "attendance-INITIAL_FORMS": "1",
                "attendance-0-id": attendance.pk,
                "attendance-0-attended": "True",
            },
        ),
        (
            reverse("mapping:feedback-create-meeting", args=[meeting.pk]),
            {"text": "Indtrængt", "theme": "ideas"},
        ),
        (
            reverse("mapping:feedback-create-organisation", args=[world["alice_org"].pk]),
            {"text": "Indtrængt", "theme": "ideas"},
        ),
        (reverse("mapping:idea-create"), {"service": "Overtaget"}),
        (reverse("mapping:idea-edit", args=[idea.pk]), {"service": "Overtaget"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login"))
    meeting.refresh_from_db()
    attendance.refresh_from_db()
    idea.refresh_from_db()
    assert meeting.title == "Dialogmøde i Vojens"
    assert Meeting.objects.count() == 1
    assert attendance.attended is None
    assert not Feedback.objects.exists()
    assert InterplayIdea.objects.get().service == "Kantine"


def test_every_meeting_view_states_its_roles():
    from mapping.views import meetings

    for pattern in meetings.urlpatterns:
        assert pattern.callback.allowed_roles == {"project_leader", "consultant"}, pattern.name
