"""The steering group's (styregruppe) meetings, their agenda, minutes, decisions and the
follow-up tasks the decisions give. Who sits in the group is the portal's
(`portal.models.SteeringGroupMember`)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.followup.models import FollowUp
from portal.validators import calendar_day, day_text, programme_date


class SteeringMeeting(models.Model):
    starts_at = models.DateTimeField(_("starts"), validators=[programme_date])
    ends_at = models.DateTimeField(_("ends"), validators=[programme_date])
    place = models.CharField(_("place"), max_length=200)
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    agenda_sent_at = models.DateTimeField(
        _("agenda sent"),
        null=True,
        blank=True,
        editable=False,
        validators=[programme_date],
    )
    # Raised by meeting_save when the time or place changes (portal.ics).
    calendar_sequence = models.PositiveIntegerField(
        _("calendar sequence"), default=0, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(
        _("created"),
        default=timezone.now,
        editable=False,
        validators=[programme_date],
    )
    # Neither the agenda's sending nor the calendar's counter is an edit of the meeting.
    history = HistoricalRecords(
        excluded_fields=["agenda_sent_at", "calendar_sequence"],
        table_name="portal_historicalsteeringmeeting",
    )

    class Meta:
        db_table = "portal_steeringmeeting"
        ordering = ("-starts_at",)
        verbose_name = _("steering group meeting")
        verbose_name_plural = _("steering group meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="portal_steering_meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            )
        ]

    def __str__(self):
        return _("Steering group meeting %(date)s") % {
            "date": day_text(calendar_day(self.starts_at))
        }

    def get_absolute_url(self):
        return reverse("programme:meeting-detail", args=[self.pk])


class AgendaItem(models.Model):
    """A point on a meeting's agenda. It may point at something the group reads: an
    interim-report version, a strategy draft (any model the apps offer, through a generic
    relation so that `portal` imports none of them), or the programme's budget."""

    meeting = models.ForeignKey(
        SteeringMeeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    subject_type = models.ForeignKey(
        ContentType,
        verbose_name=_("points at"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    points_at_budget = models.BooleanField(_("points at the budget"), default=False)

    class Meta:
        db_table = "portal_agendaitem"
        ordering = ("meeting", "position", "pk")
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(subject_type__isnull=True, subject_id__isnull=True)
                    | models.Q(subject_type__isnull=False, subject_id__isnull=False)
                ),
                name="portal_agenda_item_subject_whole",
            ),
            models.CheckConstraint(
                condition=~models.Q(subject_type__isnull=False, points_at_budget=True),
                name="portal_agenda_item_one_subject",
                violation_error_message=_(
                    "An agenda item points at one thing: a document or the budget."
                ),
            ),
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="portal_agenda_item_position_unique",
                violation_error_code="unique",
                violation_error_message=_(
                    "Another item of this meeting's agenda has this number. Choose another."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"


class Decision(models.Model):
    """What the steering group decided, under an agenda item or at the meeting as a whole."""

    meeting = models.ForeignKey(
        SteeringMeeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    text = models.TextField(_("decision"), max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(
        _("recorded"),
        default=timezone.now,
        editable=False,
        validators=[programme_date],
    )
    # Corrections after the meeting are kept: who changed or removed what, and when.
    history = HistoricalRecords(table_name="portal_historicaldecision")

    class Meta:
        db_table = "portal_decision"
        ordering = ("meeting", "recorded_at", "pk")
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.text[:80]

    def clean(self):
        super().clean()
        if self.agenda_item_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})


class FollowUpTask(FollowUp):
    """Something a decision asks someone to do by a date; open until marked done
    (`portal.followup`)."""

    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="steering_tasks",
    )
    subject_related = ("decision__meeting",)
    history = HistoricalRecords(table_name="portal_historicalfollowuptask")

    class Meta:
        db_table = "portal_followuptask"
        ordering = ("done_at", "due_on", "pk")
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")

    def about(self):
        return _("Decision: %(meeting)s") % {"meeting": self.decision.meeting}

    def get_absolute_url(self):
        return f"{self.decision.meeting.get_absolute_url()}#decision-{self.decision_id}"
