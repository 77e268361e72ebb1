"""Workflows of the steering group: members, meetings, agenda, decisions with their follow-up
tasks, marking a task done, and sending the agenda to the members."""

import logging
import smtplib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.mail import get_connection
from django.db import transaction
from django.http.request import split_domain_port
from django.utils import timezone

from portal import emails
from portal.models import SteeringMeeting
from portal.programme.agenda_pdf import agenda_filename, render_agenda_pdf
from portal.programme.ics import meeting_calendar
from portal.programme.selectors import steering as selectors

AGENDA_EMAIL = "steering_agenda"
CALENDAR_FILENAME = "moede.ics"

logger = logging.getLogger(__name__)


def _save(form):
    instance = form.save(commit=False)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def member_save(*, form):
    """Create or change a steering group member from a valid MemberForm."""
    return _save(form)


@transaction.atomic
def meeting_save(*, form, by):
    """Create or change a meeting from a valid MeetingForm; its history records the change."""
    meeting = form.save(commit=False)
    if meeting.pk is None:
        meeting.created_by = by
    meeting._history_user = by
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def agenda_item_save(*, form):
    """Create or change an agenda item from a valid AgendaItemForm."""
    return _save(form)


@transaction.atomic
def agenda_item_delete(*, item):
    item.delete()


@transaction.atomic
def decision_record(*, form, formset, by):
    """Save a decision with its follow-up tasks, from a valid DecisionForm and TaskFormSet.

    All or nothing: a task that fails the model's validation rolls the decision back too.
    """
    decision = form.save(commit=False)
    decision.recorded_by = by
    decision.full_clean()
    decision.save()
    formset.instance = decision
    for task in formset.save(commit=False):
        task.decision = decision
        task.full_clean()
        task.save()
    return decision


@transaction.atomic
def task_done(*, task, by):
    """Mark a follow-up task done: its owner may, and the project leader any task."""
    if not selectors.task_may_complete(task=task, user=by):
        raise PermissionDenied
    if task.done_at is None:
        task.done_at = timezone.now()
        task.done_by = by
        task.save(update_fields=["done_at", "done_by"])
    return task


@dataclass
class AgendaSending:
    """What became of an agenda sent by e-mail: the members it reached, and those it did not."""

    sent: list = field(default_factory=list)
    failed: list = field(default_factory=list)


def _language_of(member):
    return member.user.language if member.user_id and member.user.language else None


def calendar_domain(request):
    """The host part of a calendar UID: the portal's own name, without a port."""
    if request is None:
        return "localhost"
    domain, _port = split_domain_port(request.get_host())
    return domain or "localhost"


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None and url else url


def _attachments(*, meeting, entries, members, domain, language):
    """The calendar file and the agenda's PDF, in one language."""
    calendar = meeting_calendar(
        meeting=meeting,
        entries=entries,
        members=members,
        domain=domain,
        method="REQUEST",
        language=language,
    )
    pdf = render_agenda_pdf(meeting=meeting, entries=entries, members=members, language=language)
    return [
        (CALENDAR_FILENAME, calendar, "text/calendar; charset=utf-8; method=REQUEST"),
        (f"{agenda_filename(meeting)}.pdf", pdf, "application/pdf"),
    ]


def meeting_send_agenda(*, meeting, request=None):
    """E-mail the agenda to every active member with an e-mail address, each in their user's
    language (Danish otherwise), with the calendar file and the agenda's PDF attached.

    The meeting records when the agenda was sent only once at least one e-mail has gone out;
    a member whose e-mail fails is reported, to be sent again. `request` gives the links'
    host and the calendar UID's domain.
    """
    meeting = selectors.meeting_get(pk=meeting.pk)
    members = selectors.agenda_recipients()
    result = AgendaSending()
    if not members:
        return result
    domain = calendar_domain(request)
    entries = selectors.agenda_of(meeting=meeting)
    context = {
        "meeting": meeting,
        "agenda": [
            {"item": entry.item, "label": entry.label, "url": _absolute(request, entry.url)}
            for entry in entries
        ],
        "meeting_url": _absolute(request, meeting.get_absolute_url()),
    }
    attachments = {}
    messages = []
    for member in members:
        language = _language_of(member)
        if language not in attachments:
            attachments[language] = _attachments(
                meeting=meeting, entries=entries, members=members, domain=domain, language=language
            )
        message = emails.build(
            AGENDA_EMAIL,
            to=[member.email],
            context={**context, "member": member},
            language=language,
            attachments=attachments[language],
        )
        messages.append((member, message))
    # Everything is rendered before the mail server is asked, so it waits for nothing.
    try:
        with get_connection() as connection:
            for member, message in messages:
                message.connection = connection
                try:
                    message.send()
                except (smtplib.SMTPException, OSError):
                    logger.exception("Agenda of meeting %s failed for %s", meeting.pk, member.pk)
                    result.failed.append(member)
                else:
                    result.sent.append(member)
    except (smtplib.SMTPException, OSError):
        logger.exception("The mail server failed while sending the agenda of %s", meeting.pk)
        result.failed = [member for member, _m in messages if member not in result.sent]
    if result.sent:
        # A plain update: the history leaves out agenda_sent_at, it is not an edit.
        SteeringMeeting.objects.filter(pk=meeting.pk).update(agenda_sent_at=timezone.now())
    return result
