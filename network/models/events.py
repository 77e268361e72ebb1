"""Events of phase 2: the launch and information meetings (offer 8.1), training of the
municipality's staff (8.2), network meetings (8.5) and dialogue meetings between the
municipality and the enterprises (8.3). Not the mapping's Meeting: they share the calendar
and mail helpers, not the model."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mapping.models import FeedbackTag
from network.models.members import Theme
from portal.storage import private_storage
from portal.validators import programme_date


class Event(models.Model):
    class Kind(models.TextChoices):
        LAUNCH = "launch", _("Launch and information")
        TRAINING = "training", _("Training for municipal staff")
        NETWORK = "network", _("Network meeting")
        DIALOGUE = "dialogue", _("Dialogue meeting")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Network members")
        STAFF = "staff", _("Municipal staff")
        INVITED = "invited", _("Invited only")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    audience = models.CharField(
        _("who may sign up"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC
    )
    place = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        help_text=_("Where it takes place; leave empty for an online event."),
    )
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("A link to join online, if any.")
    )
    starts_at = models.DateTimeField(_("starts"), validators=[programme_date])
    ends_at = models.DateTimeField(_("ends"), validators=[programme_date])
    capacity = models.PositiveIntegerField(
        _("places"), help_text=_("How many may take part. The rest are put on a waiting list.")
    )
    signup_opens_at = models.DateTimeField(
        _("sign-up opens"), null=True, blank=True, validators=[programme_date]
    )
    signup_closes_at = models.DateTimeField(
        _("sign-up closes"), null=True, blank=True, validators=[programme_date]
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="organised_events",
    )
    themes = models.ManyToManyField(
        FeedbackTag,
        verbose_name=_("themes"),
        blank=True,
        related_name="events",
        help_text=_("What the event is about; feedback from its evaluation is tagged with them."),
    )
    network_themes = models.ManyToManyField(
        Theme,
        verbose_name=_("for those who follow"),
        blank=True,
        related_name="events",
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    outcome = models.TextField(
        _("what came out of it"),
        max_length=10000,
        blank=True,
        help_text=_("Shown on the page of a past event."),
    )
    # Raised on a change of time, place, title or state (portal.ics.sequence_after_save).
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # What a calendar shows: a change to one of them raises calendar_sequence.
    CALENDAR_FIELDS = ("title", "place", "online_url", "starts_at", "ends_at", "state")

    class Meta:
        ordering = ("starts_at", "pk")
        verbose_name = pgettext_lazy("network", "event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["state", "starts_at"], name="network_event_state_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="network_event_ends_after_start",
                violation_error_code="ends_at",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1),
                name="network_event_has_places",
                violation_error_code="capacity",
                violation_error_message=_("An event has at least one place."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:event", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        opens, closes = self.signup_opens_at, self.signup_closes_at
        if opens and closes and closes <= opens:
            errors["signup_closes_at"] = _("Sign-up must close after it opens.")
        if closes and self.ends_at and closes > self.ends_at:
            errors["signup_closes_at"] = _("Sign-up must close before the event ends.")
        if not self.place and not self.online_url:
            errors["place"] = _("Give an address or an online link.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self):
        return self.state == self.State.CANCELLED

    @property
    def is_past(self):
        return self.ends_at <= timezone.now()

    def signup_is_open(self, now=None):
        """Whether people can sign up now: published, not over, within the sign-up window."""
        now = now or timezone.now()
        if self.state != self.State.PUBLISHED or now >= self.ends_at:
            return False
        if self.signup_opens_at and now < self.signup_opens_at:
            return False
        return not (self.signup_closes_at and now >= self.signup_closes_at)


class Material(models.Model):
    """A file from an event (slides, a hand-out), for those who took part and for staff."""

    event = models.ForeignKey(
        Event,
        verbose_name=pgettext_lazy("network", "event"),
        on_delete=models.CASCADE,
        related_name="materials",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="network/materials/", storage=private_storage)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    class Meta:
        ordering = ("title", "pk")
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.title
