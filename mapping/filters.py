import django_filters
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mapping.models import LocalArea, Organisation, PurposeArea
from portal.collation import Fold, fold


def search(queryset, text):
    """Free-text search over name, description and town.

    On both databases a name, town or description that contains the text matches, blind to
    case and accents ("årø" finds "Årø", "cafe" finds "Café"; see portal.collation.Fold).
    On PostgreSQL a full-text search with the Danish configuration is added, so that
    "virksomheder" finds "virksomhed".
    """
    text = text.strip()
    if not text:
        return queryset
    folded = fold(text)
    queryset = queryset.alias(
        name_folded=Fold("name"), town_folded=Fold("town"), description_folded=Fold("description")
    )
    contains = (
        Q(name_folded__contains=folded)
        | Q(town_folded__contains=folded)
        | Q(description_folded__contains=folded)
    )
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config="danish", search_type="websearch")
        return queryset.filter(Q(search_vector=query) | contains)
    return queryset.filter(contains)


class DirectoryFilter(django_filters.FilterSet):
    """The public directory's filters. Parameter names are a stable interface."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="se_status",
        choices=[
            (Organisation.SocialEconomyStatus.EXISTING, _("Existing enterprises")),
            (Organisation.SocialEconomyStatus.POTENTIAL, _("Potential enterprises and ideas")),
        ],
        empty_label=_("All"),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Local area"),
        queryset=LocalArea.objects.all(),
        to_field_name="slug",
        empty_label=_("All areas"),
    )
    purpose = django_filters.ModelChoiceFilter(
        label=_("Purpose area"),
        field_name="purpose_areas",
        queryset=PurposeArea.objects.all(),
        to_field_name="code",
        empty_label=_("All purpose areas"),
    )

    class Meta:
        model = Organisation
        fields = ["q", "status", "area", "purpose"]

    def filter_q(self, queryset, name, value):
        return search(queryset, value)


class StaffOrganisationFilter(DirectoryFilter):
    """The staff list: every organisation, with the mapping's own filters too."""

    status = django_filters.ChoiceFilter(
        label=_("Social-economy status"),
        field_name="se_status",
        choices=Organisation.SocialEconomyStatus.choices,
        empty_label=_("All"),
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=Organisation.Sector.choices, empty_label=_("All sectors")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organisation.Kind.choices, empty_label=_("All kinds")
    )
    moderation = django_filters.ChoiceFilter(
        label=_("Moderation"),
        field_name="moderation_state",
        choices=Organisation.Moderation.choices,
        empty_label=_("All"),
    )

    class Meta(DirectoryFilter.Meta):
        fields = ["q", "status", "sector", "kind", "area", "purpose", "moderation"]
