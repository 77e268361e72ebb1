"""Mapping meetings (information, dialogue, process), the feedback heard there, and ideas
for interplay with the municipality's own services."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapping.models.contacts import Contact
from mapping.models.organisations import Organisation
from portal.validators import programme_date


class Meeting(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information meeting")
        DIALOGUE = "dialogue", _("Dialogue meeting")
        PROCESS = "process", _("Process meeting")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"), validators=[programme_date])
    ends_at = models.DateTimeField(_("ends"), validators=[programme_date])
    place = models.CharField(_("place"), max_length=300)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_meetings",
    )
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("participating organisations"),
        blank=True,
        related_name="meetings",
    )
    agenda = models.TextField(_("agenda"), max_length=10000, blank=True)
    minutes = models.TextField(_("minutes"), max_length=50000, blank=True)
    # Raised by meeting_save when the time, place or title changes (portal.ics).
    calendar_sequence = models.PositiveIntegerField(
        _("calendar sequence"), default=0, editable=False
    )
    created_at = models.DateTimeField(
        _("created"),
        default=timezone.now,
        editable=False,
        validators=[programme_date],
    )

    class Meta:
        ordering = ("-starts_at",)
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="mapping_meeting_ends_after_start",
                violation_error_code="ends_before_start",
                violation_error_message=_("The meeting must end after it starts."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mapping:meeting-detail", args=[self.pk])

    @property
    def is_past(self):
        return self.ends_at <= timezone.now()

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


class Attendance(models.Model):
    """A person invited to a meeting; whether they came is marked after the meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="attendances"
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    invited_at = models.DateTimeField(
        _("invitation sent"),
        null=True,
        blank=True,
        validators=[programme_date],
    )

    class Meta:
        ordering = ("contact__name",)
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "contact"], name="mapping_attendance_once")
        ]

    def __str__(self):
        # No name here: this text ends up in logs, which an erasure cannot reach everywhere.
        return f"{self.meeting} #{self.pk}"


class FeedbackTag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name


class Feedback(models.Model):
    """Something a stakeholder said (tilkendegivelse), heard at a meeting or elsewhere."""

    class Theme(models.TextChoices):
        NEEDS = "needs", _("Needs")
        EXPECTATIONS = "expectations", _("Expectations")
        IDEAS = "ideas", _("Ideas")
        BARRIERS = "barriers", _("Barriers")
        OFFERS = "offers", _("Offers to take part")

    text = models.TextField(_("what was said"), max_length=5000)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    tags = models.ManyToManyField(
        FeedbackTag, verbose_name=_("tags"), blank=True, related_name="feedback"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("said by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
    )
    # Where it was heard when it was neither at a mapping meeting nor for one organisation: an
    # event of the network, whose evaluation answers become feedback.
    source = models.CharField(_("heard at"), max_length=300, blank=True)
    wants_reply = models.BooleanField(
        _("wants to hear back"),
        default=False,
        help_text=_(
            "The person agreed to be told by e-mail what becomes of this feedback, for "
            "example when an action answering it is adopted or done."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(
        _("recorded"),
        default=timezone.now,
        editable=False,
        validators=[programme_date],
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=False)
                | models.Q(organisation__isnull=False)
                | ~models.Q(source=""),
                name="mapping_feedback_has_meeting_organisation_or_source",
                violation_error_message=_(
                    "Feedback belongs to a meeting, an organisation or where it was heard."
                ),
            )
        ]

    def __str__(self):
        return self.text[:60]


class InterplayIdea(models.Model):
    """An idea for interplay with the municipality's own services (bud på samspil med den
    kommunale opgaveløsning): what an enterprise and a department could buy or develop
    together."""

    class State(models.TextChoices):
        IDEA = "idea", _("Idea")
        EXPLORING = "exploring", _("Being explored")
        AGREED = "agreed", _("Agreed")
        RUNNING = "running", _("Running")
        DROPPED = "dropped", _("Dropped")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="interplay_ideas",
    )
    department = models.ForeignKey(
        Organisation,
        verbose_name=_("municipal department"),
        on_delete=models.PROTECT,
        related_name="interplay_ideas_as_department",
        limit_choices_to={"sector": Organisation.Sector.PUBLIC},
    )
    service = models.CharField(_("service"), max_length=200)
    description = models.TextField(_("what could be bought or developed together"), max_length=5000)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.IDEA)
    created_at = models.DateTimeField(
        _("created"),
        default=timezone.now,
        editable=False,
        validators=[programme_date],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True, validators=[programme_date])

    class Meta:
        ordering = ("-updated_at",)
        verbose_name = _("idea for interplay with municipal services")
        verbose_name_plural = _("ideas for interplay with municipal services")

    def __str__(self):
        return f"{self.organisation} × {self.department}: {self.service}"
