"""Reads of the mapping, scoped by who asks."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from mapping.filters import DirectoryFilter, StaffOrganisationFilter
from mapping.models import Contact, LocalArea, Organisation, PurposeArea
from portal.access import get_for_user
from portal.collation import danish_order
from portal.history import history_entries


def _with_list_relations(queryset):
    return queryset.select_related("area").prefetch_related(
        Prefetch("purpose_areas", queryset=PurposeArea.objects.order_by("id"))
    )


def organisation_directory(*, params):
    """The public directory: approved existing and potential enterprises, in Danish order.

    Returns the bound FilterSet (for the form) and its queryset. A page of it costs the same
    few queries whatever the number of rows: the count, the page, the purpose areas.
    """
    queryset = _with_list_relations(Organisation.objects.public()).order_by(
        danish_order("name"), "pk"
    )
    filterset = DirectoryFilter(params, queryset=queryset)
    return filterset, filterset.qs


def organisation_list(*, user, params):
    """Every organisation, for the programme's staff."""
    queryset = (
        Organisation.objects.all() if user.is_programme_staff else Organisation.objects.none()
    )
    queryset = _with_list_relations(queryset).order_by(danish_order("name"), "pk")
    filterset = StaffOrganisationFilter(params, queryset=queryset)
    return filterset, filterset.qs


def organisations_visible(*, user):
    """The organisations `user` may know of: every one for the programme's staff, their own
    for an enterprise user, none for anyone else."""
    if user.is_programme_staff:
        return Organisation.objects.all()
    if user.is_enterprise_user:
        return Organisation.objects.filter(users=user)
    return Organisation.objects.none()


def organisation_get_for_user(*, user, pk, for_change=False):
    """The organisation `user` may see and change; 404 for anyone else.

    Programme staff see every organisation; an enterprise user only their own. Others (the
    steering group, an enterprise user asking for someone else's) learn nothing, not even
    whether it exists. Whoever may see one may change it (what they may change is the
    form's business: the staff's form or the enterprise's profile).
    """
    queryset = _with_list_relations(organisations_visible(user=user)).select_related(
        "consent_recorded_by"
    )
    return get_for_user(queryset, pk=pk, for_change=for_change)


def registration_get_for_user(*, user, pk, for_change=False):
    """An organisation awaiting moderation, for the project leader who moderates; 404 for
    anyone else and for an organisation that no longer awaits it."""
    queryset = (
        Organisation.objects.pending() if user.is_project_leader else Organisation.objects.none()
    )
    return get_for_user(queryset, pk=pk, for_change=for_change)


def contact_get_for_user(*, user, pk, for_change=False):
    """A contact on an organisation `user` may see (the organisation's rule), with its
    organisation; 404 otherwise. An erased person stays erased: their row is no longer
    anyone's to open or fill in again (the data controller reads it in privacy.py)."""
    queryset = Contact.objects.filter(
        erased_at__isnull=True, organisation__in=organisations_visible(user=user)
    ).select_related("organisation")
    return get_for_user(queryset, pk=pk, for_change=for_change)


def public_organisation_name(organisation):
    """An organisation's name as a public page may show it: only when it is approved and
    published with its consent; a registration still awaiting approval, or rejected, or an
    organisation the staff mapped and keep internal, or one whose consent was withdrawn, is
    not named in public. Every public page (cases, the plan in force) names it through this."""
    if organisation.moderation_state == Organisation.Moderation.APPROVED and organisation.published:
        return organisation.name
    return _("An organisation (not shown publicly)")


def organisation_public_get(*, pk):
    try:
        return _with_list_relations(Organisation.objects.public()).get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None


def organisations_of_user(*, user):
    return _with_list_relations(user.organisations.all()).order_by("-created_at")


def moderation_queue():
    """Registrations awaiting approval, newest first."""
    return _with_list_relations(Organisation.objects.pending()).order_by("-created_at", "-pk")


def moderation_queue_count():
    return Organisation.objects.pending().count()


def contacts_of(*, organisation):
    """The organisation's people; erased ones are no longer people to show or contact."""
    return Contact.objects.filter(organisation=organisation, erased_at__isnull=True).order_by(
        "name"
    )


def organisation_history(*, organisation):
    """The change history, newest first, with what changed in each step."""
    return history_entries(organisation)


def counts_by_status():
    rows = (
        Organisation.objects.approved()
        .values("se_status")
        .annotate(n=Count("pk"))
        .order_by("se_status")
    )
    labels = dict(Organisation.SocialEconomyStatus.choices)
    return [{"status": labels[row["se_status"]], "count": row["n"]} for row in rows]


def counts_by_area():
    """Approved social-economy enterprises per local area, every area listed."""
    return LocalArea.objects.annotate(
        existing=Count(
            "organisations",
            filter=Q(
                organisations__moderation_state=Organisation.Moderation.APPROVED,
                organisations__se_status=Organisation.SocialEconomyStatus.EXISTING,
            ),
        ),
        potential=Count(
            "organisations",
            filter=Q(
                organisations__moderation_state=Organisation.Moderation.APPROVED,
                organisations__se_status=Organisation.SocialEconomyStatus.POTENTIAL,
            ),
        ),
    ).order_by("position", "name")
