"""Sign-ups for events, their waiting list, the evaluation after an event, and the secret
keys of personal calendar feeds.

A sign-up moves through these states (`network.services.signups` is the only code that moves
it, under a row lock on its event so that two people never get the same place):

    unconfirmed --(link in the e-mail)--> confirmed | waiting
    confirmed --(cancel)--> cancelled;  confirmed --(attendance)--> attended
    waiting --(a place frees up)--> offered --(accept)--> confirmed
                                    offered --(deadline passes)--> expired
    waiting | offered --(cancel)--> cancelled

A place is held by a confirmed or attended sign-up and by an open offer; the waiting list is
the waiting sign-ups in the order of `position`.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mapping.models import Feedback, Organisation
from network.models.departments import Department
from network.models.events import Event
from portal.validators import programme_date


def new_token():
    return secrets.token_urlsafe(24)


class SignUp(models.Model):
    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Awaiting e-mail confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        OFFERED = "offered", _("Offered a place")
        EXPIRED = "expired", _("Offer expired")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")

    # The states that hold one of the event's places.
    HOLDS_PLACE = (State.CONFIRMED, State.OFFERED, State.ATTENDED)
    # The states of someone still expecting to come, or to be offered a place.
    ACTIVE = (State.CONFIRMED, State.WAITING, State.OFFERED, State.ATTENDED)

    event = models.ForeignKey(
        Event,
        verbose_name=pgettext_lazy("network", "event"),
        on_delete=models.CASCADE,
        related_name="signups",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_signups",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation in the mapping"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_signups",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signups",
        help_text=_("For municipal staff: the department they work in."),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    # The order of the waiting list: lower first. Kept after an offer, for the record.
    position = models.PositiveIntegerField(_("place in the queue"), null=True, blank=True)
    # The secret in the personal link of every e-mail: confirm, accept, cancel, evaluate.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(
        _("signed up"), default=timezone.now, editable=False, validators=[programme_date]
    )
    confirmed_at = models.DateTimeField(_("place confirmed"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    evaluation_sent_at = models.DateTimeField(_("evaluation sent"), null=True, blank=True)
    # When the person's name, e-mail and organisation were erased (the retention ran out, or
    # they asked): the row stays for the event's counts.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    # The fields that identify the person: emptied when the sign-up is erased.
    PERSONAL_FIELDS = ("name", "email", "organisation_name")

    class Meta:
        ordering = ("event", "created_at", "pk")
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=models.Q(erased_at__isnull=True),
                name="network_signup_one_per_email",
                violation_error_message=_("This e-mail address is already signed up."),
            ),
            models.UniqueConstraint(
                fields=("event", "user"),
                condition=models.Q(user__isnull=False),
                name="network_signup_one_per_user",
                violation_error_message=_("You are already signed up."),
            ),
        ]
        indexes = [models.Index(fields=["event", "state"], name="network_signup_event_state")]

    def __str__(self):
        # No name here: this text ends up in logs, which an erasure cannot reach.
        return f"{self.event} #{self.pk}"

    @property
    def holds_place(self):
        return self.state in self.HOLDS_PLACE


class Evaluation(models.Model):
    """A participant's short evaluation after an event. Its answers become feedback
    (tilkendegivelser) in the mapping, by theme, so that what was heard at the network's
    events counts with what was heard at the mapping's meetings."""

    class Rating(models.IntegerChoices):
        POOR = 1, _("1 – poor")
        FAIR = 2, _("2 – fair")
        GOOD = 3, _("3 – good")
        VERY_GOOD = 4, _("4 – very good")
        EXCELLENT = 5, _("5 – excellent")

    signup = models.OneToOneField(
        SignUp, verbose_name=_("sign-up"), on_delete=models.CASCADE, related_name="evaluation"
    )
    rating = models.PositiveSmallIntegerField(_("how was it"), choices=Rating.choices)
    needs = models.TextField(_("what do you need"), max_length=3000, blank=True)
    ideas = models.TextField(_("ideas"), max_length=3000, blank=True)
    barriers = models.TextField(_("what stands in the way"), max_length=3000, blank=True)
    feedback = models.ManyToManyField(
        Feedback, verbose_name=_("feedback"), blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)

    # Which answer becomes feedback under which of the mapping's themes.
    THEMES = {
        "needs": Feedback.Theme.NEEDS,
        "ideas": Feedback.Theme.IDEAS,
        "barriers": Feedback.Theme.BARRIERS,
    }

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5),
                name="network_evaluation_rating_1_5",
            )
        ]

    def __str__(self):
        return f"{self.signup}: {self.rating}"


class CalendarKey(models.Model):
    """The secret in the link of a person's own calendar feed: their sign-ups, by e-mail
    address. A calendar program cannot log in, so the link is the key; a new one can be
    made, which stops the old."""

    email = models.EmailField(_("e-mail"), unique=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("calendar key")
        verbose_name_plural = _("calendar keys")

    def __str__(self):
        return f"#{self.pk}"
