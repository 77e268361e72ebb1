"""Every interim-report URL, every actor: who gets what, and refused posts change nothing.

The staff see every version; a steering group member sees only the versions submitted to
the steering group (404 for the others, as for anyone who may not know a version exists);
enterprise users never see a version.
"""

import pytest
from django.core import mail
from django.urls import reverse

from mapping.models import ReportNarrative, ReportVersion, ReviewComment, ReviewVerdict
from mapping.services import reports as services
from portal.models import User
from tests.factories.mapping import ReportVersionFactory
from tests.permissions import Row, get_row, matrix, row_ids

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "alice", "bob", "consultant", "steering", "leader"]
LOGIN = "login"


def expect(anonymous, alice, bob, consultant, steering, leader):
    return dict(zip(ACTORS, (anonymous, alice, bob, consultant, steering, leader), strict=True))


STAFF_ONLY = expect(LOGIN, 403, 403, 200, 403, 200)
READERS = expect(LOGIN, 403, 403, 200, 200, 200)
# A version: enterprise users are told nothing about it.
SUBMITTED_VERSION = expect(LOGIN, 404, 404, 200, 200, 200)
UNSUBMITTED_VERSION = expect(LOGIN, 404, 404, 200, 404, 200)
MISSING_VERSION = expect(LOGIN, 404, 404, 404, 404, 404)
# A POST-only URL fetched with GET: refused by role first, then by method.
LEADER_POST_ONLY = expect(LOGIN, 403, 403, 403, 403, 405)
MEMBER_POST_ONLY = expect(LOGIN, 403, 403, 403, 405, 403)
STAFF_POST_ONLY = expect(LOGIN, 403, 403, 405, 403, 405)


@pytest.fixture
def world(alice, bob, leader, consultant, steering, fake_report):  # noqa: F811
    submitted = ReportVersionFactory(number=1, frozen_by=leader, submitted=True)
    draft = ReportVersionFactory(number=2, frozen_by=leader)
    comment = services.review_comment_add(
        version=submitted, by=steering, chapter="cases", text="Flere tal"
    )
    return {
        "alice": alice,
        "bob": bob,
        "leader": leader,
        "consultant": consultant,
        "steering": steering,
        "submitted": submitted,
        "draft": draft,
        "comment": comment,
    }


def version_url(name, which, suffix=""):
    return lambda w: reverse(name, args=[w[which].pk]) + suffix


def compare(w):
    """The query that compares the submitted version with the unsubmitted one."""
    return f"?a={w['submitted'].pk}&b={w['draft'].pk}"


MATRIX = matrix(
    __name__,
    [
        Row("mapping:report-home", lambda w: reverse("mapping:report-home"), STAFF_ONLY),
        Row("mapping:report-preview", lambda w: reverse("mapping:report-preview"), STAFF_ONLY),
        Row(
            "mapping:report-preview-pdf",
            lambda w: reverse("mapping:report-preview-pdf"),
            STAFF_ONLY,
        ),
        Row(
            "mapping:report-version-list",
            lambda w: reverse("mapping:report-version-list"),
            READERS,
            "version list",
        ),
        Row(
            "mapping:report-version-list",
            lambda w: reverse("mapping:report-version-list") + "?export=csv",
            READERS,
            "version list csv",
        ),
        Row(
            "mapping:report-compare",
            lambda w: reverse("mapping:report-compare"),
            READERS,
            "compare form",
        ),
        Row(
            "mapping:report-compare",
            lambda w: reverse("mapping:report-compare") + compare(w),
            expect(LOGIN, 403, 403, 200, 400, 200),
            "compare with an unsubmitted version",
        ),
        Row(
            "mapping:report-version",
            version_url("mapping:report-version", "submitted"),
            SUBMITTED_VERSION,
            "submitted version",
        ),
        Row(
            "mapping:report-version",
            version_url("mapping:report-version", "draft"),
            UNSUBMITTED_VERSION,
            "unsubmitted version",
        ),
        Row(
            "mapping:report-version",
            lambda w: reverse("mapping:report-version", args=[999999]),
            MISSING_VERSION,
            "missing version",
        ),
        Row(
            "mapping:report-version-pdf",
            version_url("mapping:report-version-pdf", "submitted"),
            SUBMITTED_VERSION,
            "submitted version's pdf",
        ),
        Row(
            "mapping:report-version-pdf",
            version_url("mapping:report-version-pdf", "submitted", "?download=1"),
            SUBMITTED_VERSION,
            "submitted version's pdf, download",
        ),
        Row(
            "mapping:report-version-pdf",
            version_url("mapping:report-version-pdf", "draft"),
            UNSUBMITTED_VERSION,
            "unsubmitted version's pdf",
        ),
        # The project leader's and the steering group's actions take a POST (test_posts).
        Row("mapping:report-freeze", lambda w: reverse("mapping:report-freeze"), LEADER_POST_ONLY),
        Row(
            "mapping:report-submit", version_url("mapping:report-submit", "draft"), LEADER_POST_ONLY
        ),
        Row(
            "mapping:report-pdf-retry",
            version_url("mapping:report-pdf-retry", "draft"),
            LEADER_POST_ONLY,
        ),
        Row(
            "mapping:report-comment",
            version_url("mapping:report-comment", "submitted"),
            MEMBER_POST_ONLY,
        ),
        Row(
            "mapping:report-verdict",
            version_url("mapping:report-verdict", "submitted"),
            MEMBER_POST_ONLY,
        ),
        # The programme's staff answer comments (portal.review.policy).
        Row(
            "mapping:report-answer",
            version_url("mapping:report-answer", "comment"),
            STAFF_POST_ONLY,
        ),
    ],
)


def login(client, world, actor):
    if actor != "anonymous":
        client.force_login(world[actor])


def assert_status(response, want):
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == want


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", MATRIX, ids=row_ids(MATRIX))
def test_permission_matrix(client, world, actor, row):
    login(client, world, actor)
    assert_status(get_row(client, world, row), row.expected[actor])


def test_a_pdf_that_is_refused_gives_no_bytes(client, world):
    client.force_login(world["steering"])
    response = client.get(reverse("mapping:report-version-pdf", args=[world["draft"].pk]))
    assert response.status_code == 404
    assert b"%PDF" not in response.content


def test_the_views_state_their_roles():
    from mapping.views import reports

    staff = {"project_leader", "consultant"}
    readers = staff | {"steering_group"}
    # Every role: what a version may show each person is the selector's business.
    everyone = set(User.Role.values)
    assert reports.report_home.allowed_roles == staff
    assert reports.report_preview.allowed_roles == staff
    assert reports.report_preview_pdf.allowed_roles == staff
    assert reports.version_list.allowed_roles == readers
    assert reports.report_compare.allowed_roles == readers
    # The version and its PDF: the access helper answers 404 to those who may not know it.
    assert reports.version_detail.allowed_roles == everyone
    assert reports.version_pdf.allowed_roles == everyone
    assert reports.report_freeze.allowed_roles == {"project_leader"}
    assert reports.report_submit.allowed_roles == {"project_leader"}
    assert reports.report_pdf_retry.allowed_roles == {"project_leader"}
    # The programme's staff answer comments (portal.review.policy).
    assert reports.review_answer.allowed_roles == staff
    assert reports.review_comment.allowed_roles == {"steering_group"}
    assert reports.review_verdict.allowed_roles == {"steering_group"}


# --- Posts: (url, data) and who may; everyone else changes nothing --------------------

NARRATIVE = {"introduction": "Overtaget", "method": "", "conclusions": "", "recommendations": ""}


def snapshot(world):
    narrative = ReportNarrative.current()
    draft = ReportVersion.objects.get(pk=world["draft"].pk)
    return {
        "narrative": narrative.introduction,
        "versions": ReportVersion.objects.count(),
        "draft_submitted": draft.submitted_at,
        "comments": ReviewComment.objects.count(),
        "verdicts": ReviewVerdict.objects.count(),
        "mails": len(mail.outbox),
    }


POSTS = [
    # name, url, data, {actor: status}
    (
        "save the narrative",
        lambda w: reverse("mapping:report-home"),
        NARRATIVE,
        expect(LOGIN, 403, 403, 403, 403, 302),
    ),
    (
        "freeze",
        lambda w: reverse("mapping:report-freeze"),
        {},
        expect(LOGIN, 403, 403, 403, 403, 302),
    ),
    (
        "submit",
        version_url("mapping:report-submit", "draft"),
        {},
        expect(LOGIN, 403, 403, 403, 403, 302),
    ),
    (
        "comment on the submitted version",
        version_url("mapping:report-comment", "submitted"),
        {"chapter": "", "text": "Hej"},
        expect(LOGIN, 403, 403, 403, 302, 403),
    ),
    (
        "comment on the unsubmitted version",
        version_url("mapping:report-comment", "draft"),
        {"chapter": "", "text": "Hej"},
        expect(LOGIN, 403, 403, 403, 404, 403),
    ),
    (
        "verdict on the submitted version",
        version_url("mapping:report-verdict", "submitted"),
        {"verdict": "approved"},
        expect(LOGIN, 403, 403, 403, 302, 403),
    ),
    (
        "verdict on the unsubmitted version",
        version_url("mapping:report-verdict", "draft"),
        {"verdict": "approved"},
        expect(LOGIN, 403, 403, 403, 404, 403),
    ),
    (
        "answer a comment",
        version_url("mapping:report-answer", "comment"),
        {"text": "Svar"},
        expect(LOGIN, 403, 403, 302, 403, 302),
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("name", "url", "data", "expected"), POSTS, ids=[row[0] for row in POSTS])
def test_posts(client, world, actor, name, url, data, expected, django_capture_on_commit_callbacks):
    before = snapshot(world)
    login(client, world, actor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world), data)
    want = expected[actor]
    assert_status(response, want)
    after = snapshot(world)
    if want == 302:
        assert after != before
    else:
        assert after == before


@pytest.mark.parametrize("name", ["report-freeze", "report-submit", "report-comment"])
def test_the_posting_urls_refuse_a_get(client, world, name):
    client.force_login(world["leader"] if name != "report-comment" else world["steering"])
    args = [] if name == "report-freeze" else [world["submitted"].pk]
    response = client.get(reverse(f"mapping:{name}", args=args))
    assert response.status_code == 405
    assert ReportVersion.objects.count() == 2


def test_the_steering_group_sees_no_narrative_editor_and_no_contacts(client, world):
    client.force_login(world["steering"])
    assert client.get(reverse("mapping:report-home")).status_code == 403
    assert client.get(reverse("mapping:contact-list")).status_code == 403
    page = client.get(reverse("mapping:report-version-list")).content.decode()
    assert world["submitted"].get_absolute_url() in page
    assert world["draft"].get_absolute_url() not in page
    nav = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("mapping:report-version-list")}"' in nav
    assert f'href="{reverse("mapping:report-home")}"' not in nav
