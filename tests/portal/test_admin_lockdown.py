"""The project leader cannot take over the portal through /admin/ (issue 10, item 1).

`leder` here is the project leader with is_staff and every admin permission of our apps, as
the demo gave them before: the admin itself must hold, whatever permissions someone hands
out. The review's records are read-only for everyone there, superusers included."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from mapping.models import ReportVersion, ReviewComment, ReviewVerdict
from portal.models import RoleChange, User
from strategy.models import (
    CouncilDecision,
    Strategy,
    StrategyComment,
    StrategyVerdict,
    StrategyVersion,
)
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PRIVILEGED_INPUTS = ('name="is_superuser"', 'name="is_staff"', 'name="groups"')


@pytest.fixture
def leder(leader):
    leader.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["mapping", "portal", "programme", "strategy"]
        )
    )
    return User.objects.get(pk=leader.pk)


@pytest.fixture
def superuser(db):
    return make_user("admin", User.Role.PROJECT_LEADER, is_staff=True, is_superuser=True)


def user_change_url(user):
    return reverse("admin:portal_user_change", args=[user.pk])


def user_form_data(user, **changes):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "roles": [role.value for role in user.roles_sorted],
        "language": user.language,
        "is_active": "on",
        "date_joined_0": "01.01.2026",
        "date_joined_1": "10:00:00",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# The user admin


def test_leder_cannot_make_itself_superuser(client, leder):
    client.force_login(leder)
    data = user_form_data(leder, is_superuser="on", is_staff="on")
    data["user_permissions"] = [str(p.pk) for p in Permission.objects.all()[:5]]
    response = client.post(user_change_url(leder), data)
    assert response.status_code == 403
    leder.refresh_from_db()
    assert not leder.is_superuser
    assert leder.user_permissions.filter(content_type__app_label="auth").count() == 0


def test_leder_sees_no_permission_fields_and_no_password_link(client, leder, steering):
    client.force_login(leder)
    response = client.get(user_change_url(steering))
    assert response.status_code == 200
    page = response.content.decode()
    for marker in (*PRIVILEGED_INPUTS, 'name="user_permissions"', "../password/"):
        assert marker not in page
    password_url = reverse("admin:auth_user_password_change", args=[steering.pk])
    assert password_url not in page
    changelist = client.get(reverse("admin:portal_user_changelist"))
    assert changelist.status_code == 200
    assert "is_staff__exact" not in changelist.content.decode()


def test_leder_cannot_set_the_steering_group_members_password(client, leder, steering):
    client.force_login(leder)
    url = reverse("admin:auth_user_password_change", args=[steering.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": "Overtaget-2026!", "password2": "Overtaget-2026!"})
    assert response.status_code == 403
    steering.refresh_from_db()
    assert steering.check_password("password")
    assert not steering.check_password("Overtaget-2026!")


def test_leder_cannot_change_another_accounts_e_mail(client, leder, steering):
    """A new e-mail address and a password reset would open the account just as well."""
    client.force_login(leder)
    response = client.post(user_change_url(steering), user_form_data(steering, email="x@ond.dk"))
    assert response.status_code == 403
    steering.refresh_from_db()
    assert steering.email == "styregruppe@example.dk"


def test_leder_cannot_add_a_user_with_raw_fields(client, leder):
    client.force_login(leder)
    url = reverse("admin:portal_user_add")
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "username": "ny",
            "usable_password": "true",
            "password1": "Overtaget-2026!",
            "password2": "Overtaget-2026!",
            "email": "ny@example.dk",
            "roles": ["project_leader"],
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="ny").exists()


def test_leder_cannot_change_groups_in_the_admin(client, leder):
    """Even with the permission to change groups, which the demo does not give."""
    group = Group.objects.create(name="Projektledere")
    leder.groups.add(group)
    leder.user_permissions.add(*Permission.objects.filter(content_type__app_label="auth"))
    client.force_login(leder)
    url = reverse("admin:auth_group_change", args=[group.pk])
    response = client.post(
        url, {"name": group.name, "permissions": [Permission.objects.first().pk]}
    )
    assert response.status_code == 403
    assert not group.permissions.exists()


def test_a_superuser_still_manages_permissions_and_passwords(client, superuser, steering):
    client.force_login(superuser)
    page = client.get(user_change_url(steering)).content.decode()
    assert all(marker in page for marker in PRIVILEGED_INPUTS)
    url = reverse("admin:auth_user_password_change", args=[steering.pk])
    response = client.post(url, {"password1": "Ny-adgang-2026!", "password2": "Ny-adgang-2026!"})
    assert response.status_code == 302
    steering.refresh_from_db()
    assert steering.check_password("Ny-adgang-2026!")


def test_a_superusers_role_change_in_the_admin_is_recorded_and_mailed(
    client, superuser, consultant, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    data = user_form_data(consultant, roles=["steering_group", "mentor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(user_change_url(consultant), data)
    assert response.status_code == 302
    consultant.refresh_from_db()
    assert consultant.roles == {"steering_group", "mentor"}
    changes = RoleChange.objects.filter(person=consultant).order_by("pk")
    assert [(change.kind, change.role, change.by) for change in changes] == [
        ("granted", "steering_group", superuser),
        ("granted", "mentor", superuser),
        ("revoked", "consultant", superuser),
    ]
    # One e-mail tells all three.
    assert [message.to for message in mailoutbox] == [[consultant.email]]


def test_the_admin_refuses_a_person_without_a_role(client, superuser, consultant):
    client.force_login(superuser)
    data = user_form_data(consultant, roles=[])
    response = client.post(user_change_url(consultant), data)
    assert response.status_code == 200
    consultant.refresh_from_db()
    assert consultant.roles == {"consultant"}
    assert not RoleChange.objects.exists()


def test_the_demo_gives_leder_no_way_to_change_people_or_review_records(settings):
    settings.DEBUG = True
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    leder = User.objects.get(username="leder")
    assert leder.is_staff and not leder.is_superuser
    # What the README says the project leader needs in the admin: the local areas.
    assert leder.has_perm("mapping.change_localarea")
    assert leder.has_perm("portal.view_user")
    for perm in (
        "portal.add_user",
        "portal.change_user",
        "portal.delete_user",
        "strategy.change_strategyverdict",
        "mapping.change_reviewverdict",
        "auth.change_group",
    ):
        assert not leder.has_perm(perm), perm


# The review's records


@pytest.fixture
def review_records(leader, steering):
    strategy = Strategy.objects.create(title="Strategi", created_by=leader)
    version = StrategyVersion.objects.create(
        strategy=strategy, number=1, snapshot={}, summary="Første udkast", saved_by=leader
    )
    report = ReportVersion.objects.create(
        number=1,
        pdf=ContentFile(b"%PDF-1.7", name="delrapport-1.pdf"),
        checksum="0" * 64,
        page_count=1,
        frozen_by=leader,
    )
    return {
        "strategyversion": version,
        "strategycomment": StrategyComment.objects.create(
            version=version, text="Fint", author=steering
        ),
        "strategyverdict": StrategyVerdict.objects.create(
            version=version, member=steering, verdict="changes_requested", comment="Ret afsnit 2"
        ),
        "councildecision": CouncilDecision.objects.create(
            strategy=strategy,
            version=version,
            decided_on=datetime.date(2026, 6, 1),
            outcome="rejected",
            recorded_by=leader,
        ),
        "reportversion": report,
        "reviewcomment": ReviewComment.objects.create(version=report, text="Fint", author=steering),
        "reviewverdict": ReviewVerdict.objects.create(
            version=report, member=steering, verdict="changes_requested", comment="Ret kapitel 2"
        ),
    }


# What each change page would be sent to change the record, were it editable.
CHANGES = {
    "strategyversion": {"summary": "Ændret", "number": "7", "snapshot": "{}"},
    "strategycomment": {"text": "Ændret", "section": ""},
    "strategyverdict": {"verdict": "approved", "comment": "Godkendt"},
    "councildecision": {"outcome": "adopted", "decided_on": "01.06.2026", "changes": ""},
    "reportversion": {"number": "7", "checksum": "1" * 64, "page_count": "9"},
    "reviewcomment": {"text": "Ændret", "chapter": ""},
    "reviewverdict": {"verdict": "approved", "comment": "Godkendt"},
}


def _admin_url(record, view, *args):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def _snapshot(record):
    row = type(record).objects.filter(pk=record.pk).values().first()
    return {key: value for key, value in row.items() if key != "pdf"}


@pytest.mark.parametrize("who", ["leder", "superuser"])
@pytest.mark.parametrize("model", sorted(CHANGES))
def test_review_records_are_read_only_in_the_admin(client, request, review_records, who, model):
    client.force_login(request.getfixturevalue(who))
    record = review_records[model]
    before = _snapshot(record)
    change_url = _admin_url(record, "change", record.pk)
    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change_url, CHANGES[model]).status_code == 403
    assert client.post(_admin_url(record, "delete", record.pk), {"post": "yes"}).status_code == 403
    assert client.get(_admin_url(record, "add")).status_code == 403
    changelist = _admin_url(record, "changelist")
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"}
    )
    assert type(record).objects.filter(pk=record.pk).exists()
    assert response.status_code in (200, 302)
    assert _snapshot(record) == before


def test_the_frozen_pdf_is_named_not_linked_in_the_admin(client, superuser, review_records):
    client.force_login(superuser)
    report = review_records["reportversion"]
    page = client.get(_admin_url(report, "change", report.pk)).content.decode()
    assert report.pdf.name in page
    assert report.get_absolute_url() in page


# The strategy itself: the editor versions every change and guards the review; the admin
# would bypass both.


@pytest.mark.parametrize("who", ["leder", "superuser"])
def test_a_strategy_cannot_be_adopted_or_edited_in_the_admin(client, request, leader, who):
    strategy = Strategy.objects.create(title="Strategi", created_by=leader)
    client.force_login(request.getfixturevalue(who))
    url = reverse("admin:strategy_strategy_change", args=[strategy.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(
        url, {"title": "Strategi", "state": "adopted", "starts_on": "", "ends_on": ""}
    )
    assert response.status_code == 403
    strategy.refresh_from_db()
    assert strategy.state == Strategy.State.DRAFT
    for model in ("strategy", "focusarea", "goal", "action", "recommendation"):
        assert client.get(reverse(f"admin:strategy_{model}_add")).status_code == 403, model


def test_a_superusers_grant_of_access_in_the_admin_is_recorded_and_mailed(
    client, superuser, consultant, mailoutbox, django_capture_on_commit_callbacks
):
    """Not only the role: superuser, staff, groups and permissions are powers too."""
    group = Group.objects.create(name="Projektledere")
    client.force_login(superuser)
    data = user_form_data(consultant, is_superuser="on", is_staff="on")
    data["groups"] = [str(group.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(user_change_url(consultant), data)
    assert response.status_code == 302
    change = RoleChange.objects.get(person=consultant, kind="access_changed")
    assert change.by == superuser
    # In the municipality's language, whoever changed it.
    assert change.detail == (
        "superbruger: nej → ja; adgang til administrationen: nej → ja; grupper: +Projektledere"
    )
    assert [message.to for message in mailoutbox] == [[consultant.email]]
    assert change.detail in mailoutbox[0].body


def test_an_account_added_in_the_admin_is_recorded(
    client, superuser, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:portal_user_add"),
            {
                "username": "ny",
                "usable_password": "true",
                "password1": "Ny-adgang-2026!",
                "password2": "Ny-adgang-2026!",
                "email": "ny@example.dk",
                "roles": ["consultant", "mentor"],
            },
        )
    assert response.status_code == 302
    person = User.objects.get(username="ny")
    assert person.roles == {"consultant", "mentor"}
    changes = RoleChange.objects.filter(person=person).order_by("pk")
    assert [(change.kind, change.role) for change in changes] == [
        ("granted", "consultant"),
        ("granted", "mentor"),
        ("created", ""),
    ]


def test_an_erased_contact_cannot_be_filled_in_again_in_the_admin(client, superuser, alice):
    from django.utils import timezone

    from mapping.models import Contact

    contact = Contact.objects.create(
        organisation=alice.organisation, name="Slettet person", erased_at=timezone.now()
    )
    client.force_login(superuser)
    url = reverse("admin:mapping_contact_change", args=[contact.pk])
    response = client.post(url, {"name": "Anna Berg", "email": "anna@example.dk"})
    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.name == "Slettet person"
    page = client.get(
        reverse("admin:mapping_organisation_change", args=[alice.organisation.pk])
    ).content.decode()
    assert "Slettet person" not in page
