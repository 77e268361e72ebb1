"""Stakeholders: relations between organisations, the stakeholder analysis, the interaction
log with its follow-up tasks, and the potential of enterprises on their way."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mapping.models.contacts import Contact
from mapping.models.organisations import Organisation
from portal.followup.models import FollowUp
from portal.validators import DateRangeValidator, programme_date

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class OrganisationRelation(models.Model):
    """A directed relation: `source` <kind> `target`, shown on both organisations."""

    class Kind(models.TextChoices):
        PARTNER = "partner", _("partner of")
        BUYER = "buyer", _("buys from")
        SUPPLIER = "supplier", _("supplies")
        MEMBER = "member", _("member of")
        FUNDED_BY = "funded_by", _("funded by")

    # How the relation reads from the target's side.
    INVERSE = {
        Kind.PARTNER: _("partner of"),
        Kind.BUYER: _("supplies"),
        Kind.SUPPLIER: _("buys from"),
        Kind.MEMBER: _("has as member"),
        Kind.FUNDED_BY: _("funds"),
    }

    source = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="relations_out",
    )
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices)
    target = models.ForeignKey(
        Organisation,
        verbose_name=_("related organisation"),
        on_delete=models.CASCADE,
        related_name="relations_in",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ("source__name", "kind")
        verbose_name = _("relation between organisations")
        verbose_name_plural = _("relations between organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "target"], name="mapping_relation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")),
                name="mapping_relation_not_to_itself",
                violation_error_message=_("An organisation cannot be related to itself."),
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"

    @property
    def inverse_label(self):
        return self.INVERSE[self.kind]


class StakeholderAssessment(models.Model):
    """The stakeholder analysis of one organisation: where it sits on the grid and how to
    engage it."""

    class Attitude(models.TextChoices):
        SUPPORTIVE = "supportive", _("Supportive")
        NEUTRAL = "neutral", _("Neutral")
        SCEPTICAL = "sceptical", _("Sceptical")
        OPPOSED = "opposed", _("Opposed")
        UNKNOWN = "unknown", _("Unknown")

    class Quadrant(models.TextChoices):
        MANAGE_CLOSELY = "manage_closely", _("Manage closely")
        KEEP_SATISFIED = "keep_satisfied", _("Keep satisfied")
        KEEP_INFORMED = "keep_informed", _("Keep informed")
        MONITOR = "monitor", _("Monitor")

    # On the 1–5 scales, 3 and above count as high: the middle of the scale is on the side of
    # attention, so a stakeholder is rather engaged too much than too little.
    HIGH = 3

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="assessment",
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"), validators=SCALE, help_text=_("1 (little) to 5 (decisive)")
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"), validators=SCALE, help_text=_("1 (little) to 5 (very keen)")
    )
    attitude = models.CharField(
        _("attitude to the programme"),
        max_length=20,
        choices=Attitude.choices,
        default=Attitude.UNKNOWN,
    )
    contribution = models.TextField(_("what they can contribute"), max_length=2000, blank=True)
    approach = models.TextField(_("engagement approach"), max_length=2000, blank=True)
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

    class Meta:
        verbose_name = _("stakeholder assessment")
        verbose_name_plural = _("stakeholder assessments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(influence__gte=1, influence__lte=5),
                name="mapping_assessment_influence_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(interest__gte=1, interest__lte=5),
                name="mapping_assessment_interest_1_5",
            ),
        ]

    def __str__(self):
        return str(self.organisation)

    @classmethod
    def quadrant_for(cls, influence, interest):
        high_influence, high_interest = influence >= cls.HIGH, interest >= cls.HIGH
        if high_influence and high_interest:
            return cls.Quadrant.MANAGE_CLOSELY
        if high_influence:
            return cls.Quadrant.KEEP_SATISFIED
        if high_interest:
            return cls.Quadrant.KEEP_INFORMED
        return cls.Quadrant.MONITOR

    @property
    def quadrant(self):
        return self.quadrant_for(self.influence, self.interest)


class Interaction(models.Model):
    """A meeting, call, e-mail or visit with an organisation (and maybe one of its people)."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Phone call")
        EMAIL = "email", _("E-mail")
        VISIT = "visit", _("Visit")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="interactions",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(
        _("date"),
        validators=[
            DateRangeValidator(
                not_in_future=True, future_message=_("An interaction cannot be in the future.")
            )
        ],
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="interactions",
    )
    summary = models.TextField(_("what was said"), max_length=5000)
    created_at = models.DateTimeField(
        _("created"),
        default=timezone.now,
        editable=False,
        validators=[programme_date],
    )

    class Meta:
        ordering = ("-date", "-created_at")
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [models.Index(fields=["organisation", "-date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}: {self.organisation}"

    def clean(self):
        super().clean()
        if self.contact_id and self.organisation_id:
            contact = self.contact
            if contact.organisation_id != self.organisation_id and not (
                contact.linked_organisations.filter(pk=self.organisation_id).exists()
            ):
                raise ValidationError(
                    {"contact": _("This person is not linked to the organisation.")}
                )


class Task(FollowUp):
    """A follow-up from the interaction log, with an owner and a deadline (`portal.followup`)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
    )
    interaction = models.ForeignKey(
        Interaction,
        verbose_name=_("from the interaction"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    created_at = models.DateTimeField(
        _("created"),
        default=timezone.now,
        editable=False,
        validators=[programme_date],
    )

    subject_related = ("organisation",)

    class Meta:
        ordering = ("due_on", "pk")
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def about(self):
        if self.organisation_id:
            return self.organisation.name
        return _("The mapping's interaction log")

    def get_absolute_url(self):
        if self.organisation_id:
            return self.organisation.get_absolute_url()
        return reverse("mapping:task-list")


class Potential(models.Model):
    """Where a potential enterprise or idea stands on its path, and its next step."""

    class Stage(models.TextChoices):
        GRASSROOTS = "grassroots", _("Grass-roots initiative")
        ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
        ENTERPRISE = "enterprise", _("Social-economy enterprise")
        GROWTH = "growth", _("Growth company")

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="potential",
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    needs = models.TextField(_("what it needs"), max_length=2000, blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_on = models.DateField(
        _("next step by"),
        null=True,
        blank=True,
        validators=[programme_date],
    )
    next_step_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner of the next step"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True, validators=[programme_date])
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("potential")
        verbose_name_plural = _("potentials")

    def __str__(self):
        return f"{self.organisation}: {self.get_stage_display()}"

    def clean(self):
        super().clean()
        if self.next_step and not (self.next_step_on and self.next_step_owner_id):
            raise ValidationError({"next_step_on": _("A next step needs a date and an owner.")})
