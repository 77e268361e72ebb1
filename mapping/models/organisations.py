from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mapping.models.areas import LocalArea, PurposeArea
from mapping.validators import validate_cvr, validate_logo, validate_postcode
from portal.validators import past_date, programme_date, validate_founding_year


def attach_to_fields(error, fields_by_code, exclude):
    """Move constraint errors from the form's top to the field they are about."""
    by_field = {}
    for item in error.error_dict.get("__all__", []) if hasattr(error, "error_dict") else error:
        field = fields_by_code.get(item.code)
        key = field if field and field not in exclude else "__all__"
        by_field.setdefault(key, []).append(item)
    if hasattr(error, "error_dict"):
        for key, items in error.error_dict.items():
            if key != "__all__":
                by_field.setdefault(key, []).extend(items)
    return by_field


YES_NO = ((True, _("Yes")), (False, _("No")))

# The five RSV criteria (each with its note) and the offer's three characteristics.
CRITERIA = (
    ("social_purpose", "social_purpose_note"),
    ("commercial", "commercial_note"),
    ("independent", "independent_note"),
    ("inclusive_governance", "inclusive_governance_note"),
    ("social_profit_use", "social_profit_use_note"),
)
CHARACTERISTICS = ("innovative", "locally_rooted", "cross_sector")

# What an enterprise user may change about their own organisation (and registers with) ...
PROFILE_FIELDS = (
    "name",
    "kind",
    "cvr",
    "description",
    "purpose_areas",
    "website",
    "logo",
    "founded_year",
    "employees",
    "employees_flexjob",
    "employees_edge",
    "street",
    "postcode",
    "town",
    "area",
    *[name for pair in CRITERIA for name in pair],
    *CHARACTERISTICS,
)
# ... and what the programme's staff may change besides: the mapping's own assessment.
STAFF_FIELDS = (
    *PROFILE_FIELDS,
    "sector",
    "se_status",
    "rsv_registered",
    "rsv_checked_on",
    "industry_code",
    "advertising_protected",
)


class OrganisationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(moderation_state=Organisation.Moderation.APPROVED)

    def pending(self):
        return self.filter(moderation_state=Organisation.Moderation.PENDING)

    def social_economy(self):
        """Existing and potential social-economy enterprises."""
        return self.exclude(se_status=Organisation.SocialEconomyStatus.NONE)

    def published(self):
        """Approved, and published with the organisation's consent."""
        return self.approved().filter(published=True)

    def public(self):
        """What the public directory shows: published existing and potential enterprises."""
        return self.published().social_economy()


class Organisation(models.Model):
    """One row per real organisation, whatever its role in the programme.

    An association that is a stakeholder today and a potential enterprise tomorrow stays one
    row: its social-economy status changes, not its identity.
    """

    class Sector(models.TextChoices):
        PUBLIC = "public", _("Public sector")
        PRIVATE = "private", _("Private sector")
        CIVIL = "civil", _("Civil society")
        SOCIAL_ECONOMY = "social_economy", _("Social economy")

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        ASSOCIATION = "association", _("Association")
        FOUNDATION = "foundation", _("Foundation")
        PUBLIC_BODY = "public_body", _("Public body")
        COUNCIL = "council", _("Council or board")
        SCHOOL = "school", _("School or education")
        UNION = "union", _("Union")
        INITIATIVE = "initiative", _("Unregistered initiative")

    class SocialEconomyStatus(models.TextChoices):
        NONE = "none", _("Not a social-economy enterprise")
        POTENTIAL = "potential", _("Potential social-economy enterprise")
        EXISTING = "existing", _("Existing social-economy enterprise")

    class Moderation(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Consent(models.TextChoices):
        REGISTRATION = "registration", _("The organisation registered itself")
        WRITTEN = "written", _("In writing (e-mail, letter or form)")
        ORAL = "oral", _("Orally (in a meeting or on the phone)")
        # Only set by migration 0012 for what the directory showed before consent was kept.
        NOT_RECORDED = "not_recorded", _("Published before consent was recorded")

    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    cvr = models.CharField(
        _("CVR number"),
        max_length=8,
        blank=True,
        validators=[validate_cvr],
        help_text=_("8 digits. Leave empty if the organisation has no CVR number."),
    )
    street = models.CharField(_("street address"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[validate_postcode]
    )
    town = models.CharField(_("town"), max_length=100, blank=True)
    area = models.ForeignKey(
        LocalArea,
        verbose_name=_("local area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="organisations/logos/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG or WebP, at most 2 MB."),
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    purpose_areas = models.ManyToManyField(
        PurposeArea, verbose_name=_("purpose areas"), blank=True, related_name="organisations"
    )

    se_status = models.CharField(
        _("social-economy status"),
        max_length=20,
        choices=SocialEconomyStatus.choices,
        default=SocialEconomyStatus.NONE,
    )
    rsv_registered = models.BooleanField(
        _("registered as RSV"),
        default=False,
        help_text=_("Registered social-economy enterprise with the Danish Business Authority."),
    )
    rsv_checked_on = models.DateField(
        _("RSV registration checked on"),
        null=True,
        blank=True,
        help_text=_("The register is not always up to date: note when it was last checked."),
        validators=[past_date],
    )

    # The five criteria of the RSV law (lov nr. 711 af 25.6.2014), as the organisation
    # declares them. Unknown (null) until the organisation has answered.
    social_purpose = models.BooleanField(
        _("social purpose"),
        null=True,
        blank=True,
        choices=YES_NO,
        help_text=_("A social, employment, health, environmental or cultural purpose."),
    )
    social_purpose_note = models.TextField(
        _("about the social purpose"), max_length=1000, blank=True
    )
    commercial = models.BooleanField(
        _("commercial activity"),
        null=True,
        blank=True,
        choices=YES_NO,
        help_text=_("A significant part of the income comes from selling goods or services."),
    )
    commercial_note = models.TextField(
        _("about the commercial activity"), max_length=1000, blank=True
    )
    independent = models.BooleanField(
        _("independent of the public sector"),
        null=True,
        blank=True,
        choices=YES_NO,
        help_text=_("No public authority has a controlling influence."),
    )
    independent_note = models.TextField(_("about the independence"), max_length=1000, blank=True)
    inclusive_governance = models.BooleanField(
        _("inclusive and responsible governance"),
        null=True,
        blank=True,
        choices=YES_NO,
        help_text=_("Employees, partners and others affected are involved in the governance."),
    )
    inclusive_governance_note = models.TextField(
        _("about the governance"), max_length=1000, blank=True
    )
    social_profit_use = models.BooleanField(
        _("profit used for social purposes"),
        null=True,
        blank=True,
        choices=YES_NO,
        help_text=_(
            "Profit is reinvested, given to other RSVs or charitable causes, or paid out only "
            "as a limited dividend."
        ),
    )
    social_profit_use_note = models.TextField(
        _("about the use of profit"), max_length=1000, blank=True
    )
    # The offer's three characteristics of a social-economy enterprise.
    innovative = models.BooleanField(_("innovative"), null=True, blank=True, choices=YES_NO)
    locally_rooted = models.BooleanField(_("locally rooted"), null=True, blank=True, choices=YES_NO)
    cross_sector = models.BooleanField(
        _("cross-sector partnerships"), null=True, blank=True, choices=YES_NO
    )

    founded_year = models.PositiveSmallIntegerField(
        _("founding year"), null=True, blank=True, validators=[validate_founding_year]
    )
    employees = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    employees_flexjob = models.PositiveIntegerField(
        _("of these in flexible jobs"), null=True, blank=True
    )
    employees_edge = models.PositiveIntegerField(
        _("of these on the edge of the labour market"),
        null=True,
        blank=True,
        help_text=_("A count only. Never name the people."),
    )

    # What the CVR register said when last asked (see mapping/cvr.py).
    industry_code = models.CharField(_("industry code"), max_length=10, blank=True)
    cvr_status = models.CharField(_("status in the CVR register"), max_length=100, blank=True)
    cvr_ceased = models.BooleanField(
        _("ceased according to the CVR register"), default=False, editable=False
    )
    cvr_checked_at = models.DateTimeField(
        _("CVR register checked"),
        null=True,
        blank=True,
        editable=False,
        validators=[programme_date],
    )
    advertising_protected = models.BooleanField(
        _("protected against advertising"),
        default=False,
        help_text=_("Marked 'reklamebeskyttet' in the CVR register: send no marketing."),
    )

    moderation_state = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    rejection_reason = models.TextField(_("reason for rejection"), max_length=2000, blank=True)
    moderated_at = models.DateTimeField(
        _("moderated at"),
        null=True,
        blank=True,
        validators=[programme_date],
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Staff map organisations (companies, associations, would-be enterprises) that never
    # asked to be shown in public: only a published organisation is, and publishing needs
    # the organisation's consent, recorded with who recorded it, when and how it was given.
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown in the public directory. Needs the organisation's consent."),
    )
    consent = models.CharField(
        _("consent to publication"), max_length=20, choices=Consent.choices, blank=True
    )
    consent_note = models.TextField(
        _("about the consent"),
        max_length=1000,
        blank=True,
        help_text=_("Who gave it and how, e.g. 'Mette Hansen, manager, by e-mail 3.12.2026'."),
    )
    consent_recorded_at = models.DateTimeField(
        _("consent recorded at"), null=True, blank=True, validators=[programme_date]
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Enterprise users who keep this organisation's profile.
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("users"),
        blank=True,
        related_name="organisations",
    )
    created_at = models.DateTimeField(
        _("created"),
        default=timezone.now,
        editable=False,
        validators=[programme_date],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True, validators=[programme_date])

    # PostgreSQL keeps this up to date with a trigger (migration 0003) and indexes it for the
    # directory's Danish full-text search; on SQLite it stays empty and unused.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(
        # When the CVR register was last asked is not a change to the organisation.
        excluded_fields=["updated_at", "search_vector", "cvr_checked_at"],
        m2m_fields=["purpose_areas"],
    )
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ("name",)
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["cvr"],
                condition=~models.Q(cvr=""),
                name="mapping_organisation_cvr_unique",
                violation_error_code="cvr_taken",
                violation_error_message=_("This CVR number is already registered."),
            ),
            models.CheckConstraint(
                condition=models.Q(employees_flexjob__lte=models.F("employees"))
                | models.Q(employees_flexjob__isnull=True),
                name="mapping_organisation_flexjob_lte_employees",
                violation_error_code="flexjob_over_employees",
                violation_error_message=_(
                    "There cannot be more employees in flexible jobs than employees."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(employees_edge__lte=models.F("employees"))
                | models.Q(employees_edge__isnull=True),
                name="mapping_organisation_edge_lte_employees",
                violation_error_code="edge_over_employees",
                violation_error_message=_(
                    "There cannot be more employees on the edge of the labour market than "
                    "employees."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(moderation_state="rejected") | ~models.Q(rejection_reason=""),
                name="mapping_organisation_rejection_has_reason",
                violation_error_code="rejection_without_reason",
                violation_error_message=_("A rejection needs a reason."),
            ),
            models.CheckConstraint(
                condition=models.Q(published=False) | ~models.Q(consent=""),
                name="mapping_organisation_published_has_consent",
                violation_error_code="published_without_consent",
                violation_error_message=_(
                    "An organisation is published only with its consent. Record how it was given."
                ),
            ),
        ]
        indexes = [models.Index(fields=["moderation_state", "se_status"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mapping:organisation-detail", args=[self.pk])

    def get_public_url(self):
        return reverse("mapping:directory-detail", args=[self.pk])

    @property
    def is_public(self):
        return (
            self.moderation_state == self.Moderation.APPROVED
            and self.published
            and self.se_status != self.SocialEconomyStatus.NONE
        )

    @property
    def is_internal(self):
        """Approved but not published: the programme's staff see it, the public does not."""
        return self.moderation_state == self.Moderation.APPROVED and not self.published

    # Which field a violated constraint is about, so that forms show the message at that field.
    CONSTRAINT_FIELDS = {
        "cvr_taken": "cvr",
        "flexjob_over_employees": "employees_flexjob",
        "edge_over_employees": "employees_edge",
        "rejection_without_reason": "rejection_reason",
        "published_without_consent": "consent",
    }

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise ValidationError(
                attach_to_fields(error, self.CONSTRAINT_FIELDS, exclude or ())
            ) from error
