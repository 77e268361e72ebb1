"""Reads of the stakeholder analysis: lists, the grid, potentials and contacts.

Every list here is for the programme's staff; the views check the role, and these functions
return nothing for anyone else, so a forgotten check leaks nothing. The interaction log and
the tasks are read in interactions.py.
"""

from datetime import timedelta

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapping.models import (
    Contact,
    Interaction,
    Organisation,
    OrganisationRelation,
    Potential,
    StakeholderAssessment,
)
from portal.access import get_for_user
from portal.collation import danish_order

Quadrant = StakeholderAssessment.Quadrant

# What each quadrant suggests doing; the assessment's own `approach` refines it per stakeholder.
SUGGESTED_APPROACH = {
    Quadrant.MANAGE_CLOSELY: _(
        "Involve them fully: meet regularly, consult them before decisions and make them "
        "partners in the programme."
    ),
    Quadrant.KEEP_SATISFIED: _(
        "Keep them satisfied: brief them on what matters to them and consult them on their "
        "interests, without overloading them with detail."
    ),
    Quadrant.KEEP_INFORMED: _(
        "Keep them informed: send regular news, invite them to meetings and network events; "
        "they can become ambassadors."
    ),
    Quadrant.MONITOR: _(
        "Monitor: send general information now and then, and watch for changes in their "
        "interest or influence."
    ),
}

# The offer's triangle of sectors, with the social economy in its middle, in this order.
SECTOR_ORDER = [value for value, _label in Organisation.Sector.choices]

DEFAULT_CONTACT_DAYS = 90


def contact_days():
    """How many days without contact before a stakeholder of high influence is flagged."""
    return getattr(settings, "STAKEHOLDER_CONTACT_DAYS", DEFAULT_CONTACT_DAYS)


def contact_cutoff(today=None):
    """A last contact before this date is too long ago."""
    return (today or timezone.localdate()) - timedelta(days=contact_days())


def needs_contact(*, influence, last_contact, today=None):
    """High influence and no contact for longer than the set number of days (or never)."""
    if influence is None or influence < StakeholderAssessment.HIGH:
        return False
    return last_contact is None or last_contact < contact_cutoff(today)


def suggested_approach(quadrant):
    return SUGGESTED_APPROACH[quadrant]


def staff_users():
    """Those who can own a task or a next step: active project leaders and consultants."""
    user_model = get_user_model()
    staff = user_model.objects.with_role(*user_model.STAFF_ROLES).filter(is_active=True)
    return staff.order_by("first_name", "last_name", "username")


def _sector_order():
    return Case(
        *[When(sector=value, then=Value(position)) for position, value in enumerate(SECTOR_ORDER)],
        default=Value(len(SECTOR_ORDER)),
    )


def _last_contact():
    return Subquery(
        Interaction.objects.filter(organisation=OuterRef("pk")).order_by("-date").values("date")[:1]
    )


def _quadrant_q(quadrant):
    high = StakeholderAssessment.HIGH
    influence = Q(assessment__influence__gte=high)
    interest = Q(assessment__interest__gte=high)
    return {
        Quadrant.MANAGE_CLOSELY: influence & interest,
        Quadrant.KEEP_SATISFIED: influence & ~interest,
        Quadrant.KEEP_INFORMED: ~influence & interest,
        Quadrant.MONITOR: ~influence & ~interest,
    }[quadrant] & Q(assessment__isnull=False)


def _stakeholders(user):
    """Organisations as stakeholders: not rejected registrations, with their assessment, the
    date of the last contact and whether they need one."""
    if not user.is_programme_staff:
        return Organisation.objects.none()
    cutoff = contact_cutoff()
    return (
        Organisation.objects.exclude(moderation_state=Organisation.Moderation.REJECTED)
        .select_related("assessment", "area")
        .annotate(last_contact=_last_contact())
        .annotate(
            needs_contact=Case(
                When(
                    Q(assessment__influence__gte=StakeholderAssessment.HIGH)
                    & (Q(last_contact__isnull=True) | Q(last_contact__lt=cutoff)),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


class StakeholderFilter(django_filters.FilterSet):
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=Organisation.Sector.choices, empty_label=_("All sectors")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organisation.Kind.choices, empty_label=_("All kinds")
    )
    quadrant = django_filters.ChoiceFilter(
        label=_("Quadrant"),
        choices=Quadrant.choices,
        empty_label=_("All, also not assessed"),
        method="filter_quadrant",
    )
    needs_contact = django_filters.BooleanFilter(
        label=_("Only those of high influence who need a contact"),
        method="filter_needs_contact",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Organisation
        fields = ["sector", "kind", "quadrant", "needs_contact"]

    def filter_quadrant(self, queryset, name, value):
        return queryset.filter(_quadrant_q(value))

    def filter_needs_contact(self, queryset, name, value):
        return queryset.filter(needs_contact=True) if value else queryset


class GridFilter(django_filters.FilterSet):
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=Organisation.Sector.choices, empty_label=_("All sectors")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organisation.Kind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Organisation
        fields = ["sector", "kind"]


def stakeholder_list(*, user, params):
    """Every stakeholder, grouped by sector in the triangle's order, then by name."""
    queryset = _stakeholders(user).order_by(_sector_order(), danish_order("name"), "pk")
    filterset = StakeholderFilter(params, queryset=queryset)
    return filterset, filterset.qs


def stakeholder_grid(*, user, params):
    """The assessed stakeholders, for the influence × interest grid."""
    queryset = (
        _stakeholders(user)
        .filter(assessment__isnull=False)
        .order_by("-assessment__influence", "-assessment__interest", danish_order("name"), "pk")
    )
    filterset = GridFilter(params, queryset=queryset)
    return filterset, filterset.qs


class PotentialFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(
        label=_("Stage"),
        choices=[*Potential.Stage.choices, ("none", _("Not yet placed"))],
        empty_label=_("All stages"),
        method="filter_stage",
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue next steps"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Organisation
        fields = ["stage", "overdue"]

    def filter_stage(self, queryset, name, value):
        if value == "none":
            return queryset.filter(potential__isnull=True)
        return queryset.filter(potential__stage=value)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            potential__next_step_on__lt=timezone.localdate(),
        ).exclude(potential__next_step="")


def potential_list(*, user, params):
    """Potential enterprises and ideas, and any organisation placed on the path."""
    if not user.is_programme_staff:
        queryset = Organisation.objects.none()
    else:
        queryset = (
            Organisation.objects.exclude(moderation_state=Organisation.Moderation.REJECTED)
            .filter(
                Q(se_status=Organisation.SocialEconomyStatus.POTENTIAL) | Q(potential__isnull=False)
            )
            .select_related("potential", "potential__next_step_owner", "area")
            .order_by(danish_order("name"), "pk")
        )
    filterset = PotentialFilter(params, queryset=queryset)
    return filterset, filterset.qs


def potential_is_overdue(potential, today=None):
    return bool(
        potential
        and potential.next_step
        and potential.next_step_on
        and potential.next_step_on < (today or timezone.localdate())
    )


class ContactFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    sector = django_filters.ChoiceFilter(
        label=_("Sector"),
        field_name="organisation__sector",
        choices=Organisation.Sector.choices,
        empty_label=_("All sectors"),
    )
    key_person = django_filters.BooleanFilter(
        label=_("Only key persons"),
        method="filter_true",
        field_name="is_key_person",
        widget=forms.CheckboxInput,
    )
    change_agent = django_filters.BooleanFilter(
        label=_("Only change agents"),
        method="filter_true",
        field_name="is_change_agent",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Contact
        fields = ["q", "sector", "key_person", "change_agent"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(role__icontains=value)
            | Q(organisation__name__icontains=value)
        )

    def filter_true(self, queryset, name, value):
        return queryset.filter(**{name: True}) if value else queryset


def contact_list(*, user, params):
    """Every contact the programme keeps (erased people are gone from the list)."""
    if not user.is_programme_staff:
        queryset = Contact.objects.none()
    else:
        queryset = (
            Contact.objects.filter(erased_at__isnull=True)
            .select_related("organisation")
            .prefetch_related(
                Prefetch(
                    "linked_organisations",
                    queryset=Organisation.objects.order_by(danish_order("name"), "pk"),
                )
            )
            .order_by(danish_order("name"), "pk")
        )
    filterset = ContactFilter(params, queryset=queryset)
    return filterset, filterset.qs


def contacts_for_interaction(*, organisation):
    """The people an interaction with `organisation` can be with: its own and linked ones."""
    return (
        Contact.objects.filter(erased_at__isnull=True)
        .filter(Q(organisation=organisation) | Q(linked_organisations=organisation))
        .select_related("organisation")
        .distinct()
        .order_by(danish_order("name"), "pk")
    )


def contacts_linked_to(*, organisation):
    """People of other organisations who link to `organisation` (e.g. as board members)."""
    return (
        Contact.objects.filter(linked_organisations=organisation, erased_at__isnull=True)
        .select_related("organisation")
        .order_by(danish_order("name"), "pk")
    )


def relations_of(*, organisation):
    """The organisation's relations both ways, each read from this organisation's side."""
    outgoing = OrganisationRelation.objects.filter(source=organisation).select_related("target")
    incoming = OrganisationRelation.objects.filter(target=organisation).select_related("source")
    rows = [
        {"relation": relation, "label": relation.get_kind_display(), "other": relation.target}
        for relation in outgoing
    ] + [
        {"relation": relation, "label": relation.inverse_label, "other": relation.source}
        for relation in incoming
    ]
    return sorted(rows, key=lambda row: (str(row["label"]), row["other"].name.casefold()))


def assessment_of(organisation):
    try:
        return organisation.assessment
    except StakeholderAssessment.DoesNotExist:
        return None


def potential_of(organisation):
    try:
        return Potential.objects.select_related("next_step_owner").get(organisation=organisation)
    except Potential.DoesNotExist:
        return None


def relation_get_for_user(*, user, pk, for_change=False):
    """A relation between two organisations, for the programme's staff (who also change it);
    404 for anyone else."""
    queryset = OrganisationRelation.objects.select_related("source", "target")
    if not user.is_programme_staff:
        queryset = queryset.none()
    return get_for_user(queryset, pk=pk, for_change=for_change)
