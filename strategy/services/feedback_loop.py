"""Closing the consultation's loop: when an action that answers a piece of feedback is adopted
or done, the person who gave the feedback is told by e-mail, if they agreed to hear back.

Called after the change has committed (`transaction.on_commit`): by the council's decision
with event "adopted" and all the plan's actions, and by a progress update that makes an
action done, with event "done".
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from portal import deliveries, emails, sending
from strategy.models import Action, FeedbackNotice

logger = logging.getLogger(__name__)

Event = FeedbackNotice.Event

# The feedback givers are citizens and stakeholders without a portal account: the e-mail is
# in the municipality's language.
NOTICE_LANGUAGE = "da"
NOTICE_EMAIL = "strategy_feedback_notice"


def absolute_url(path, request=None):
    """`path` as a full address: from the request when there is one, else from the setting
    PORTAL_BASE_URL (for commands run by a scheduler), else left as it is."""
    if request is not None:
        return request.build_absolute_uri(path)
    base = getattr(settings, "PORTAL_BASE_URL", "") or ""
    return base.rstrip("/") + path if base else path


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


def notify_feedback_givers(*, actions, event, by, request=None):
    """E-mail each feedback giver who wants to hear back that an action answering their
    feedback was adopted or done; one e-mail per (action, feedback, event), never twice.
    A dropped action is never announced as adopted.

    Each notice row is saved in its own small transaction together with its e-mail's
    delivery, so a second call at the same time meets the unique constraint instead of
    sending again. Then they are sent: one from here, several from one background job
    started by `by`. An e-mail that fails is kept as a failed delivery, to be sent again
    from the list of e-mails not sent. Returns the e-mails' `deliveries.Outcome`.
    """
    event = Event(event)
    outcome = deliveries.Outcome()
    for action in actions:
        if event == Event.ADOPTED and action.state == Action.State.DROPPED:
            continue  # a dropped action was not adopted: nobody is told it was
        done = set(
            FeedbackNotice.objects.filter(action=action, event=event).values_list(
                "feedback_id", flat=True
            )
        )
        url = absolute_url(reverse("strategy:public-action", args=[action.pk]), request)
        for feedback in _receivers(action):
            if feedback.pk in done:
                continue
            try:
                with transaction.atomic():
                    notice = FeedbackNotice(
                        action=action, feedback=feedback, event=event, sent_by=by
                    )
                    notice.full_clean()
                    notice.save()
                    message = emails.build(
                        NOTICE_EMAIL,
                        to=[feedback.contact.email],
                        context={
                            "action": action,
                            "state": action.get_state_display(),
                            "feedback": feedback,
                            "contact": feedback.contact,
                            "event": event.value,
                            "url": url,
                        },
                        language=NOTICE_LANGUAGE,
                    )
                    delivery = deliveries.queue(
                        message,
                        template=NOTICE_EMAIL,
                        about=notice,
                        key=f"{NOTICE_EMAIL}:{notice.pk}",
                    )
            except (IntegrityError, ValidationError):
                continue  # told already, by a call running at the same time
            if delivery is not None:
                outcome.deliveries.append(delivery)
    # Called after the change has committed, so they are sent at once; a failure is kept as
    # a failed delivery to send again, and the notice is not made twice.
    sending.send_on_commit(outcome.deliveries, user=by)
    return outcome
