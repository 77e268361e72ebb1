"""The weekly e-mail about stale actions of the plan in force (no progress update for more
than STRATEGY_STALE_DAYS days), run by Celery beat as the job `strategy.stale_reminders` and
by hand as `manage.py strategy_stale_reminders`.

Each owner person gets one e-mail with their own stale actions; each project leader gets one
with all of them. A project leader who owns stale actions finds them in the leader's e-mail
and is not sent a second one. Nothing is sent when no action is stale.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from portal import deliveries, emails, sending
from portal.emails import absolute_url
from strategy.selectors import progress as selectors

OWNER_EMAIL = "strategy_stale_owner"
LEADER_EMAIL = "strategy_stale_leader"


@dataclass
class Reminder:
    """One e-mail: to whom, with which stale actions (dicts of `action` and `url`), and its
    delivery once recorded."""

    template: str
    recipient: object
    items: list
    delivery: object = None


@dataclass
class Reminders:
    strategy: object = None
    reminders: list = field(default_factory=list)
    context: dict = field(default_factory=dict)


def _url(path, base_url):
    if base_url:
        return base_url.rstrip("/") + path
    return absolute_url(path)


def stale_reminders(*, base_url=None):
    """Who gets which reminder now (nothing is sent). Links start with `base_url`, or else
    the setting PORTAL_BASE_URL."""
    strategy = selectors.plan_in_force()
    actions = selectors.stale_actions(strategy=strategy) if strategy else []
    if not actions:
        return Reminders(strategy=strategy)
    items = [
        {
            "action": action,
            "url": _url(reverse("strategy:progress-add", args=[action.pk]), base_url),
        }
        for action in actions
    ]
    user_model = get_user_model()
    leaders = list(
        user_model.objects.with_role(user_model.Role.PROJECT_LEADER)
        .filter(is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    leader_ids = {leader.pk for leader in leaders}
    owners = {}
    for item in items:
        person = item["action"].owner_person
        if person is not None and person.is_active and person.email:
            owners.setdefault(person.pk, (person, []))[1].append(item)
    reminders = [
        Reminder(OWNER_EMAIL, person, own)
        for person, own in owners.values()
        if person.pk not in leader_ids
    ]
    reminders += [Reminder(LEADER_EMAIL, leader, items) for leader in leaders]
    context = {
        "strategy": strategy,
        "days": settings.STRATEGY_STALE_DAYS,
        "list_url": _url(reverse("strategy:stale-list"), base_url),
    }
    return Reminders(strategy=strategy, reminders=reminders, context=context)


def _letter(run, reminder):
    """The reminder as its recipient's e-mail: in their language, with their actions."""
    recipient = reminder.recipient
    return emails.Letter(
        to=recipient.email,
        context={
            **run.context,
            "recipient": recipient,
            "items": reminder.items,
            "actions": [item["action"] for item in reminder.items],
        },
        language=recipient.language or settings.LANGUAGE_CODE,
        recipient_user=recipient,
        template=reminder.template,
    )


def stale_reminders_send(*, base_url=None, in_background=False, user=None):
    """Record the reminders and send them: at once, in this process (the command), or with
    `in_background` from one mail job about the plan, started by `user` (the scheduled job:
    the mail job tries again with back-off while the mail server does not answer). An
    e-mail that fails is kept, to be sent again from the list of e-mails not sent.
    Returns the `Reminders`, each with its delivery."""
    run = stale_reminders(base_url=base_url)
    if not run.reminders:
        return run
    outcome = emails.send_to_each(
        run.reminders,
        letter=lambda reminder: _letter(run, reminder),
        topic=f"strategy-stale:{run.strategy.pk}",
        send=False,  # now or from a job about the plan, not on commit
    )
    for reminder, delivery in outcome.each:
        reminder.delivery = delivery
    if not outcome.deliveries:
        return run
    if in_background:
        sending.send_in_background(outcome.deliveries, user=user, about=run.strategy)
    else:
        deliveries.send_now(outcome.deliveries)
    return run
