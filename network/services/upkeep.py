"""The scheduled upkeep of sign-ups: a reminder before the event, the evaluation after it,
and forgetting the participants once the period stated on the sign-up form has run out.
The background jobs of `network.tasks` and the management commands call these."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from network.models import Event, SignUp
from network.services.signups import notify

State = SignUp.State

# An evaluation asked for long after the event is asked for too late: a job that did not run
# for a while does not mail the participants of old events.
EVALUATION_WINDOW = datetime.timedelta(days=14)


def _mail_once(signups, *, template, stamp, now):
    """Mail each of `signups` the e-mail `template` and stamp it (`stamp` field) so that it
    goes out once; the stamp is taken under a row lock, so two runs at once mail nobody
    twice. Returns how many were mailed."""
    sent = 0
    for pk in signups.values_list("pk", flat=True):
        with transaction.atomic():
            signup = (
                SignUp.objects.select_for_update(of=("self",))
                .select_related("event", "user")
                .filter(pk=pk, **{f"{stamp}__isnull": True})
                .first()
            )
            if signup is None:
                continue
            notify(signup, template, key=f"{template}:{signup.pk}")
            setattr(signup, stamp, now)
            signup.save(update_fields=[stamp])
            sent += 1
    return sent


def reminders_send(*, now=None):
    """Remind those with a place (or an open offer) of an event that starts within
    NETWORK_REMINDER_HOURS, once each."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(hours=settings.NETWORK_REMINDER_HOURS)
    signups = SignUp.objects.filter(
        state__in=(State.CONFIRMED, State.OFFERED),
        reminded_at__isnull=True,
        erased_at__isnull=True,
        event__state=Event.State.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=soon,
    ).order_by("event__starts_at", "pk")
    return _mail_once(signups, template="network_reminder", stamp="reminded_at", now=now)


def evaluations_send(*, now=None):
    """Ask those who took part in an event that ended NETWORK_EVALUATION_AFTER_HOURS ago
    (and no more than two weeks ago) for its evaluation, once each."""
    now = now or timezone.now()
    ended_before = now - datetime.timedelta(hours=settings.NETWORK_EVALUATION_AFTER_HOURS)
    signups = SignUp.objects.filter(
        state__in=(State.CONFIRMED, State.ATTENDED),
        evaluation_sent_at__isnull=True,
        erased_at__isnull=True,
        evaluation__isnull=True,
        event__state=Event.State.PUBLISHED,
        event__ends_at__lte=ended_before,
        event__ends_at__gt=now - EVALUATION_WINDOW,
    ).order_by("event__ends_at", "pk")
    return _mail_once(signups, template="network_evaluation", stamp="evaluation_sent_at", now=now)


def signups_erase(signups, *, now=None):
    """Forget who made `signups` (a queryset): name, e-mail address, organisation's name and
    account go; the rows stay, with their state and department, for the events' counts.
    Returns how many were erased."""
    now = now or timezone.now()
    return signups.filter(erased_at__isnull=True).update(
        name="", email="", organisation_name="", user=None, erased_at=now
    )


def participants_forget(*, now=None):
    """Forget the participants of events that ended more than
    NETWORK_PARTICIPANT_RETENTION_DAYS ago, and delete sign-ups never confirmed within
    NETWORK_UNCONFIRMED_HOURS (an address nobody confirmed is nobody's to keep). Returns
    (erased, deleted)."""
    now = now or timezone.now()
    retention = datetime.timedelta(days=settings.NETWORK_PARTICIPANT_RETENTION_DAYS)
    erased = signups_erase(SignUp.objects.filter(event__ends_at__lt=now - retention), now=now)
    unconfirmed = datetime.timedelta(hours=settings.NETWORK_UNCONFIRMED_HOURS)
    _total, by_model = SignUp.objects.filter(
        state=State.UNCONFIRMED, created_at__lt=now - unconfirmed
    ).delete()
    return erased, by_model.get(SignUp._meta.label, 0)
