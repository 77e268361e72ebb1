"""The strategy and action plan as it is being written: vision, focus areas, goals and
actions. Every part carries a revision number, so that two people saving the same part at
once find out instead of overwriting each other (see `strategy.services.drafting`)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mapping.models import Feedback, InterplayIdea, Organisation, Potential
from portal.validators import programme_date


class Strategy(models.Model):
    """One strategy and action plan, from first draft to the plan in force."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        # Adopted with changes: the staff apply the council's amendments before it is adopted.
        AMENDING = "amending", _("Adopted with changes: amendments being applied")
        # Adopted: in force while its period covers today (see strategy.selectors.in_force).
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected by the city council")
        REPLACED = "replaced", _("Replaced by a newer plan")

    title = models.CharField(_("title"), max_length=200)
    vision = models.TextField(_("vision"), max_length=10000, blank=True)
    starts_on = models.DateField(
        _("plan period starts"),
        null=True,
        blank=True,
        validators=[programme_date],
    )
    ends_on = models.DateField(
        _("plan period ends"),
        null=True,
        blank=True,
        validators=[programme_date],
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created_at = models.DateTimeField(
        _("created"),
        default=timezone.now,
        editable=False,
        validators=[programme_date],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("strategy and action plan")
        verbose_name_plural = _("strategies and action plans")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(starts_on__isnull=True)
                    | models.Q(ends_on__isnull=True)
                    | models.Q(ends_on__gte=models.F("starts_on"))
                ),
                name="strategy_period_ends_after_start",
                violation_error_message=_("The plan period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategy:strategy-detail", args=[self.pk])

    @property
    def is_editable(self):
        """Only a draft is written in, and a plan whose council amendments are being applied;
        the adopted plan is locked (progress goes on)."""
        return self.state in (self.State.DRAFT, self.State.AMENDING)


class FocusArea(models.Model):
    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.CASCADE,
        related_name="focus_areas",
    )
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ("strategy", "position", "pk")
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self):
        return self.title


class Goal(models.Model):
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), on_delete=models.CASCADE, related_name="goals"
    )
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ("focus_area", "position", "pk")
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.title


class Action(models.Model):
    """An action of the plan: who does what, when, for how much, and how we see it worked."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PLANNED = "planned", _("Planned")
        UNDER_WAY = "under_way", _("Under way")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    # States in which an action is finished, one way or the other: never late, never stale.
    CLOSED_STATES = (State.DONE, State.DROPPED)

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="actions"
    )
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), on_delete=models.PROTECT, related_name="actions"
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    # The owner is one of three kinds; exactly one is set (an action nobody owns won't happen).
    owner_department = models.CharField(
        _("owner: municipal department"), max_length=200, blank=True
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owner: organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_actions",
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner: person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_actions",
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), blank=True, related_name="partner_in_actions"
    )
    starts_on = models.DateField(_("start"), validators=[programme_date])
    ends_on = models.DateField(_("end"), validators=[programme_date])
    budget = models.DecimalField(
        _("budget (kr.)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    budget_hours = models.DecimalField(
        _("budget (hours)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    indicator_unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PROPOSED
    )
    # What in the mapping the action answers.
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("enterprises and stakeholders it answers"),
        blank=True,
        related_name="answered_by_actions",
    )
    feedback = models.ManyToManyField(
        Feedback, verbose_name=_("feedback it answers"), blank=True, related_name="actions"
    )
    feedback_themes = models.JSONField(
        _("feedback themes it answers"),
        default=list,
        blank=True,
        help_text=_("Codes of the feedback themes (needs, expectations, ideas, …)."),
    )
    interplay_ideas = models.ManyToManyField(
        InterplayIdea,
        verbose_name=_("ideas for interplay it answers"),
        blank=True,
        related_name="actions",
    )
    potentials = models.ManyToManyField(
        Potential, verbose_name=_("potentials it answers"), blank=True, related_name="actions"
    )
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ("strategy", "focus_area__position", "position", "pk")
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    (
                        ~models.Q(owner_department="")
                        & models.Q(owner_organisation__isnull=True, owner_person__isnull=True)
                    )
                    | models.Q(
                        owner_department="",
                        owner_organisation__isnull=False,
                        owner_person__isnull=True,
                    )
                    | models.Q(
                        owner_department="",
                        owner_organisation__isnull=True,
                        owner_person__isnull=False,
                    )
                ),
                name="strategy_action_one_owner",
                violation_error_message=_(
                    "An action needs exactly one owner: a municipal department, an organisation "
                    "or a person."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="strategy_action_ends_after_start",
                violation_error_message=_("An action cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=0) & models.Q(budget_hours__gte=0),
                name="strategy_action_budget_not_negative",
                violation_error_message=_("A budget cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategy:action-detail", args=[self.pk])

    @property
    def owner(self):
        """The owner, whichever kind it is, for display."""
        return self.owner_department or self.owner_organisation or self.owner_person

    def is_late(self, today=None):
        """Late: the end date has passed and the action is neither done nor dropped."""
        today = today or timezone.localdate()
        return self.ends_on < today and self.state not in self.CLOSED_STATES

    def clean(self):
        super().clean()
        errors = {}
        owners = [bool(self.owner_department), bool(self.owner_organisation_id)]
        owners.append(bool(self.owner_person_id))
        if sum(owners) != 1:
            errors["owner_department"] = _(
                "Give exactly one owner: a municipal department, an organisation or a person."
            )
        if self.goal_id and self.focus_area_id and self.goal.focus_area_id != self.focus_area_id:
            errors["goal"] = _("Choose a goal of the action's focus area.")
        if (
            self.focus_area_id
            and self.strategy_id
            and self.focus_area.strategy_id != self.strategy_id
        ):
            errors["focus_area"] = _("Choose a focus area of this strategy.")
        themes = set(self.feedback_themes or [])
        if not themes <= set(Feedback.Theme.values):
            errors["feedback_themes"] = _("Unknown feedback theme.")
        if errors:
            raise ValidationError(errors)
