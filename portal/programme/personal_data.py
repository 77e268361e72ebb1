"""What the programme keeps about a person: the consultants' time registration, who is
responsible for an activity, the steering group's follow-up tasks, and the free text of its
meetings and plan (see `portal.privacy`). Registered in `ProgrammeConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import ListedTextPlace, TextPlace
from portal.privacy import Column, PersonalDataProvider, Section
from portal.programme.models import (
    Activity,
    AgendaItem,
    BaselineLine,
    BudgetBaseline,
    Decision,
    FollowUpTask,
    Phase,
    SteeringMeeting,
    TimeEntry,
)

CONTRACT = _("Contract (GDPR art. 6(1)(b))")
PUBLIC_TASK = _("Public task (GDPR art. 6(1)(e))")
LEGAL_OBLIGATION = _("Legal obligation (GDPR art. 6(1)(c))")
NAME_OF_A_PLAN_PART = _("The name of a part of the programme plan, not of a person.")


def _meeting_url(row):
    return row.meeting.get_absolute_url()


class ProgrammeProvider(PersonalDataProvider):
    covers = {
        TimeEntry: ("user",),
        Activity: ("responsible",),
        FollowUpTask: ("owner",),
    }
    attributions = {
        SteeringMeeting: ("created_by",),
        Decision: ("recorded_by",),
        FollowUpTask: ("done_by",),
        BudgetBaseline: ("created_by",),
    }
    not_personal = {
        Phase: {"name": NAME_OF_A_PLAN_PART},
        Activity: {"name": NAME_OF_A_PLAN_PART},
        BaselineLine: {"name": NAME_OF_A_PLAN_PART},
        BudgetBaseline: {"name": _("The name of a saved budget, not of a person.")},
    }

    def places(self):
        return [
            TextPlace(
                SteeringMeeting,
                ["minutes"],
                date="starts_at",
                url=lambda row: row.get_absolute_url(),
            ),
            TextPlace(
                AgendaItem,
                ["title", "description"],
                select_related=["meeting"],
                where=lambda row: row.meeting,
                url=_meeting_url,
            ),
            ListedTextPlace(
                Decision,
                ["text"],
                date="recorded_at",
                select_related=["meeting"],
                where=lambda row: row.meeting,
                url=_meeting_url,
                reason=_(
                    "A steering group decision is the group's record: correct it by hand, and "
                    "decide whether the group must be told."
                ),
            ),
            TextPlace(
                FollowUpTask,
                ["title"],
                select_related=["decision__meeting"],
                date="due_on",
                url=lambda row: row.decision.meeting.get_absolute_url(),
            ),
            TextPlace(Phase, ["description"], url=lambda row: row.get_absolute_url()),
            TextPlace(Activity, ["description"], url=lambda row: row.get_absolute_url()),
            TextPlace(TimeEntry, ["note"], date="date", select_related=["user", "activity"]),
        ]

    def export(self, person):
        return [self._time(person), self._responsible(person), self._tasks(person)]

    def _time(self, person):
        entries = (
            TimeEntry.objects.filter(user__in=person.users)
            .select_related("activity")
            .order_by("-date", "-pk")
        )
        return Section(
            key="time_entries",
            title=_("Time registration"),
            purpose=_("The hours worked on the programme, and what they cost."),
            legal_basis=LEGAL_OBLIGATION,
            retention=_("Five years after the end of the financial year (bogføringsloven)."),
            erasure=_("Kept, under the account without its name; the note loses the name."),
            kept=_(
                "Time registration is accounting: the hours and their cost are what the "
                "programme is invoiced and audited by, so they must be kept."
            ),
            columns=(
                Column("date", _("Date")),
                Column("activity", _("Activity")),
                Column("hours", _("Hours")),
                Column("note", _("Note")),
            ),
            rows=[
                {
                    "date": entry.date,
                    "activity": str(entry.activity),
                    "hours": entry.hours,
                    "note": entry.note,
                }
                for entry in entries
            ],
        )

    def _responsible(self, person):
        activities = Activity.objects.filter(responsible__in=person.users).select_related("phase")
        return Section(
            key="responsible_for_activities",
            title=_("Responsible for activities"),
            purpose=_("Who answers for each activity of the programme plan."),
            legal_basis=CONTRACT,
            retention=_("While the programme runs."),
            erasure=_("Kept, under the account without its name."),
            kept=_("The programme plan says who answered for what; the plan stays as agreed."),
            columns=(Column("activity", _("Activity")), Column("phase", _("Phase"))),
            rows=[
                {"activity": activity.name, "phase": str(activity.phase)} for activity in activities
            ],
        )

    def _tasks(self, person):
        tasks = (
            FollowUpTask.objects.filter(owner__in=person.users)
            .select_related("decision__meeting")
            .order_by("due_on", "pk")
        )
        return Section(
            key="follow_up_tasks",
            title=_("Follow-up tasks from the steering group"),
            purpose=_("What the steering group decided someone would do, and when."),
            legal_basis=PUBLIC_TASK,
            retention=_("With the steering group's decisions."),
            erasure=_("Kept, under the account without its name; the title loses the name."),
            kept=_("A follow-up task belongs to the steering group's record of its decisions."),
            columns=(
                Column("title", _("Task")),
                Column("due_on", _("Due")),
                Column("done_at", _("Done")),
                Column("meeting", _("Meeting")),
            ),
            rows=[
                {
                    "title": task.title,
                    "due_on": task.due_on,
                    "done_at": task.done_at,
                    "meeting": str(task.decision.meeting),
                }
                for task in tasks
            ],
        )
