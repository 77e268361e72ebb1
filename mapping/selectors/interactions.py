"""Reads of the interaction log and the follow-up tasks it leads to.

For the programme's staff: the views check the role, and `task_list` returns nothing for anyone
else, so a forgotten check leaks nothing.
"""

import django_filters
from django.db.models import Case, Count, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapping.models import Interaction, Task
from portal.followup.selectors import followup_get_for_user, followup_kind


class TaskFilter(django_filters.FilterSet):
    whose = django_filters.ChoiceFilter(
        label=_("Whose tasks"),
        choices=[("mine", _("My tasks")), ("all", _("Everyone's tasks"))],
        empty_label=None,
        method="filter_whose",
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=Task.State.choices,
        empty_label=_("All states"),
        method="filter_state",
    )

    class Meta:
        model = Task
        fields = ["whose", "state"]

    def filter_whose(self, queryset, name, value):
        return queryset.filter(owner=self.request.user) if value == "mine" else queryset

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == Task.State.DONE:
            return queryset.filter(done_at__isnull=False)
        if value == Task.State.OVERDUE:
            return queryset.overdue(today)
        return queryset.open().filter(due_on__gte=today)


def task_list(*, user, params, request):
    """Tasks, the asker's own unless they ask for everyone's; unfinished first."""
    if not user.is_programme_staff:
        return TaskFilter(
            params, queryset=Task.objects.none(), request=request
        ), Task.objects.none()
    params = params.copy()
    if params.get("whose") not in ("mine", "all"):
        params["whose"] = "mine"
    queryset = Task.objects.select_related("owner", "organisation", "interaction").order_by(
        Case(When(done_at__isnull=True, then=Value(0)), default=Value(1)),
        "due_on",
        "pk",
    )
    filterset = TaskFilter(params, queryset=queryset, request=request)
    return filterset, filterset.qs


def interactions_of(*, organisation, contact=None):
    queryset = Interaction.objects.filter(organisation=organisation)
    if contact is not None:
        queryset = queryset.filter(contact=contact)
    return (
        queryset.select_related("contact", "by")
        .annotate(task_count=Count("tasks"))
        .order_by("-date", "-created_at", "-pk")
    )


def task_get_for_user(*, user, pk, for_change=False):
    """A follow-up task of the mapping, by the rule every app's tasks share
    (`portal.followup`): 404 for those who may not know of it, 403 for changing (marking
    done) for those who may not."""
    return followup_get_for_user(user=user, kind=followup_kind(Task), pk=pk, for_change=for_change)
