"""Workflows of the steering group: members, meetings, agenda, decisions with their follow-up
tasks (recorded, corrected and removed; marking one done is `portal.followup.services`), and
sending the agenda to the members.

Decisions and tasks keep their history (simple-history): every correction is kept with who
made it and when.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import deliveries, emails, ics, steering
from portal.models import Delivery, SteeringGroupMember
from portal.programme.agenda_pdf import agenda_filename, render_agenda_pdf
from portal.programme.ics import CALENDAR_FIELDS, meeting_calendar
from portal.programme.models import AgendaItem, Decision, FollowUpTask, SteeringMeeting
from portal.programme.selectors import steering as selectors
from portal.programme.services.errors import unique_error_on
from portal.records import assign

AGENDA_EMAIL = "steering_agenda"
CALENDAR_FILENAME = "moede.ics"
# A second "send" this soon after the first is taken for a double click and refused, unless
# the project leader asks to send it again.
RESEND_AFTER = datetime.timedelta(minutes=10)

logger = logging.getLogger(__name__)


# What the project leader writes about a member, a meeting, an agenda item, a decision and
# a follow-up task.
MEMBER_FIELDS = ("name", "organisation", "group_role", "email", "user", "active")
MEETING_FIELDS = ("starts_at", "ends_at", "place", "minutes")
AGENDA_ITEM_FIELDS = ("position", "title", "description")
DECISION_FIELDS = ("text", "agenda_item")
TASK_FIELDS = ("title", "owner", "due_on")


@transaction.atomic
def member_save(*, member=None, **values):
    """Create a steering group member (or change `member`) with `values` (`MEMBER_FIELDS`)."""
    member = member or SteeringGroupMember()
    assign(member, values, fields=MEMBER_FIELDS)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def meeting_save(*, by, meeting=None, **values):
    """Create a meeting (or change `meeting`) with `values` (`MEETING_FIELDS`); its history
    records the change."""
    meeting = meeting or SteeringMeeting(created_by=by)
    assign(meeting, values, fields=MEETING_FIELDS)
    meeting._history_user = by
    meeting.full_clean()
    meeting.calendar_sequence = ics.sequence_after_save(meeting, seen=CALENDAR_FIELDS)
    meeting.save()
    return meeting


def _position_taken():
    return ValidationError(
        {"position": _("Another item of this meeting's agenda has this number. Choose another.")},
        code="unique",
    )


@transaction.atomic
def agenda_item_save(*, meeting, item=None, subject=None, points_at_budget=False, **values):
    """Create an item on `meeting`'s agenda (or change `item`) with `values`
    (`AGENDA_ITEM_FIELDS`), pointing at `subject` (a document the group reads), at the
    budget, or at nothing.

    The meeting is locked so that two items saved at once take turns for a number; the
    database's unique constraint catches any other way in, and either is told as a
    ValidationError on the number."""
    item = item or AgendaItem(meeting=meeting)
    if item.meeting_id != meeting.pk:
        raise ValueError("an agenda item of another meeting")  # a caller's mistake
    assign(item, values, fields=AGENDA_ITEM_FIELDS)
    item.points_at_budget = points_at_budget
    item.subject_type = ContentType.objects.get_for_model(subject) if subject else None
    item.subject_id = subject.pk if subject else None
    SteeringMeeting.objects.select_for_update().filter(pk=meeting.pk).exists()
    try:
        item.full_clean()
        with transaction.atomic():
            item.save()
    except ValidationError as error:
        raise unique_error_on(error, "position") from None
    except IntegrityError:
        raise _position_taken() from None
    return item


@transaction.atomic
def agenda_item_delete(*, item):
    item.delete()


@transaction.atomic
def decision_record(*, meeting, by, tasks=(), **values):
    """Record a decision of `meeting` (`values`: `DECISION_FIELDS`) with its follow-up
    `tasks` (a list of dicts of `TASK_FIELDS`).

    All or nothing: a task that fails the model's validation rolls the decision back too.
    """
    decision = Decision(meeting=meeting, recorded_by=by)
    assign(decision, values, fields=DECISION_FIELDS)
    decision._history_user = by
    decision.full_clean()
    decision.save()
    _save_new_tasks(tasks, decision, by=by)
    return decision


def _save_new_tasks(tasks, decision, *, by):
    for values in tasks:
        task = FollowUpTask(decision=decision)
        assign(task, values, fields=TASK_FIELDS)
        task._history_user = by
        task.full_clean()
        task.save()


@transaction.atomic
def decision_update(*, decision, by, tasks=(), **values):
    """Correct `decision` (`values`: its text, its agenda item) and add the follow-up
    `tasks` it should have had (a list of dicts of `TASK_FIELDS`); all or nothing."""
    assign(decision, values, fields=DECISION_FIELDS)
    decision._history_user = by
    # Who recorded it stays as it was, empty too when that account is gone.
    decision.full_clean(exclude=["recorded_by"])
    decision.save()
    _save_new_tasks(tasks, decision, by=by)
    return decision


@transaction.atomic
def decision_delete(*, decision, by):
    """Remove a decision recorded by mistake, with its follow-up tasks. The history keeps
    them, with who removed them."""
    for task in decision.tasks.all():
        task._history_user = by
        task.delete()
    decision._history_user = by
    decision.delete()


@transaction.atomic
def task_update(*, task, by, done=None, **values):
    """Correct a follow-up task (`values`: `TASK_FIELDS`), and mark it `done` or reopen it
    (None: as it is)."""
    assign(task, values, fields=TASK_FIELDS)
    if done is None:
        done = task.done_at is not None
    if done and task.done_at is None:
        task.set_done(by=by)
    elif not done and task.done_at is not None:
        task.set_open()
    task._history_user = by
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def task_delete(*, task, by):
    task._history_user = by
    task.delete()


@dataclass
class AgendaSending(deliveries.Mailing):
    """What became of an agenda sent by e-mail, as `portal.steering.Recipient` rows
    (`deliveries.Mailing`), and who was invited to an account with it."""

    invited: list = field(default_factory=list)


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None and url else url


def _attachments(*, meeting, entries, members, domain, language):
    """The calendar file and the agenda's PDF, in one language."""
    calendar = meeting_calendar(
        meeting=meeting,
        entries=entries,
        members=members,
        domain=domain,
        method=ics.Method.REQUEST,
        language=language,
    )
    pdf = render_agenda_pdf(meeting=meeting, entries=entries, members=members, language=language)
    return (
        ics.attachment(CALENDAR_FILENAME, calendar, method=ics.Method.REQUEST),
        (f"{agenda_filename(meeting)}.pdf", pdf, "application/pdf"),
    )


def recently_sent(meeting, *, now=None):
    """Whether the agenda went out so recently that another send is likely a double click."""
    sent = meeting.agenda_sent_at
    return sent is not None and (now or timezone.now()) - sent < RESEND_AFTER


def _claim_sending(meeting, *, again, now):
    """Lock the meeting and note the agenda as sent before anything is sent, so a second
    click waits for the lock and then finds it sent. Returns whether it reaches anyone;
    refuses a send soon after the last unless `again`."""
    with transaction.atomic():
        locked = SteeringMeeting.objects.select_for_update().get(pk=meeting.pk)
        previous = locked.agenda_sent_at
        if not again and recently_sent(locked, now=now):
            raise ValidationError(
                _(
                    "The agenda was sent at %(time)s, a moment ago. It was not sent again; "
                    "use “Send it again” if it must go out once more."
                )
                % {"time": timezone.localtime(previous).strftime("%H:%M")},
                code="recently_sent",
            )
        reachable = any(row.reachable for row in steering.recipients(members_only=True))
        if reachable:
            # A plain update: the history leaves out agenda_sent_at, it is not an edit.
            SteeringMeeting.objects.filter(pk=meeting.pk).update(agenda_sent_at=now)
    return reachable


def meeting_send_agenda(*, meeting, request=None, again=False, by=None):
    """E-mail the agenda to every active member, each in their user's language (Danish
    otherwise), with the calendar file and the agenda's PDF attached. A member without a
    login gets an account and, in the same e-mail, the invitation to choose a password, so
    the links to the report and the budget open for them (`portal.steering.reach`); who
    cannot be reached is on the result's `unreachable`.

    A send within RESEND_AFTER of the last is refused (ValidationError) unless `again`: a
    double click sends it once. The e-mails are rendered and recorded here, and sent once
    recorded: by one background job about the meeting, started by `by`, when there are
    several. The meeting keeps when the agenda was sent only if at least one e-mail goes
    out (`agenda_undelivered`); a member whose e-mail fails is reported and kept as a failed
    delivery, to be sent again.
    `request` gives the links' host and the calendar UID's domain; `by` who sent it.
    """
    now = timezone.now()
    reachable = _claim_sending(meeting, again=again, now=now)
    result = AgendaSending()
    if not reachable:
        result.unreachable = steering.recipients(members_only=True)
        return result
    meeting = selectors.meeting_get(pk=meeting.pk)
    domain = ics.domain(request)
    entries = selectors.agenda_of(meeting=meeting)
    context = {
        "meeting": meeting,
        "agenda": [
            {
                "item": entry.item,
                "label": entry.label,
                "url": _absolute(request, entry.url),
                "newer_label": entry.newer_label,
                "newer_url": _absolute(request, entry.newer_url),
            }
            for entry in entries
        ],
        "meeting_url": _absolute(request, meeting.get_absolute_url()),
    }
    attachments = {}
    with transaction.atomic():
        recipients = steering.reach(by=by, request=request, members_only=True)
        result.unreachable = [row for row in recipients if not row.reachable]
        result.invited = [row for row in recipients if row.invitation]
        members = selectors.agenda_recipients()

        def letter(row):
            language = row.language
            if language not in attachments:
                attachments[language] = _attachments(
                    meeting=meeting,
                    entries=entries,
                    members=members,
                    domain=domain,
                    language=language,
                )
            return emails.Letter(
                to=row.email,
                context={**context, "member": row.member, "invitation": row.invitation},
                language=language,
                attachments=attachments[language],
                recipient_user=row.user,
            )

        # Everything is rendered and recorded before the mail server is asked, so it waits
        # for nothing, and what it does not take is kept to be sent again.
        result.outcome = emails.send_to_each(
            [row for row in recipients if row.reachable],
            template=AGENDA_EMAIL,
            letter=letter,
            about=meeting,
            by=by,
        )
    return result


def agenda_delivered(delivery):
    """An agenda e-mail went out on a later try: the meeting's agenda counts as sent."""
    SteeringMeeting.objects.filter(pk=delivery.object_id, agenda_sent_at__isnull=True).update(
        agenda_sent_at=delivery.sent_at
    )


def agenda_undelivered(delivery):
    """An agenda e-mail failed. Once none of the meeting's is still on its way, the meeting
    keeps as sent only what went out: the last agenda e-mail sent, or none, so a send that
    reached nobody leaves the meeting as it was before it (wherever the e-mails were sent:
    the request, or a background job after it)."""
    agenda = Delivery.objects.filter(
        template=AGENDA_EMAIL, content_type=delivery.content_type_id, object_id=delivery.object_id
    )
    if agenda.filter(status=Delivery.Status.PENDING).exists():
        return
    last = agenda.filter(status=Delivery.Status.SENT).order_by("-sent_at").values("sent_at")[:1]
    SteeringMeeting.objects.filter(pk=delivery.object_id).update(agenda_sent_at=Subquery(last))
