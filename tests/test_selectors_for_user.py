"""Each `<noun>_get_for_user(*, user, pk, for_change=False)` selector, for each role where
the answers differ: 200 (the object), 404 (may not know it exists), 403 (may see it but not
change it). The rule per object is the one its views kept before the selectors took it over.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404
from django.utils import timezone

from mapping.models import (
    Case,
    Contact,
    ImportBatch,
    InterplayIdea,
    Meeting,
    Organisation,
    OrganisationRelation,
    Task,
)
from mapping.selectors import (
    contact_get_for_user,
    organisation_get_for_user,
    registration_get_for_user,
)
from mapping.selectors.cases import case_get_for_user
from mapping.selectors.interactions import task_get_for_user as mapping_task_get_for_user
from mapping.selectors.meetings import idea_get_for_user, meeting_get_for_user
from mapping.selectors.privacy import data_subject_get_for_user
from mapping.selectors.spreadsheets import import_batch_get_for_user
from mapping.selectors.stakeholders import relation_get_for_user
from portal import deliveries
from portal.access import get_for_user
from portal.jobs import job_get_for_user
from portal.models import Delivery, Job, SteeringGroupMember, User
from portal.people.selectors import person_get_for_user
from portal.programme.models import (
    Activity,
    AgendaItem,
    Decision,
    FollowUpTask,
    Phase,
    SteeringMeeting,
    TimeEntry,
)
from portal.programme.selectors.plan import activity_get_for_user, phase_get_for_user
from portal.programme.selectors.steering import (
    agenda_item_get_for_user,
    decision_get_for_user,
    member_get_for_user,
)
from portal.programme.selectors.steering import meeting_get_for_user as steering_meeting_get
from portal.programme.selectors.steering import task_get_for_user as programme_task_get
from portal.programme.selectors.timesheets import time_entry_get_for_user
from strategy.models import Action, FocusArea, Goal, Strategy
from strategy.selectors.council import council_strategy_get_for_user
from strategy.selectors.drafting import (
    action_get_for_user,
    focus_area_get_for_user,
    goal_get_for_user,
    strategy_get_for_user,
)
from strategy.selectors.progress import action_progress_get_for_user, coming_plan_public_get
from tests.conftest import make_alice, make_area, make_organisation, make_user

TODAY = dt.date(2026, 3, 2)


def answer(selector, user, obj, *, for_change=False, **extra):
    """200, 404 or 403, as a view would answer."""
    try:
        found = selector(user=user, pk=obj.pk, for_change=for_change, **extra)
    except Http404:
        return 404
    except PermissionDenied:
        return 403
    assert found == obj
    return 200


def answers(selector, users, obj, **extra):
    """{role: (reading, changing)} for each of `users`."""
    return {
        name: (
            answer(selector, user, obj, **extra),
            answer(selector, user, obj, for_change=True, **extra),
        )
        for name, user in users.items()
    }


@pytest.fixture
def people(db):
    area = make_area()
    return {
        "leader": make_user("leder", User.Role.PROJECT_LEADER),
        "consultant": make_user("konsulent", User.Role.CONSULTANT),
        "steering": make_user("styregruppe", User.Role.STEERING_GROUP),
        "enterprise": make_alice(area),
    }


STAFF_ONLY = {
    "leader": (200, 200),
    "consultant": (200, 200),
    "steering": (404, 404),
    "enterprise": (404, 404),
}
# The programme's records: its staff and the steering group read, the project leader changes.
LEADER_CHANGES = {
    "leader": (200, 200),
    "consultant": (200, 403),
    "steering": (200, 403),
    "enterprise": (404, 404),
}


# --- The kernel -----------------------------------------------------------------------


def test_the_kernel_answers_404_outside_what_is_visible_and_403_for_a_refused_change(people):
    organisation = make_organisation("Café Kvisten")
    visible = Organisation.objects.all()
    assert get_for_user(visible, pk=organisation.pk) == organisation
    with pytest.raises(Http404):
        get_for_user(visible.none(), pk=organisation.pk)
    with pytest.raises(Http404):
        get_for_user(visible, pk=organisation.pk + 1000)
    with pytest.raises(Http404):
        get_for_user(visible, pk="not a number")
    refused = {"may_change": lambda _obj: False}
    assert get_for_user(visible, pk=organisation.pk, **refused) == organisation
    with pytest.raises(PermissionDenied):
        get_for_user(visible, pk=organisation.pk, for_change=True, **refused)
    # Without a rule for changing, whoever may see it may change it.
    assert get_for_user(visible, pk=organisation.pk, for_change=True) == organisation


# --- The mapping ----------------------------------------------------------------------


def test_an_organisation_for_the_staff_and_its_own_enterprise_users(people):
    own = people["enterprise"].organisation
    other = make_organisation("Andres Værksted")
    assert answers(organisation_get_for_user, people, own) == {
        "leader": (200, 200),
        "consultant": (200, 200),
        "steering": (404, 404),
        "enterprise": (200, 200),
    }
    assert answers(organisation_get_for_user, people, other)["enterprise"] == (404, 404)


def test_a_registration_awaiting_moderation_for_the_project_leader_only(people):
    pending = make_organisation("Bobs Værksted", moderation_state=Organisation.Moderation.PENDING)
    assert answers(registration_get_for_user, people, pending) == {
        "leader": (200, 200),
        "consultant": (404, 404),
        "steering": (404, 404),
        "enterprise": (404, 404),
    }
    approved = people["enterprise"].organisation
    assert answers(registration_get_for_user, people, approved)["leader"] == (404, 404)


def test_a_contact_by_its_organisations_rule_and_an_erased_one_for_nobody(people):
    organisation = people["enterprise"].organisation
    contact = Contact.objects.create(organisation=organisation, name="Ane", purpose="Kontakt")
    assert answers(contact_get_for_user, people, contact) == {
        "leader": (200, 200),
        "consultant": (200, 200),
        "steering": (404, 404),
        "enterprise": (200, 200),
    }
    contact.erased_at = timezone.now()
    contact.save()
    assert set(answers(contact_get_for_user, people, contact).values()) == {(404, 404)}


def test_a_data_subject_for_the_project_leader_who_reads_an_erased_one_but_cannot_erase_it(
    people,
):
    organisation = people["enterprise"].organisation
    contact = Contact.objects.create(organisation=organisation, name="Ane", purpose="Kontakt")
    assert answers(data_subject_get_for_user, people, contact) == {
        "leader": (200, 200),
        "consultant": (404, 404),
        "steering": (404, 404),
        "enterprise": (404, 404),
    }
    contact.erased_at = timezone.now()
    contact.save()
    assert answers(data_subject_get_for_user, people, contact)["leader"] == (200, 404)


def test_cases_meetings_ideas_relations_and_imports_for_the_staff(people):
    organisation = people["enterprise"].organisation
    department = make_organisation("Haderslev Kommune, Jobcenter")
    start = timezone.now()
    objects = {
        case_get_for_user: Case.objects.create(
            organisation=organisation, title="Kvisten", problem="P", method="M"
        ),
        meeting_get_for_user: Meeting.objects.create(
            kind=Meeting.Kind.DIALOGUE,
            title="Dialogmøde",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            place="Vojens",
            organiser=people["consultant"],
        ),
        idea_get_for_user: InterplayIdea.objects.create(
            organisation=organisation, department=department, service="Kantine", description="D"
        ),
        relation_get_for_user: OrganisationRelation.objects.create(
            source=organisation, kind=OrganisationRelation.Kind.PARTNER, target=department
        ),
        import_batch_get_for_user: ImportBatch.objects.create(
            file=ContentFile(b"navn\n", name="liste.csv"),
            original_name="liste.csv",
            created_by=people["consultant"],
        ),
    }
    for selector, obj in objects.items():
        assert answers(selector, people, obj) == STAFF_ONLY, selector.__name__


def test_a_mapping_task_by_the_rule_every_apps_tasks_share(people):
    other = make_user("kollega", User.Role.CONSULTANT)
    task = Task.objects.create(title="Ring op", due_on=TODAY, owner=people["consultant"])
    assert answers(mapping_task_get_for_user, {**people, "other": other}, task) == {
        "leader": (200, 200),
        "consultant": (200, 200),
        "other": (200, 403),  # sees the staff's tasks, marks only their own done
        "steering": (404, 404),
        "enterprise": (404, 404),
    }


# --- The strategy ---------------------------------------------------------------------


def _strategy(by, state):
    strategy = Strategy.objects.create(
        title=f"Strategi ({state})",
        vision="V",
        state=state,
        created_by=by,
        starts_on=TODAY - dt.timedelta(days=400),
        ends_on=TODAY + dt.timedelta(days=700),
    )
    area = FocusArea.objects.create(strategy=strategy, position=1, title="Netværk")
    goal = Goal.objects.create(focus_area=area, position=1, title="Et netværk")
    action = Action.objects.create(
        strategy=strategy,
        focus_area=area,
        goal=goal,
        title="Netværksmøder",
        owner_department="Beskæftigelse",
        starts_on=TODAY - dt.timedelta(days=100),
        ends_on=TODAY + dt.timedelta(days=100),
        position=1,
    )
    return strategy, area, goal, action


STRATEGY_SELECTORS = (
    strategy_get_for_user,
    focus_area_get_for_user,
    goal_get_for_user,
    action_get_for_user,
    action_progress_get_for_user,
)


def test_a_draft_strategy_and_its_parts_for_the_staff(people):
    parts = _strategy(people["leader"], Strategy.State.DRAFT)
    for selector, obj in zip(STRATEGY_SELECTORS, (*parts, parts[3]), strict=True):
        assert answers(selector, people, obj) == STAFF_ONLY, selector.__name__


def test_an_adopted_plan_and_its_parts_the_steering_group_reads_but_does_not_change(people):
    parts = _strategy(people["leader"], Strategy.State.ADOPTED)
    for selector, obj in zip(STRATEGY_SELECTORS, (*parts, parts[3]), strict=True):
        assert answers(selector, people, obj) == {
            "leader": (200, 200),
            "consultant": (200, 200),
            "steering": (200, 403),
            "enterprise": (404, 404),
        }, selector.__name__


def test_the_council_pages_the_staff_read_and_the_project_leader_alone_changes(people):
    strategy, *_parts = _strategy(people["leader"], Strategy.State.ADOPTED)
    assert answers(council_strategy_get_for_user, people, strategy) == {
        "leader": (200, 200),
        "consultant": (200, 403),
        "steering": (404, 404),
        "enterprise": (404, 404),
    }


def test_a_coming_plan_is_public_and_a_draft_is_not(people):
    coming, *_parts = _strategy(people["leader"], Strategy.State.ADOPTED)
    coming.starts_on = TODAY + dt.timedelta(days=30)
    coming.save()
    draft, *_parts = _strategy(people["leader"], Strategy.State.DRAFT)
    assert coming_plan_public_get(pk=coming.pk, today=TODAY) == coming
    with pytest.raises(Http404):
        coming_plan_public_get(pk=draft.pk, today=TODAY)


# --- The programme --------------------------------------------------------------------


@pytest.fixture
def programme(people):
    phase = Phase.objects.create(
        number=1, name="Kortlægning", starts_on=TODAY, ends_on=TODAY + dt.timedelta(days=90)
    )
    activity = Activity.objects.create(
        phase=phase,
        position=1,
        name="Interview",
        estimated_hours=Decimal("10"),
        planned_start=phase.starts_on,
        planned_end=phase.ends_on,
        responsible=people["consultant"],
    )
    start = timezone.now()
    meeting = SteeringMeeting.objects.create(
        starts_at=start, ends_at=start + dt.timedelta(hours=2), place="Rådhuset"
    )
    decision = Decision.objects.create(meeting=meeting, text="En beslutning")
    return {
        "phase": phase,
        "activity": activity,
        "meeting": meeting,
        "item": AgendaItem.objects.create(meeting=meeting, title="Delrapporten"),
        "decision": decision,
        "member": SteeringGroupMember.objects.create(name="Henrik", email="h@example.dk"),
        "task": FollowUpTask.objects.create(
            decision=decision, title="Send referat", owner=people["steering"], due_on=TODAY
        ),
    }


def test_the_plan_and_the_steering_groups_records_the_project_leader_alone_changes(
    people, programme
):
    for selector, name in (
        (phase_get_for_user, "phase"),
        (activity_get_for_user, "activity"),
        (steering_meeting_get, "meeting"),
        (decision_get_for_user, "decision"),
        (member_get_for_user, "member"),
    ):
        assert answers(selector, people, programme[name]) == LEADER_CHANGES, name


def test_an_agenda_item_only_through_its_own_meeting(people, programme):
    item, meeting = programme["item"], programme["meeting"]
    assert answers(agenda_item_get_for_user, people, item, meeting=meeting) == LEADER_CHANGES
    start = timezone.now()
    other = SteeringMeeting.objects.create(
        starts_at=start, ends_at=start + dt.timedelta(hours=1), place="Vojens"
    )
    assert answer(agenda_item_get_for_user, people["leader"], item, meeting=other) == 404


def test_a_steering_task_its_owner_and_the_staff_know_and_the_project_leader_changes(
    people, programme
):
    other_member = make_user("medlem", User.Role.STEERING_GROUP)
    assert answers(programme_task_get, {**people, "other": other_member}, programme["task"]) == {
        "leader": (200, 200),
        "consultant": (200, 403),
        "steering": (200, 403),  # the owner: marking it done is the task's own rule
        "other": (404, 404),
        "enterprise": (404, 404),
    }


def test_a_time_entry_its_owner_changes_and_the_project_leader_only_reads(people, programme):
    entry = TimeEntry.objects.create(
        user=people["consultant"], activity=programme["activity"], date=TODAY, hours=2
    )
    other = make_user("kollega", User.Role.CONSULTANT)
    assert answers(time_entry_get_for_user, {**people, "other": other}, entry) == {
        "leader": (200, 403),
        "consultant": (200, 200),
        "other": (404, 404),
        "steering": (404, 404),
        "enterprise": (404, 404),
    }


# --- People, jobs, deliveries ---------------------------------------------------------


def test_a_person_for_the_project_leader_who_changes_only_those_managed_on_the_page(people):
    assert answers(person_get_for_user, people, people["consultant"]) == {
        "leader": (200, 200),
        "consultant": (404, 404),
        "steering": (404, 404),
        "enterprise": (404, 404),
    }
    # Their own roles are not theirs to change.
    assert answers(person_get_for_user, people, people["leader"])["leader"] == (200, 403)


def test_a_job_for_the_staff_and_the_person_who_started_it_and_nobody_changes_it(people):
    started = Job.objects.create(task="mapping.import", created_by=people["enterprise"])
    assert answers(job_get_for_user, people, started) == {
        "leader": (200, 403),
        "consultant": (200, 403),
        "steering": (404, 404),
        "enterprise": (200, 403),
    }


def test_failed_deliveries_for_the_project_leader_only(people):
    failed = Delivery.objects.create(
        template="x.txt", recipient="a@example.dk", status=Delivery.Status.FAILED
    )
    sent = Delivery.objects.create(
        template="x.txt", recipient="b@example.dk", status=Delivery.Status.SENT
    )
    pks = [str(failed.pk), str(sent.pk), "not a number"]
    assert list(deliveries.deliveries_get_for_user(user=people["leader"], pks=pks)) == [failed]
    for name in ("consultant", "steering", "enterprise"):
        assert not deliveries.deliveries_get_for_user(user=people[name], pks=pks).exists()
