"""Reads of the local cases: the staff's list of every case, the public list of published ones."""

import django_filters
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from mapping.models import SDG, Case, CaseEffect, Organisation, PurposeArea, TargetGroup
from portal.access import get_for_user
from portal.history import history_entries


class CaseFilter(django_filters.FilterSet):
    """The public list's search and filters: free text, purpose area, target group, goal."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    purpose = django_filters.ModelChoiceFilter(
        label=_("Purpose area"),
        field_name="purpose_areas",
        queryset=PurposeArea.objects.all(),
        to_field_name="code",
        empty_label=_("All purpose areas"),
    )
    target = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        field_name="target_groups",
        queryset=TargetGroup.objects.all(),
        empty_label=_("All target groups"),
    )
    goal = django_filters.ModelChoiceFilter(
        label=_("Sustainable development goal"),
        field_name="goals",
        queryset=SDG.objects.all(),
        to_field_name="number",
        empty_label=_("All goals"),
    )

    class Meta:
        model = Case
        fields = ["q", "purpose", "target", "goal"]

    def filter_q(self, queryset, name, value):
        # The public may find a case by its enterprise's name only where the page names it.
        return case_search(queryset, value, names_public_only=True)


class StaffCaseFilter(CaseFilter):
    """The staff list: the public filters, and drafts or published."""

    PUBLISHED, DRAFT = "yes", "no"

    published = django_filters.ChoiceFilter(
        label=_("Published"),
        choices=[(PUBLISHED, _("Published")), (DRAFT, _("Drafts"))],
        empty_label=_("Published and drafts"),
        method="filter_published",
    )

    class Meta(CaseFilter.Meta):
        fields = ["q", "purpose", "target", "goal", "published"]

    def filter_q(self, queryset, name, value):
        return case_search(queryset, value)

    def filter_published(self, queryset, name, value):
        return queryset.filter(published=value == self.PUBLISHED)


def case_search(queryset, text, *, names_public_only=False):
    """Cases whose title, texts or enterprise name contain `text` (case-insensitive).

    With `names_public_only`, the enterprise's name matches only when it is approved and
    published (`public_organisation_name`): a search must not tell that a case belongs to an
    organisation the public page does not name.
    """
    text = text.strip()
    if not text:
        return queryset
    by_name = Q(organisation__name__icontains=text)
    if names_public_only:
        by_name &= Q(organisation__in=Organisation.objects.published())
    return queryset.filter(
        Q(title__icontains=text)
        | Q(summary__icontains=text)
        | Q(problem__icontains=text)
        | Q(method__icontains=text)
        | Q(novelty__icontains=text)
        | Q(theory_of_change__icontains=text)
        | by_name
    )


def _with_relations(queryset):
    """Everything a list row or a case page shows, in a fixed number of queries."""
    return queryset.select_related("organisation").prefetch_related(
        Prefetch("purpose_areas", queryset=PurposeArea.objects.order_by("id")),
        Prefetch("goals", queryset=SDG.objects.order_by("number")),
        Prefetch("target_groups", queryset=TargetGroup.objects.order_by("name")),
    )


def case_list(*, user, params):
    """Every case, drafts too, for the programme's staff. Returns (filterset, queryset)."""
    queryset = Case.objects.all() if user.is_programme_staff else Case.objects.none()
    queryset = _with_relations(queryset).order_by("-created_at", "-pk")
    filterset = StaffCaseFilter(params, queryset=queryset)
    return filterset, filterset.qs


def case_public_list(*, params):
    """Published cases only, newest first. Returns (filterset, queryset)."""
    queryset = _with_relations(Case.objects.published()).order_by("-created_at", "-pk")
    filterset = CaseFilter(params, queryset=queryset)
    return filterset, filterset.qs


def _with_effects(queryset):
    return _with_relations(queryset).prefetch_related(
        Prefetch("effects", queryset=CaseEffect.objects.order_by("period_start", "pk"))
    )


def case_get_for_user(*, user, pk, for_change=False):
    """A case, draft or published, for the programme's staff (who also change it); 404 for
    anyone else, who know only the published ones, on the public URL (`case_public_get`)."""
    visible = Case.objects.all() if user.is_programme_staff else Case.objects.none()
    return get_for_user(_with_effects(visible), pk=pk, for_change=for_change)


def case_public_get(*, pk):
    """A published case; a draft is 404 for everyone on the public URL, staff included."""
    try:
        return _with_effects(Case.objects.published()).get(pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None


def cases_of_organisation(*, organisation, published_only):
    queryset = Case.objects.filter(organisation=organisation)
    if published_only:
        queryset = queryset.published()
    return queryset.order_by("-created_at", "-pk")


def case_history(*, case, limit=20):
    """Who changed the case and when, newest first."""
    records = case.history.select_related("history_user").order_by("-history_date")[:limit]
    return history_entries(records, fields=())
