"""The mapping's sections of a person's export (`portal.privacy.Section`): the contact and
its change history, what they said and where they took part, and what their log-in account
did in the mapping."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from mapping.models import (
    Attendance,
    Feedback,
    FeedbackTag,
    Interaction,
    Organisation,
    Potential,
    ReviewComment,
    ReviewVerdict,
    Task,
)
from mapping.selectors import privacy as selectors
from portal.privacy import REVIEW_COLUMNS, Column, Section, plain, review_rows, when

PUBLIC_TASK = _("Public task (GDPR art. 6(1)(e))")
KEPT_FOR_COUNTS = _(
    "What the person said and did for their organisation stays, so that every count stays "
    "the same; it links to a contact who no longer has a name."
)


def contact_sections(contact):
    """The sections about one contact; `contact` None gives them empty (no contact)."""
    basis = contact.get_legal_basis_display() if contact else PUBLIC_TASK
    common = {
        "purpose": contact.purpose if contact and contact.purpose else _("The mapping."),
        "legal_basis": basis,
        "retention": _(
            "Until the contact has been out of touch longer than the retention period; the "
            "retention list shows those for the project leader to review."
        ),
    }
    return [
        _about(contact, common),
        _history(contact, common),
        _interactions(contact, common),
        _meetings(contact, common),
        _feedback(contact, common),
    ]


def _about(contact, common):
    data = None
    rows = []
    if contact is not None:
        data = _contact_data(contact)
        rows = [
            {"field": _("Name"), "value": contact.name},
            {"field": _("Role"), "value": contact.role},
            {"field": _("E-mail"), "value": contact.email},
            {"field": _("Phone"), "value": contact.phone},
            {"field": _("Organisation"), "value": contact.organisation.name},
            {
                "field": _("Also linked to"),
                "value": [o["name"] for o in data["linked_organisations"]],
            },
            {"field": _("Key person"), "value": contact.is_key_person},
            {"field": _("Change agent"), "value": contact.is_change_agent},
            {"field": _("May be named in reports"), "value": contact.public},
            {"field": _("Purpose"), "value": contact.purpose},
            {"field": _("Legal basis"), "value": contact.get_legal_basis_display()},
            {"field": _("Last contact"), "value": contact.last_contacted_on},
            {"field": _("Created"), "value": contact.created_at},
        ]
    return Section(
        key="contact",
        order=10,
        title=_("About the person"),
        erasure=_(
            "The name, role, e-mail address and phone number are removed, also from every "
            "earlier version in the change history."
        ),
        columns=(Column("field", _("Field")), Column("value", _("Value"))),
        rows=rows,
        data=data,
        **common,
    )


def _contact_data(contact):
    return {
        "id": contact.pk,
        "name": contact.name,
        "role": contact.role,
        "email": contact.email,
        "phone": contact.phone,
        "organisation": {"id": contact.organisation_id, "name": contact.organisation.name},
        "linked_organisations": [
            {"id": organisation.pk, "name": organisation.name}
            for organisation in contact.linked_organisations.all()
        ],
        "key_person": contact.is_key_person,
        "change_agent": contact.is_change_agent,
        "may_be_named_in_reports": contact.public,
        "purpose": contact.purpose,
        "legal_basis": {"code": contact.legal_basis, "label": contact.get_legal_basis_display()},
        "last_contacted_on": when(contact.last_contacted_on),
        "created_at": when(contact.created_at),
    }


def _history(contact, common):
    history = selectors.contact_history(contact=contact) if contact else []
    rows = []
    for entry in history:
        record = entry.record
        what = []
        if record.history_type == "+":
            what.append(str(_("Created")))
        elif record.history_type == "-":
            what.append(str(_("Deleted")))
        if record.history_change_reason:
            what.append(record.history_change_reason)
        what += [
            f"{str(change.field).capitalize()}: {plain(change.old) or '–'} → "
            f"{plain(change.new) or '–'}"
            for change in entry.changes
        ]
        rows.append(
            {
                "when": record.history_date,
                "who": str(record.history_user or _("The registrant or the system")),
                "what": what,
            }
        )
    return Section(
        key="history",
        order=10,
        title=_("Change history"),
        erasure=_("The change history records that an erasure happened, not what was erased."),
        columns=(Column("when", _("When")), Column("who", _("Who")), Column("what", _("What"))),
        rows=rows,
        data=[
            {
                "date": when(entry.when),
                "type": _label(entry.record.get_history_type_display()),
                "by": _label(entry.who),
                "reason": entry.why,
                "values": {name: plain(value) for name, value in entry.values.items()},
            }
            for entry in history
        ],
        empty=_("No recorded changes."),
        **common,
    )


def _label(value):
    return str(value) if value is not None else None


def _interactions(contact, common):
    interactions = (
        Interaction.objects.filter(contact=contact)
        .select_related("organisation", "by")
        .order_by("-date", "-created_at")
        if contact
        else []
    )
    rows = [
        {
            "date": interaction.date,
            "kind": interaction.get_kind_display(),
            "organisation": interaction.organisation.name,
            "summary": interaction.summary,
            "recorded_by": _label(interaction.by),
        }
        for interaction in interactions
    ]
    return Section(
        key="interactions",
        order=10,
        title=_("Interactions"),
        erasure=_("Kept as the organisation's records, without the person's name."),
        kept=KEPT_FOR_COUNTS,
        columns=(
            Column("date", _("Date")),
            Column("kind", _("Kind")),
            Column("organisation", _("Organisation")),
            Column("summary", _("What was said")),
            Column("recorded_by", _("By")),
        ),
        rows=rows,
        empty=_("No interactions."),
        **common,
    )


def _meetings(contact, common):
    attendances = (
        Attendance.objects.filter(contact=contact)
        .select_related("meeting")
        .order_by("-meeting__starts_at")
        if contact
        else []
    )
    rows = [
        {
            "title": attendance.meeting.title,
            "kind": attendance.meeting.get_kind_display(),
            "starts_at": attendance.meeting.starts_at,
            "ends_at": attendance.meeting.ends_at,
            "place": attendance.meeting.place,
            "invitation_sent_at": attendance.invited_at,
            "attended": attendance.attended,
        }
        for attendance in attendances
    ]
    return Section(
        key="meetings",
        order=10,
        title=_("Meetings"),
        erasure=_("Kept, so the meetings' counts stay the same."),
        kept=KEPT_FOR_COUNTS,
        columns=(
            Column("title", _("Meeting")),
            Column("starts_at", _("When")),
            Column("place", _("Place")),
            Column("invitation_sent_at", _("Invitation sent")),
            Column("attended", _("Attended")),
        ),
        rows=rows,
        empty=_("Not invited to any meeting."),
        **common,
    )


def _feedback(contact, common):
    feedback = (
        Feedback.objects.filter(contact=contact)
        .select_related("meeting", "organisation", "recorded_by")
        .prefetch_related(Prefetch("tags", queryset=FeedbackTag.objects.order_by("name")))
        .order_by("-created_at")
        if contact
        else []
    )
    data = [
        {
            "recorded_at": when(item.created_at),
            "theme": item.get_theme_display(),
            "text": item.text,
            "meeting": item.meeting.title if item.meeting else None,
            "organisation": item.organisation.name if item.organisation else None,
            "tags": [tag.name for tag in item.tags.all()],
            "wants_reply": item.wants_reply,
        }
        for item in feedback
    ]
    rows = [
        {
            "recorded_at": item.created_at,
            "theme": [item.get_theme_display(), *(tag.name for tag in item.tags.all())],
            "text": item.text,
            "where": (item.meeting.title if item.meeting else None)
            or (item.organisation.name if item.organisation else None),
        }
        for item in feedback
    ]
    return Section(
        key="feedback",
        order=10,
        title=_("Feedback"),
        erasure=_("Kept, without the person's name."),
        kept=KEPT_FOR_COUNTS,
        columns=(
            Column("recorded_at", _("Recorded")),
            Column("theme", _("Theme")),
            Column("text", _("What was said")),
            Column("where", _("Where")),
        ),
        rows=rows,
        data=data,
        empty=_("No feedback."),
        **common,
    )


def account_sections(users):
    """What the person's log-in accounts did in the mapping."""
    return [_memberships(users), _review(users), _tasks(users)]


def _memberships(users):
    organisations = Organisation.objects.filter(users__in=users).distinct().order_by("name")
    return Section(
        key="organisation_accounts",
        title=_("Organisations the account keeps"),
        purpose=_("An enterprise's users keep its profile in the portal."),
        legal_basis=PUBLIC_TASK,
        retention=_("While the account belongs to the organisation."),
        erasure=_("The account is taken off the organisation's users."),
        columns=(Column("organisation", _("Organisation")),),
        rows=[{"organisation": organisation.name} for organisation in organisations],
    )


def _review(users):
    comments = ReviewComment.objects.filter(author__in=users).select_related("version")
    verdicts = ReviewVerdict.objects.filter(member__in=users).select_related("version")
    return Section(
        key="report_review",
        title=_("Review of the interim report"),
        purpose=_("The steering group's comments and verdicts on the interim report."),
        legal_basis=PUBLIC_TASK,
        retention=_("With the report's versions."),
        erasure=_("Kept, under the account without its name; the text loses the name."),
        kept=_(
            "The steering group's review of a frozen report version is part of the record of "
            "how the report was approved."
        ),
        columns=REVIEW_COLUMNS,
        rows=review_rows(comments=comments, verdicts=verdicts),
    )


def _tasks(users):
    tasks = Task.objects.filter(owner__in=users).select_related("organisation")
    potentials = Potential.objects.filter(next_step_owner__in=users).select_related("organisation")
    rows = [
        {
            "task": task.title,
            "organisation": task.organisation.name if task.organisation else None,
            "due": task.due_on,
            "done": task.done_at is not None,
        }
        for task in tasks
    ] + [
        {
            "task": potential.next_step,
            "organisation": potential.organisation.name,
            "due": potential.next_step_on,
            "done": False,
        }
        for potential in potentials
    ]
    return Section(
        key="mapping_tasks",
        title=_("Tasks in the mapping"),
        purpose=_("Who follows up on what with an organisation, and by when."),
        legal_basis=PUBLIC_TASK,
        retention=_("While the organisation is in the mapping."),
        erasure=_("Kept, under the account without its name; the title loses the name."),
        kept=_("A task is part of the organisation's record of the mapping's work with it."),
        columns=(
            Column("task", _("Task")),
            Column("organisation", _("Organisation")),
            Column("due", _("Due")),
            Column("done", _("Done")),
        ),
        rows=rows,
    )
