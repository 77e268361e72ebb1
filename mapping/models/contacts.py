"""The people the programme keeps at an organisation, each with a purpose and legal basis."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mapping.models.organisations import Organisation
from portal.validators import past_date, programme_date


class Contact(models.Model):
    """A person at an organisation, kept only with a stated purpose and legal basis."""

    # A public authority cannot rely on legitimate interest (art. 6(1)(f)) for its tasks.
    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("Consent (GDPR art. 6(1)(a))")
        CONTRACT = "contract", _("Contract (GDPR art. 6(1)(b))")
        PUBLIC_TASK = "public_task", _("Public task (GDPR art. 6(1)(e))")
        LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (GDPR art. 6(1)(c))")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_key_person = models.BooleanField(_("key person"), default=False)
    is_change_agent = models.BooleanField(
        _("change agent"),
        default=False,
        help_text=_("Someone who moves things in their organisation or community."),
    )
    linked_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("also linked to"),
        blank=True,
        related_name="linked_contacts",
        help_text=_("Other organisations this person links to, e.g. as a board member."),
    )
    public = models.BooleanField(
        _("may be named in reports"),
        default=False,
        help_text=_("Only then do the person's name and role appear in documents for others."),
    )
    last_contacted_on = models.DateField(
        _("last contact"),
        null=True,
        blank=True,
        help_text=_("Kept up to date by the interaction log."),
        validators=[past_date],
    )
    erased_at = models.DateTimeField(
        _("erased"),
        null=True,
        blank=True,
        editable=False,
        validators=[programme_date],
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=30, choices=LegalBasis.choices, default=LegalBasis.CONSENT
    )
    purpose = models.CharField(
        _("purpose"),
        max_length=300,
        help_text=_("Why the programme keeps this person's details."),
    )
    created_at = models.DateTimeField(
        _("created"),
        default=timezone.now,
        editable=False,
        validators=[programme_date],
    )
    history = HistoricalRecords(excluded_fields=["last_contacted_on"])

    # The fields that identify the person: emptied when the person is erased.
    PERSONAL_FIELDS = ("name", "role", "email", "phone")

    class Meta:
        ordering = ("name",)
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.name
