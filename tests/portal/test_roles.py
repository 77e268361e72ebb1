"""People with several roles (issue 13): the model's rules, who gets into which page, the
people page's limits on giving and taking away roles, the migration from the single role,
and two project leaders giving roles at the same moment."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from portal.access import EVERYONE_LOGGED_IN, STAFF, role_required
from portal.models import RoleChange, User, UserRole
from portal.people import services
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

R = User.Role


# --- The model ----------------------------------------------------------------------------


def test_a_person_holds_several_roles(db):
    person = make_user("per", None, roles=[R.CONSULTANT, R.MENTOR])
    assert person.roles == {R.CONSULTANT, R.MENTOR}
    assert isinstance(person.roles, frozenset)
    assert person.is_programme_staff and person.is_mentor
    assert not (person.is_project_leader or person.is_steering_group or person.is_company_user)
    assert person.has_role(R.MENTOR) and person.has_role(R.ENTERPRISE, R.CONSULTANT)
    assert person.has_role(User.STAFF_ROLES)
    assert not person.has_role(R.MUNICIPAL_EMPLOYEE, R.STEERING_GROUP)
    with translation.override("da"):
        assert person.roles_display == "Konsulent, Mentor"


def test_each_role_is_one_row_once(db):
    person = make_user("per", R.CONSULTANT)
    person.roles_grant([R.CONSULTANT, R.MENTOR])
    person.roles_grant([R.MENTOR])
    assert UserRole.objects.filter(user=person).count() == 2
    with pytest.raises(ValidationError):
        UserRole(user=person, role=R.MENTOR).full_clean()


def test_with_role_finds_each_holder_once(db):
    both = make_user("begge", None, roles=[R.CONSULTANT, R.PROJECT_LEADER])
    mentor = make_user("mentor", R.MENTOR)
    make_user("virk", R.ENTERPRISE)
    staff = User.objects.with_role(*User.STAFF_ROLES)
    assert list(staff) == [both]
    assert set(User.objects.with_role(R.MENTOR, R.PROJECT_LEADER)) == {both, mentor}
    # Combinable with other conditions, still without repeating anyone.
    either = User.objects.filter(User.role_q(User.STAFF_ROLES) | User.role_q(R.MENTOR))
    assert sorted(user.username for user in either) == ["begge", "mentor"]


def test_the_roles_are_read_once_per_instance(db, django_assert_num_queries):
    person = User.objects.get(pk=make_user("per", R.MENTOR).pk)
    with django_assert_num_queries(1):
        assert person.is_mentor and not person.is_programme_staff and person.has_role(R.MENTOR)
    UserRole.objects.create(user=person, role=R.COMPANY)
    assert not person.is_company_user  # cached until read again
    person.refresh_from_db()
    assert person.is_company_user


def test_create_user_takes_role_or_roles_and_defaults_to_enterprise(db):
    assert make_user("en", R.STEERING_GROUP).roles == {R.STEERING_GROUP}
    assert make_user("to", None, roles=[R.COMPANY, R.MENTOR]).roles == {R.COMPANY, R.MENTOR}
    plain = User.objects.create_user(username="tre", password="x")
    assert plain.roles == {R.ENTERPRISE}
    with pytest.raises(TypeError):
        User.objects.create_user(username="fire", role=R.MENTOR, roles=[R.COMPANY])


def test_the_old_single_role_fails_loudly(db):
    person = make_user("per", R.CONSULTANT)
    with pytest.raises(AttributeError):
        person.role  # noqa: B018
    with pytest.raises(AttributeError):
        person.role = R.PROJECT_LEADER
    with pytest.raises(AttributeError):
        User(username="ny", role=R.PROJECT_LEADER)
    assert person.roles == {R.CONSULTANT}


def test_a_role_outside_the_choices_is_refused(db):
    person = make_user("per", R.CONSULTANT)
    with pytest.raises(ValidationError):
        person.roles_grant(["king"])
    assert person.roles == {R.CONSULTANT}


# --- Who gets in --------------------------------------------------------------------------

STAFF_PAGE = "mapping:organisation-list"


def view_for(*roles):
    @role_required(*roles)
    def view(request):
        return HttpResponse("ok")

    return view


def status(view, user):
    request = RequestFactory().get("/")
    request.user = user
    try:
        return view(request).status_code
    except PermissionDenied:
        return 403


def test_role_required_lets_in_whoever_holds_any_allowed_role(db):
    both = make_user("per", None, roles=[R.CONSULTANT, R.MENTOR])
    mentor = make_user("mentor", R.MENTOR)
    staff_view, mentor_view = view_for(STAFF), view_for(R.MENTOR)
    assert (status(staff_view, both), status(mentor_view, both)) == (200, 200)
    assert (status(staff_view, mentor), status(mentor_view, mentor)) == (403, 200)
    assert status(view_for(EVERYONE_LOGGED_IN), mentor) == 200
    mentor.is_active = False
    assert status(mentor_view, mentor) == 403


def test_a_consultant_who_is_also_a_mentor_reaches_the_staff_pages(client, db):
    client.force_login(make_user("per", None, roles=[R.CONSULTANT, R.MENTOR]))
    assert client.get(reverse(STAFF_PAGE)).status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_a_steering_group_member_who_is_also_an_enterprise_user_is_both(client, db):
    person = make_user("per", None, roles=[R.STEERING_GROUP, R.ENTERPRISE])
    assert person.is_steering_group and person.is_enterprise_user
    client.force_login(person)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse(STAFF_PAGE)).status_code == 403


@pytest.mark.parametrize("role", [R.COMPANY, R.MENTOR, R.MUNICIPAL_EMPLOYEE])
def test_someone_with_only_a_new_role_has_a_dashboard_but_no_staff_pages(client, db, role):
    client.force_login(make_user("ny", role))
    dashboard = client.get(reverse("home"))
    assert dashboard.status_code == 200
    assert 'href="/people/"' not in dashboard.content.decode()
    assert client.get(reverse(STAFF_PAGE)).status_code == 403
    assert client.get(reverse("people:person-list")).status_code == 403


def test_a_project_leader_who_is_also_a_consultant_sees_both_panels(client, db):
    person = make_user("begge", None, roles=[R.PROJECT_LEADER, R.CONSULTANT])
    client.force_login(person)
    names = {panel.template for panel in client.get(reverse("home")).context["panels"]}
    assert {
        "programme/budget/panel_warnings.html",
        "programme/timesheets/panel_my_hours.html",
    } <= names


def test_a_person_without_any_role_is_refused_everywhere_but_home(client, db):
    person = make_user("ingen", None, roles=[])
    client.force_login(person)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse(STAFF_PAGE)).status_code == 403


# --- The people page's limits -------------------------------------------------------------


def refusal_code(refused):
    error = refused.value
    if hasattr(error, "error_dict"):
        return error.error_dict["roles"][0].code
    return error.code


@pytest.mark.parametrize(
    ("target", "grant", "revoke", "code"),
    [
        ("self", {R.MENTOR}, set(), "own"),
        ("superuser", {R.MENTOR}, set(), "administrator"),
        ("staff", {R.MENTOR}, set(), "administrator"),
        ("leader", {R.MENTOR}, set(), "project_leader"),
        ("consultant", {R.PROJECT_LEADER}, set(), "not_grantable"),
        ("consultant", {"king"}, set(), "not_grantable"),
        ("consultant", set(), {R.CONSULTANT}, "no_role"),
        ("consultant", {R.MENTOR}, {R.MENTOR}, "both"),
        ("consultant", {R.CONSULTANT}, set(), "unchanged"),
    ],
)
def test_each_limit_is_refused_with_its_reason_and_nothing_is_saved(
    leader, consultant, target, grant, revoke, code, mailoutbox
):
    person = {
        "self": lambda: leader,
        "superuser": lambda: make_user("admin", R.CONSULTANT, is_superuser=True),
        "staff": lambda: make_user("it", R.CONSULTANT, is_staff=True),
        "leader": lambda: make_user("leder2", R.PROJECT_LEADER),
        "consultant": lambda: consultant,
    }[target]()
    before = set(person.roles)
    with pytest.raises(ValidationError) as refused:
        services.person_roles_change(person=person, grant=grant, revoke=revoke, by=leader)
    assert refusal_code(refused) == code
    assert refused.value.messages
    person.refresh_from_db()
    assert person.roles == before
    assert not RoleChange.objects.exists()
    assert not mailoutbox


def roles_post(client, person, ticked, shown):
    url = reverse("people:person-role", args=[person.pk])
    return client.post(url, {"roles": ticked, "shown": shown})


@pytest.mark.parametrize(
    ("actor", "status"),
    [("leader", 302), ("consultant", 403), ("steering", 403), ("alice", 403), ("mentor", 403)],
)
def test_only_the_project_leader_gives_roles(
    client, leader, consultant, steering, alice, bob, actor, status
):
    actors = {
        "leader": leader,
        "consultant": consultant,
        "steering": steering,
        "alice": alice,
        "mentor": make_user("mentor", R.MENTOR),
    }
    client.force_login(actors[actor])
    response = roles_post(client, bob, [R.ENTERPRISE, R.COMPANY], [R.ENTERPRISE])
    assert response.status_code == status
    bob.refresh_from_db()
    expected = {R.ENTERPRISE, R.COMPANY} if status == 302 else {R.ENTERPRISE}
    assert bob.roles == expected
    assert RoleChange.objects.count() == (1 if status == 302 else 0)


def test_a_form_shown_before_another_grant_keeps_that_grant(client, leader, consultant):
    """Another project leader gave the mentor role after this form was shown: ticking the
    company role here does not take the mentor role away."""
    other = make_user("leder2", R.PROJECT_LEADER)
    services.person_roles_change(person=consultant, grant={R.MENTOR}, by=other)
    client.force_login(leader)
    response = roles_post(client, consultant, [R.CONSULTANT, R.COMPANY], [R.CONSULTANT])
    assert response.status_code == 302
    consultant.refresh_from_db()
    assert consultant.roles == {R.CONSULTANT, R.MENTOR, R.COMPANY}


def test_the_page_shows_a_refusal_next_to_the_roles(client, leader, consultant):
    client.force_login(leader)
    response = roles_post(client, consultant, [R.CONSULTANT], [R.CONSULTANT])
    assert response.status_code == 200
    form = response.context["form"]
    assert [error.code for error in form.errors.as_data()["roles"]] == ["unchanged"]


def test_the_person_is_told_the_roles_given_and_taken_in_one_email(
    client, leader, mailoutbox, django_capture_on_commit_callbacks
):
    person = make_user("per", None, roles=[R.ENTERPRISE], language="en")
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        roles_post(client, person, [R.COMPANY, R.MUNICIPAL_EMPLOYEE], [R.ENTERPRISE])
    [message] = mailoutbox
    assert "Given: Company user, Municipal employee" in message.body
    assert "Taken away: Enterprise user" in message.body
    assert "Your roles now: Company user, Municipal employee" in message.body


# --- The migration from the single role ---------------------------------------------------

BEFORE = [("portal", "0010_programme_moves_to_its_own_app")]
AFTER = [("portal", "0013_drop_single_role")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_each_role_into_a_role_row_and_the_history_into_grants():
    try:
        _migrate_there_and_back()
    finally:
        # The rest of the suite needs the whole schema again, whatever happened above.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate_there_and_back():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user_model, change_model = (
        old.get_model("portal", "User"),
        old.get_model("portal", "RoleChange"),
    )
    leader = user_model.objects.create(username="leder", role="project_leader")
    anna = user_model.objects.create(username="anna", role="consultant")
    ole = user_model.objects.create(username="ole", role="steering_group")
    made = user_model.objects.create(username="made", role="enterprise")
    rows = [
        (anna, "invited", "", "steering_group"),
        (anna, "role_changed", "steering_group", "consultant"),
        (anna, "deactivated", "consultant", "consultant"),
        (made, "created", "", "enterprise"),
        (ole, "access_changed", "steering_group", "steering_group"),
        # The old fields were optional: a change without any role must not stop the upgrade.
        (ole, "role_changed", "", ""),
        (ole, "invited", "", ""),
    ]
    for person, kind, old_role, new_role in rows:
        change_model.objects.create(
            person=person, kind=kind, old_role=old_role, new_role=new_role, by=leader
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    user_role = new.get_model("portal", "UserRole")
    held = {(row.user.username, row.role) for row in user_role.objects.select_related("user")}
    assert held == {
        ("leder", "project_leader"),
        ("anna", "consultant"),
        ("ole", "steering_group"),
        ("made", "enterprise"),
    }
    history = new.get_model("portal", "RoleChange").objects.order_by("person__username", "pk")
    assert [(c.person.username, c.kind, c.role, c.by.username) for c in history] == [
        ("anna", "invited", "steering_group", "leder"),
        ("anna", "revoked", "steering_group", "leder"),
        ("anna", "deactivated", "", "leder"),
        ("anna", "granted", "consultant", "leder"),
        ("made", "created", "", "leder"),
        ("made", "granted", "enterprise", "leder"),
        ("ole", "access_changed", "", "leder"),
        ("ole", "access_changed", "", "leder"),
        ("ole", "access_changed", "", "leder"),
    ]

    # And back: each person gets their weightiest role again.
    user_role.objects.create(user_id=anna.pk, role="mentor")
    user_role.objects.create(user_id=made.pk, role="company")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    back = executor.loader.project_state(BEFORE).apps.get_model("portal", "User")
    assert dict(back.objects.values_list("username", "role")) == {
        "leder": "project_leader",
        "anna": "consultant",
        "ole": "steering_group",
        "made": "enterprise",
    }


# --- Two project leaders at once ----------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_project_leaders_giving_roles_at_once_both_keep_theirs(consultant):
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks across connections: PostgreSQL only")
    leaders = [make_user("leder1", R.PROJECT_LEADER), make_user("leder2", R.PROJECT_LEADER)]
    start = threading.Barrier(2)
    errors = []

    def give(by, role):
        try:
            start.wait(10)
            with transaction.atomic():
                person = User.objects.get(pk=consultant.pk)
                services.person_roles_change(person=person, grant={role}, by=by)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=give, args=(leaders[0], R.MENTOR)),
        threading.Thread(target=give, args=(leaders[1], R.COMPANY)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert errors == []
    consultant.refresh_from_db()
    assert consultant.roles == {R.CONSULTANT, R.MENTOR, R.COMPANY}
    given = RoleChange.objects.filter(person=consultant, kind=RoleChange.Kind.GRANTED)
    assert sorted(given.values_list("role", flat=True)) == [R.COMPANY, R.MENTOR]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_project_leaders_taking_roles_at_once_leave_one():
    """Each takes away a different role of two: taking turns on the person's row, the
    second sees the first's and is refused, so the person keeps a role."""
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks across connections: PostgreSQL only")
    person = make_user("per", None, roles=[R.MENTOR, R.COMPANY])
    leaders = [make_user("leder1", R.PROJECT_LEADER), make_user("leder2", R.PROJECT_LEADER)]
    start = threading.Barrier(2)
    refused = []

    def take(by, role):
        try:
            start.wait(10)
            services.person_roles_change(
                person=User.objects.get(pk=person.pk), revoke={role}, by=by
            )
        except ValidationError as error:
            refused.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=take, args=(leaders[0], R.MENTOR)),
        threading.Thread(target=take, args=(leaders[1], R.COMPANY)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    person.refresh_from_db()
    assert len(person.roles) == 1
    assert len(refused) == 1


def test_the_invitation_names_the_role_in_the_persons_language(
    leader, mailoutbox, django_capture_on_commit_callbacks
):
    with translation.override("da"), django_capture_on_commit_callbacks(execute=True):
        services.person_invite(
            email="nina@example.dk",
            first_name="Nina",
            last_name="",
            role=R.MUNICIPAL_EMPLOYEE,
            language="en",
            by=leader,
        )
    [message] = mailoutbox
    assert "as “Municipal employee”" in message.body
    assert "Municipal employee" in message.alternatives[0][0]
