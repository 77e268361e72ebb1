"""The recommendation to the city council (indstilling til byrådet) and its decision."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.validators import DateRangeValidator, programme_date
from strategy.models.plan import Strategy
from strategy.models.versions import StrategyVersion


class Recommendation(models.Model):
    """The editable text of the recommendation. Its figures (the economy table, the list
    of actions) are computed from the version it recommends, never typed."""

    strategy = models.OneToOneField(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.CASCADE,
        related_name="recommendation",
    )
    version = models.ForeignKey(
        StrategyVersion,
        verbose_name=_("version recommended"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.TextField(_("summary (resumé)"), max_length=10000, blank=True)
    decision_points = models.TextField(
        _("points for decision (beslutningspunkter)"),
        max_length=5000,
        blank=True,
        help_text=_("One point a line; the administration recommends that the city council …"),
    )
    case_text = models.TextField(
        _("the case (sagsfremstilling)"),
        max_length=30000,
        blank=True,
        help_text=_("Background and process; the strategy and action plan follow it."),
    )
    finance_text = models.TextField(
        _("finances (økonomi)"),
        max_length=10000,
        blank=True,
        help_text=_("Text before the table of the actions' budgets by year and focus area."),
    )
    annexes = models.TextField(
        _("annexes (bilag)"), max_length=5000, blank=True, help_text=_("One annex a line.")
    )
    # Where the document goes in the council's case system; printed in its head.
    case_number = models.CharField(
        _("case number (sagsnummer)"),
        max_length=50,
        blank=True,
        help_text=_("The case's number in the municipality's case system, e.g. 24.10.00-P20-1-26."),
    )
    committee = models.CharField(
        _("committee (udvalg)"),
        max_length=200,
        blank=True,
        help_text=_("The committee that treats the case before the city council."),
    )
    meeting_date = models.DateField(
        _("meeting date (mødedato)"),
        null=True,
        blank=True,
        validators=[programme_date],
        help_text=_("The date of the meeting at which the case is on the agenda."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True, validators=[programme_date])
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    SECTIONS = ("summary", "decision_points", "case_text", "finance_text", "annexes")
    CASE_FIELDS = ("case_number", "committee", "meeting_date")

    class Meta:
        verbose_name = _("recommendation to the city council")
        verbose_name_plural = _("recommendations to the city council")

    def __str__(self):
        return _("Recommendation: %(strategy)s") % {"strategy": self.strategy.title}

    def decision_point_lines(self):
        return [line.strip() for line in self.decision_points.splitlines() if line.strip()]

    def annex_lines(self):
        return [line.strip() for line in self.annexes.splitlines() if line.strip()]


class CouncilDecision(models.Model):
    """What the city council decided on the recommended version."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        ADOPTED_WITH_CHANGES = "adopted_with_changes", _("Adopted with changes")
        REJECTED = "rejected", _("Rejected")

    strategy = models.OneToOneField(
        Strategy,
        verbose_name=_("strategy"),
        on_delete=models.CASCADE,
        related_name="council_decision",
    )
    version = models.ForeignKey(
        StrategyVersion,
        verbose_name=_("version decided on"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(
        _("date of the council's decision"),
        validators=[
            DateRangeValidator(
                not_in_future=True,
                future_message=_("The date of the decision cannot be in the future."),
            )
        ],
    )
    outcome = models.CharField(_("decision"), max_length=30, choices=Outcome.choices)
    changes = models.TextField(
        _("the changes"),
        max_length=10000,
        blank=True,
        help_text=_("What the city council changed, when it adopted the plan with changes."),
    )
    adopted_version = models.ForeignKey(
        StrategyVersion,
        verbose_name=_("version adopted"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The plan as the city council adopted it (with its amendments applied), recorded "
            "when it was adopted."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(
        _("recorded"),
        default=timezone.now,
        editable=False,
        validators=[programme_date],
    )

    class Meta:
        verbose_name = _("city council decision")
        verbose_name_plural = _("city council decisions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="adopted_with_changes", changes=""),
                name="strategy_council_changes_described",
                violation_error_message=_("Describe the changes the city council made."),
            )
        ]

    def __str__(self):
        return f"{self.strategy}: {self.get_outcome_display()} {self.decided_on:%d.%m.%Y}"

    @property
    def adopted(self):
        return self.outcome != self.Outcome.REJECTED

    @property
    def awaiting_amendments(self):
        """Adopted with changes, and the changes not yet applied to the plan."""
        return self.outcome == self.Outcome.ADOPTED_WITH_CHANGES and self.adopted_version_id is None
