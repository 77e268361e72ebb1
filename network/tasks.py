"""The network's background jobs: offering freed places to those waiting, expiring offers
not taken up, reminders before an event, evaluations after it, and forgetting participants
once the stated period has run out. Celery beat starts the scheduled ones
(CELERY_BEAT_SCHEDULE)."""

from django.utils.translation import gettext_lazy as _

from network.models import Event
from network.services import signups, upkeep
from portal import jobs


@jobs.task("network.offer_places", label=_("Offer freed places to those waiting"))
def offer_places(job, event_id):
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return
    offered = signups.offers_make(event=event)
    jobs.job_progress(job, len(offered), len(offered))


@jobs.task("network.expire_offers", label=_("Pass on offers of a place that were not taken up"))
def expire_offers(job):
    expired = signups.offers_expire()
    # A lost `network.offer_places` job (a worker stopped, a queue lost) is made up for here.
    repaired = len(signups.offers_repair())
    jobs.job_progress(job, expired + repaired, expired + repaired)


@jobs.task("network.send_reminders", label=_("Remind participants before an event"))
def send_reminders(job):
    sent = upkeep.reminders_send()
    jobs.job_progress(job, sent, sent)


@jobs.task("network.send_evaluations", label=_("Ask participants to evaluate an event"))
def send_evaluations(job):
    sent = upkeep.evaluations_send()
    jobs.job_progress(job, sent, sent)


@jobs.task("network.forget_participants", label=_("Forget the participants of past events"))
def forget_participants(job):
    erased, deleted = upkeep.participants_forget()
    jobs.job_progress(job, erased + deleted, erased + deleted)
