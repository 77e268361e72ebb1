"""Where the programme keeps free text that may name a person: the steering group's
meetings and the programme plan (see `portal.personal_data`)."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import ListedTextPlace, TextPlace


def places():
    from portal.programme.models import (
        Activity,
        AgendaItem,
        Decision,
        FollowUpTask,
        Phase,
        SteeringMeeting,
        TimeEntry,
    )

    def meeting_url(row):
        return row.meeting.get_absolute_url()

    return [
        TextPlace(
            SteeringMeeting, ["minutes"], date="starts_at", url=lambda row: row.get_absolute_url()
        ),
        TextPlace(
            AgendaItem,
            ["title", "description"],
            select_related=["meeting"],
            where=lambda row: row.meeting,
            url=meeting_url,
        ),
        ListedTextPlace(
            Decision,
            ["text"],
            date="recorded_at",
            select_related=["meeting"],
            where=lambda row: row.meeting,
            url=meeting_url,
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
