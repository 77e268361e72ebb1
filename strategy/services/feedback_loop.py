"""Closing the consultation's loop: when an action that answers a piece of feedback is adopted
or done, the person who gave the feedback is told by e-mail, if they agreed to hear back.

Called after the change has committed (`transaction.on_commit`): by the council's decision
with event "adopted" and all the plan's actions, and by a progress update that makes an
action done, with event "done".
"""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from portal import emails
from strategy.models import Action, FeedbackNotice

logger = logging.getLogger(__name__)

Event = FeedbackNotice.Event

# The feedback givers are citizens and stakeholders without a portal account: the e-mail is
# in the municipality's language.
NOTICE_LANGUAGE = "da"
NOTICE_EMAIL = "strategy_feedback_notice"


def _receivers(action):
    """The action's feedback whose giver wants to hear back, still has an e-mail address and
    has not been erased."""
    return (
        action.feedback.filter(
            wants_reply=True, contact__isnull=False, contact__erased_at__isnull=True
        )
        .exclude(contact__email="")
        .select_related("contact")
        .order_by("pk")
    )


def _new_notice(*, action, feedback, event, by):
    """Save the notice that `feedback`'s giver is told of `event`, in its own savepoint; None
    when they were told already, by a call running at the same time (the unique constraint)."""
    try:
        with transaction.atomic():
            notice = FeedbackNotice(action=action, feedback=feedback, event=event, sent_by=by)
            notice.full_clean()
            notice.save()
    except (IntegrityError, ValidationError):
        return None
    return notice


def _new_notices(*, actions, event, by):
    """A new notice for each feedback giver to tell, never a second one for the same
    (action, feedback, event). A dropped action is never announced as adopted."""
    notices = []
    for action in actions:
        if event == Event.ADOPTED and action.state == Action.State.DROPPED:
            continue  # a dropped action was not adopted: nobody is told it was
        done = set(
            FeedbackNotice.objects.filter(action=action, event=event).values_list(
                "feedback_id", flat=True
            )
        )
        for feedback in _receivers(action):
            if feedback.pk not in done:
                notice = _new_notice(action=action, feedback=feedback, event=event, by=by)
                if notice is not None:
                    notices.append(notice)
    return notices


def _letter(notice, *, url):
    feedback, action = notice.feedback, notice.action
    return emails.Letter(
        to=feedback.contact.email,
        context={
            "action": action,
            "state": action.get_state_display(),
            "feedback": feedback,
            "contact": feedback.contact,
            "event": Event(notice.event).value,
            "url": url,
        },
        language=NOTICE_LANGUAGE,
        key=f"{NOTICE_EMAIL}:{notice.pk}",
        about=notice,
    )


def notify_feedback_givers(*, actions, event, by, request=None):
    """E-mail each feedback giver who wants to hear back that an action answering their
    feedback was adopted or done; one e-mail per (action, feedback, event), never twice.
    A dropped action is never announced as adopted.

    The notices and their e-mails' deliveries are saved in one transaction, each notice in
    its own savepoint, so a second call at the same time meets the unique constraint
    instead of sending again (and the delivery's key is the notice's). They are sent once
    it commits (`emails.send_to_each`): one from here, several from one background job
    started by `by`. An e-mail that fails is kept as a failed delivery, to be sent again
    from the list of e-mails not sent. Returns the e-mails' `deliveries.Outcome`.
    """
    event = Event(event)
    with transaction.atomic():
        notices = _new_notices(actions=actions, event=event, by=by)
        urls = {
            notice.action_id: emails.absolute_url(
                reverse("strategy:public-action", args=[notice.action_id]), request
            )
            for notice in notices
        }
        return emails.send_to_each(
            notices,
            template=NOTICE_EMAIL,
            letter=lambda notice: _letter(notice, url=urls[notice.action_id]),
            by=by,
        )
