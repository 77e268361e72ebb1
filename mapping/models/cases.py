"""Local cases: what an enterprise achieved, told with its numbers. Published cases are the
programme's role models."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mapping.models.areas import PurposeArea
from mapping.models.organisations import Organisation
from mapping.validators import validate_logo
from portal.validators import programme_date

# What the staff write about a case, and about each of its effects.
CASE_FIELDS = (
    "organisation",
    "title",
    "summary",
    "published",
    "problem",
    "target_groups",
    "method",
    "novelty",
    "theory_of_change",
    "purpose_areas",
    "goals",
    "photo",
    "photo_alt",
)
EFFECT_FIELDS = ("description", "value", "unit", "period_start", "period_end", "about_people")


class TargetGroup(models.Model):
    """Who a case serves (young people without education, people with disabilities, …).

    A table the project leader keeps, so that cases can be filtered by it.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self):
        return self.name


SDG_NAMES = {
    1: _("No poverty"),
    2: _("Zero hunger"),
    3: _("Good health and well-being"),
    4: _("Quality education"),
    5: _("Gender equality"),
    6: _("Clean water and sanitation"),
    7: _("Affordable and clean energy"),
    8: _("Decent work and economic growth"),
    9: _("Industry, innovation and infrastructure"),
    10: _("Reduced inequalities"),
    11: _("Sustainable cities and communities"),
    12: _("Responsible consumption and production"),
    13: _("Climate action"),
    14: _("Life below water"),
    15: _("Life on land"),
    16: _("Peace, justice and strong institutions"),
    17: _("Partnerships for the goals"),
}


class SDG(models.Model):
    """One of the UN's 17 Sustainable Development Goals (verdensmål); rows so that cases can
    serve several, names in the catalogue so that they follow the language."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, choices=sorted(SDG_NAMES.items())
    )

    class Meta:
        ordering = ("number",)
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")

    def __str__(self):
        return f"{self.number}. {self.get_number_display()}"


class CaseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Case(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    problem = models.TextField(_("the problem"), max_length=5000)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="cases"
    )
    method = models.TextField(_("method"), max_length=5000)
    novelty = models.TextField(_("what was new"), max_length=5000, blank=True)
    theory_of_change = models.TextField(
        _("theory of change"),
        max_length=5000,
        blank=True,
        help_text=_("If we do this, then that happens, because …"),
    )
    purpose_areas = models.ManyToManyField(
        PurposeArea, verbose_name=_("purpose areas"), blank=True, related_name="cases"
    )
    goals = models.ManyToManyField(
        SDG, verbose_name=_("sustainable development goals"), blank=True, related_name="cases"
    )
    photo = models.ImageField(
        _("photo"),
        upload_to="cases/photos/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG or WebP, at most 2 MB."),
    )
    photo_alt = models.CharField(
        _("text alternative of the photo"),
        max_length=300,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(
        _("created"),
        default=timezone.now,
        editable=False,
        validators=[programme_date],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True, validators=[programme_date])
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mapping:case-detail", args=[self.pk])

    def get_public_url(self):
        return reverse("mapping:case-public", args=[self.pk])

    def clean(self):
        super().clean()
        if self.photo and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": _("A photo needs a text alternative.")})


class CaseEffect(models.Model):
    """A measured effect: a figure with its unit and the period it covers."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="effects"
    )
    description = models.CharField(_("effect"), max_length=300)
    value = models.DecimalField(_("figure"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=50, help_text=_("e.g. persons, kr., tonnes"))
    period_start = models.DateField(_("from"), validators=[programme_date])
    period_end = models.DateField(_("to"), validators=[programme_date])
    about_people = models.BooleanField(
        _("a count of people"),
        default=False,
        help_text=_("Counts of people under 5 are shown publicly as 'under 5'."),
    )

    class Meta:
        ordering = ("pk",)
        verbose_name = _("effect")
        verbose_name_plural = _("effects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="mapping_caseeffect_period_order",
                violation_error_message=_("The period cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.description}: {self.value} {self.unit}"
