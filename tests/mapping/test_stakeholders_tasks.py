"""The interaction log and its follow-up tasks: all or nothing, the contact's last contact,
the task states, the task list and the owner's dashboard."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone, translation

from mapping.models import Contact, Interaction, Task
from mapping.services.stakeholders import interaction_log
from portal.models import User
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def organisation(db):
    return make_organisation("Frivilligrådet")


@pytest.fixture
def karen(organisation):
    return Contact.objects.create(organisation=organisation, name="Karen Krogh", purpose="x")


def form_data(**changes):
    data = {
        "date": today().isoformat(),
        "kind": "meeting",
        "contact": "",
        "summary": "Rådet vil være medarrangør af dialogmødet.",
        "task_title": "",
        "task_owner": "",
        "task_deadline": "",
    }
    return {**data, **changes}


# Task states


def test_a_task_is_open_until_its_deadline_then_overdue_and_done_when_done(leader):
    task = Task(title="Ring", owner=leader, due_on=today())
    assert task.state() == Task.State.OPEN
    assert task.state(today=today() + timedelta(days=1)) == Task.State.OVERDUE
    task.done_at = timezone.now()
    assert task.state(today=today() + timedelta(days=1)) == Task.State.DONE


def test_the_task_queryset_knows_open_and_overdue(leader):
    open_task = Task.objects.create(title="Åben", owner=leader, due_on=today())
    late = Task.objects.create(title="Sen", owner=leader, due_on=today() - timedelta(days=1))
    Task.objects.create(
        title="Færdig", owner=leader, due_on=today() - timedelta(days=9), done_at=timezone.now()
    )
    assert set(Task.objects.open()) == {open_task, late}
    assert list(Task.objects.overdue()) == [late]


# The interaction log


def test_logging_an_interaction_with_follow_up_creates_the_task(
    client, consultant, organisation, karen
):
    client.force_login(consultant)
    deadline = today() + timedelta(days=7)
    response = client.post(
        reverse("mapping:interaction-create", args=[organisation.pk]),
        form_data(
            contact=karen.pk,
            task_title="Aftal dato",
            task_owner=consultant.pk,
            task_deadline=deadline.isoformat(),
        ),
    )
    assert response.status_code == 302
    interaction = Interaction.objects.get()
    assert (interaction.organisation, interaction.contact, interaction.by) == (
        organisation,
        karen,
        consultant,
    )
    task = Task.objects.get()
    assert (task.interaction, task.organisation, task.owner, task.due_on) == (
        interaction,
        organisation,
        consultant,
        deadline,
    )
    karen.refresh_from_db()
    assert karen.last_contacted_on == today()


def test_an_interaction_without_follow_up_creates_no_task(client, consultant, organisation):
    client.force_login(consultant)
    client.post(reverse("mapping:interaction-create", args=[organisation.pk]), form_data())
    assert Interaction.objects.count() == 1
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    ("task", "field"),
    [
        ({"task_deadline": "31.02.2027"}, "task_deadline"),
        ({"task_deadline": "i morgen"}, "task_deadline"),
        ({"task_deadline": "2020-01-01"}, "task_deadline"),
        ({"task_deadline": ""}, "task_deadline"),
        ({"task_title": ""}, "task_title"),
        ({"task_owner": ""}, "task_owner"),
    ],
)
def test_a_bad_follow_up_saves_neither_the_interaction_nor_the_task(
    client, consultant, organisation, karen, task, field
):
    client.force_login(consultant)
    data = form_data(
        contact=karen.pk,
        task_title="Aftal dato",
        task_owner=consultant.pk,
        task_deadline=(today() + timedelta(days=3)).isoformat(),
    )
    response = client.post(
        reverse("mapping:interaction-create", args=[organisation.pk]), {**data, **task}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Interaction.objects.exists()
    assert not Task.objects.exists()
    karen.refresh_from_db()
    assert karen.last_contacted_on is None


def test_a_task_owner_must_be_programme_staff(client, consultant, steering, organisation):
    client.force_login(consultant)
    response = client.post(
        reverse("mapping:interaction-create", args=[organisation.pk]),
        form_data(
            task_title="Noget",
            task_owner=steering.pk,
            task_deadline=(today() + timedelta(days=1)).isoformat(),
        ),
    )
    assert "task_owner" in response.context["form"].errors
    assert not Interaction.objects.exists()


def test_the_service_refuses_a_bad_deadline_and_saves_nothing(consultant, organisation, karen):
    with pytest.raises(ValidationError) as caught:
        interaction_log(
            organisation=organisation,
            by=consultant,
            date=today(),
            kind="call",
            summary="Snak",
            contact=karen,
            task_title="Følg op",
            task_owner=consultant,
            task_deadline="2027-02-30",
        )
    assert "task_deadline" in caught.value.message_dict
    assert not Interaction.objects.exists()
    assert not Task.objects.exists()
    karen.refresh_from_db()
    assert karen.last_contacted_on is None


def test_a_failure_while_saving_the_task_rolls_back_the_interaction(
    consultant, organisation, karen
):
    with (
        mock.patch.object(Task, "save", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        interaction_log(
            organisation=organisation,
            by=consultant,
            date=today(),
            kind="call",
            summary="Snak",
            contact=karen,
            task_title="Følg op",
            task_owner=consultant,
            task_deadline=today() + timedelta(days=2),
        )
    assert not Interaction.objects.exists()
    karen.refresh_from_db()
    assert karen.last_contacted_on is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": (timezone.localdate() + timedelta(days=1)).isoformat()}, "date"),
        ({"date": ""}, "date"),
        ({"kind": "pigeon"}, "kind"),
        ({"summary": ""}, "summary"),
    ],
)
def test_a_bad_interaction_is_refused_at_the_field(
    client, consultant, organisation, changes, field
):
    client.force_login(consultant)
    response = client.post(
        reverse("mapping:interaction-create", args=[organisation.pk]), form_data(**changes)
    )
    assert field in response.context["form"].errors
    assert not Interaction.objects.exists()


def test_the_contact_must_belong_to_or_be_linked_to_the_organisation(
    client, consultant, organisation
):
    elsewhere = make_organisation("Et andet sted")
    stranger = Contact.objects.create(organisation=elsewhere, name="Fremmed", purpose="x")
    linked = Contact.objects.create(organisation=elsewhere, name="Bestyrelsesmedlem", purpose="x")
    linked.linked_organisations.add(organisation)
    client.force_login(consultant)
    url = reverse("mapping:interaction-create", args=[organisation.pk])
    response = client.post(url, form_data(contact=stranger.pk))
    assert "contact" in response.context["form"].errors
    assert not Interaction.objects.exists()
    assert client.post(url, form_data(contact=linked.pk)).status_code == 302
    assert Interaction.objects.get().contact == linked


def test_the_last_contact_only_moves_forward(consultant, organisation, karen):
    interaction_log(
        organisation=organisation,
        by=consultant,
        date=today(),
        kind="call",
        summary="Ny",
        contact=karen,
    )
    interaction_log(
        organisation=organisation,
        by=consultant,
        date=today() - timedelta(days=20),
        kind="email",
        summary="Noteret for sent",
        contact=karen,
    )
    karen.refresh_from_db()
    assert karen.last_contacted_on == today()


def test_the_interaction_list_filters_by_contact_and_exports(
    client, consultant, organisation, karen
):
    interaction_log(
        organisation=organisation,
        by=consultant,
        date=today(),
        kind="call",
        summary="Med Karen",
        contact=karen,
    )
    interaction_log(
        organisation=organisation, by=consultant, date=today(), kind="email", summary="Generelt"
    )
    client.force_login(consultant)
    url = reverse("mapping:interaction-list", args=[organisation.pk])
    assert len(client.get(url).context["interactions"]) == 2
    only = client.get(url, {"contact": karen.pk}).context["interactions"]
    assert [interaction.summary for interaction in only] == ["Med Karen"]
    body = client.get(url, {"export": "csv", "contact": karen.pk}).content.decode("utf-8-sig")
    assert "Med Karen" in body and "Generelt" not in body


# The task list and completing tasks


@pytest.fixture
def tasks(consultant, leader):
    organisation = make_organisation("Kommunen")
    return {
        "mine open": Task.objects.create(
            title="Min åbne", organisation=organisation, owner=consultant, due_on=today()
        ),
        "mine overdue": Task.objects.create(
            title="Min forsinkede", owner=consultant, due_on=today() - timedelta(days=1)
        ),
        "mine done": Task.objects.create(
            title="Min færdige", owner=consultant, due_on=today(), done_at=timezone.now()
        ),
        "leader's": Task.objects.create(
            title="Lederens", owner=leader, due_on=today() + timedelta(days=3)
        ),
    }


def titles(response):
    return [row["task"].title for row in response.context["rows"]]


def test_the_task_list_shows_mine_by_default_with_the_state_in_words(client, consultant, tasks):
    client.force_login(consultant)
    response = client.get(reverse("mapping:task-list"))
    assert titles(response) == ["Min forsinkede", "Min åbne", "Min færdige"]
    states = {row["task"].title: row["state"] for row in response.context["rows"]}
    assert states == {
        "Min forsinkede": Task.State.OVERDUE,
        "Min åbne": Task.State.OPEN,
        "Min færdige": Task.State.DONE,
    }
    html = response.content.decode()
    for state in Task.State:
        assert f">{state.label}</span>" in html


def test_the_task_list_shows_everyones_and_filters_by_state(client, consultant, tasks):
    client.force_login(consultant)
    url = reverse("mapping:task-list")
    assert "Lederens" in titles(client.get(url, {"whose": "all"}))
    assert titles(client.get(url, {"state": "overdue"})) == ["Min forsinkede"]
    assert titles(client.get(url, {"state": "open"})) == ["Min åbne"]
    assert titles(client.get(url, {"whose": "all", "state": "open"})) == ["Min åbne", "Lederens"]
    assert titles(client.get(url, {"state": "done"})) == ["Min færdige"]
    body = client.get(url, {"export": "csv", "state": "overdue"}).content.decode("utf-8-sig")
    assert "Min forsinkede" in body and "Min åbne" not in body


def test_the_task_list_costs_the_same_queries_at_any_size(
    client, consultant, django_assert_max_num_queries
):
    def add(count):
        for index in range(count):
            Task.objects.create(
                title=f"T {index}",
                organisation=make_organisation(f"Org {index}"),
                owner=consultant,
                due_on=today(),
            )

    client.force_login(consultant)
    add(2)
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("mapping:task-list"))
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("mapping:task-list"))


def test_the_owner_marks_a_task_done(client, consultant, tasks):
    client.force_login(consultant)
    task = tasks["mine overdue"]
    response = client.post(reverse("mapping:task-done", args=[task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state() == Task.State.DONE


def test_the_project_leader_marks_anyones_task_done(client, leader, tasks):
    client.force_login(leader)
    task = tasks["mine open"]
    client.post(reverse("mapping:task-done", args=[task.pk]), {"next": "/"})
    task.refresh_from_db()
    assert task.done_at is not None


def test_another_consultant_may_not_complete_my_task(client, tasks):
    colleague = make_user("kollega", User.Role.CONSULTANT)
    client.force_login(colleague)
    task = tasks["mine open"]
    response = client.post(reverse("mapping:task-done", args=[task.pk]))
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.done_at is None


def state_shown(html, title):
    """The state badge on the one list item of the page that shows the task ``title``."""
    items = [
        item for item in re.findall(r"<li\b[^>]*>(.*?)</li>", html, re.DOTALL) if title in item
    ]
    assert len(items) == 1, f"{title!r} is shown {len(items)} times"
    badge = re.search(r'<span class="badge[^"]*">([^<]*)</span>', items[0])
    assert badge, f"{title!r} is shown without its state"
    return badge.group(1)


def state_label(state):
    """The label of a task state as the page shows it: in Danish, the default language."""
    with translation.override("da"):
        return str(state.label)


def test_the_organisation_shows_its_open_and_overdue_tasks_with_their_state(
    client, consultant, tasks
):
    organisation = tasks["mine open"].organisation
    Task.objects.filter(pk__in=[tasks["mine overdue"].pk, tasks["mine done"].pk]).update(
        organisation=organisation
    )
    client.force_login(consultant)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert state_shown(html, "Min åbne") == state_label(Task.State.OPEN)
    assert state_shown(html, "Min forsinkede") == state_label(Task.State.OVERDUE)
    assert "Min færdige" not in html


# The owner's dashboard


def test_the_dashboard_shows_the_owners_open_and_overdue_tasks(client, consultant, tasks):
    client.force_login(consultant)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert "Min åbne" in html and "Min forsinkede" in html
    assert "Min færdige" not in html
    assert "Lederens" not in html
    panel = next(
        p for p in response.context["panels"] if p.template.endswith("panel_my_tasks.html")
    )
    assert panel.context["open_count"] == 2
    assert panel.context["overdue_count"] == 1
    assert state_shown(html, "Min åbne") == state_label(Task.State.OPEN)
    assert state_shown(html, "Min forsinkede") == state_label(Task.State.OVERDUE)


def test_the_leaders_dashboard_shows_the_leaders_tasks(client, leader, tasks):
    client.force_login(leader)
    html = client.get(reverse("home")).content.decode()
    assert "Lederens" in html and "Min åbne" not in html


@pytest.mark.parametrize("actor", ["alice", "steering"])
def test_others_get_no_task_panel(client, request, actor):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse("home"))
    assert not any(p.template.endswith("panel_my_tasks.html") for p in response.context["panels"])


def test_the_stakeholder_analysis_keeps_a_change_history(leader, area):
    """Every change to an organisation's stakeholder picture is recorded: who, when, what."""
    from mapping.models import OrganisationRelation, StakeholderAssessment
    from mapping.services import stakeholders as services
    from tests.conftest import make_organisation

    kommune = make_organisation("Kommunen", sector="public", kind="public_body", se_status="none")
    cafe = make_organisation("Caféen")
    assessment = StakeholderAssessment.objects.create(organisation=kommune, influence=2, interest=2)
    assessment.influence = 5
    assessment._history_user = leader
    assessment.save()
    assert [h.influence for h in assessment.history.order_by("history_date")] == [2, 5]
    assert assessment.history.first().history_user == leader

    relation = services.relation_create(source=cafe, kind="partner", target=kommune, by=leader)
    services.relation_delete(relation=relation, by=leader)
    records = OrganisationRelation.history.order_by("history_date")
    assert [record.history_type for record in records] == ["+", "-"]
    assert {record.history_user for record in records} == {leader}
