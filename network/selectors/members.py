"""Reads of the network: its members, their applications and history, and its themes.

Who sees what: the public page shows the active members and the themes; the programme's
staff see every application and membership; an enterprise user sees the membership of
their own organisations only (404 for any other)."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from mapping.models import Organisation
from network.forms.members import MembershipFilter
from network.models import Event, Membership, MembershipChange, Theme
from portal.access import get_for_user
from portal.collation import danish_order

Status = Membership.Status

# How many coming network meetings the public page shows.
COMING_MEETINGS = 5


def _with_themes(queryset):
    return queryset.select_related("organisation").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name"))
    )


def public_members():
    """The network's members as the public sees them: active memberships of approved
    organisations, by name. Two queries, however many members there are."""
    return _with_themes(
        Membership.objects.filter(
            status__in=Membership.MEMBER_STATUSES,
            organisation__moderation_state=Organisation.Moderation.APPROVED,
        )
    ).order_by(danish_order("organisation__name"), "pk")


def active_themes():
    return Theme.objects.filter(active=True).order_by("name")


def coming_network_meetings(*, now=None, limit=COMING_MEETINGS):
    """The next published network meetings that the public or the members may come to."""
    now = now or timezone.now()
    return Event.objects.filter(
        kind=Event.Kind.NETWORK,
        state=Event.State.PUBLISHED,
        audience__in=(Event.Audience.PUBLIC, Event.Audience.MEMBERS),
        ends_at__gt=now,
    ).order_by("starts_at", "pk")[:limit]


def membership_list(*, user, params=None):
    """Applications and memberships for the programme's staff, filtered by status:
    (filterset, memberships), applications first, then by organisation."""
    queryset = Membership.objects.none()
    if user.is_programme_staff:
        queryset = _with_themes(Membership.objects.all()).order_by(
            danish_order("organisation__name"), "pk"
        )
    filterset = MembershipFilter(params or None, queryset=queryset)
    return filterset, list(filterset.qs)


def _visible(user):
    if user.is_programme_staff:
        return Membership.objects.all()
    if user.is_enterprise_user:
        return Membership.objects.filter(organisation__users=user)
    return Membership.objects.none()


def may_change_membership(user, membership):
    """The project leader decides; an enterprise user of the organisation changes its themes
    and may leave. A consultant only reads."""
    if user.is_project_leader:
        return True
    return user.is_enterprise_user and membership.organisation.users.filter(pk=user.pk).exists()


def membership_get_for_user(*, user, pk, for_change=False):
    """A membership: every one for the programme's staff, their own organisation's for an
    enterprise user (404 for others'); changed by the project leader or its own users."""
    return get_for_user(
        _visible(user).select_related("organisation", "applied_by").distinct(),
        pk=pk,
        for_change=for_change,
        may_change=lambda membership: may_change_membership(user, membership),
    )


def membership_themes(membership):
    return list(membership.themes.order_by("name"))


def membership_history(membership):
    return list(
        MembershipChange.objects.filter(membership=membership)
        .select_related("changed_by")
        .order_by("changed_at", "pk")
    )


def membership_of(organisation):
    """The organisation's membership with its themes, or None."""
    return _with_themes(Membership.objects.filter(organisation=organisation)).first()


def organisations_to_apply_for(user):
    """The organisations an enterprise user may apply for: their own approved ones."""
    if not user.is_enterprise_user:
        return Organisation.objects.none()
    return Organisation.objects.approved().filter(users=user).order_by("name", "pk")


def memberships_of_user(user):
    """The memberships of the enterprise user's organisations, with their themes."""
    if not user.is_enterprise_user:
        return []
    return list(_with_themes(Membership.objects.filter(organisation__users=user)).distinct())


def theme_list(*, user):
    """Every theme with how many members follow it, for the programme's staff."""
    if not user.is_programme_staff:
        return []
    return list(
        Theme.objects.annotate(
            followers=Count(
                "memberships",
                filter=Q(memberships__status__in=Membership.MEMBER_STATUSES),
                distinct=True,
            )
        ).order_by("-active", "name")
    )


def theme_get_for_user(*, user, pk, for_change=False):
    """A theme, for the programme's staff; changed by the project leader only."""
    visible = Theme.objects.all() if user.is_programme_staff else Theme.objects.none()
    return get_for_user(
        visible,
        pk=pk,
        for_change=for_change,
        may_change=lambda _theme: user.is_project_leader,
    )
