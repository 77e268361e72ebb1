"""What the mapping adds to the portal's navigation and dashboard, per role."""

from django.urls import reverse
from django.utils.translation import gettext as _

from mapping import selectors
from mapping.models import Organisation
from portal.registry import NavItem, Panel


def nav(request):
    user = request.user
    items = []
    if user.is_authenticated and user.is_programme_staff:
        items.append(NavItem(_("Organisations"), reverse("mapping:organisation-list")))
    if user.is_authenticated and user.is_project_leader:
        count = selectors.moderation_queue_count()
        items.append(
            NavItem(
                _("Moderation"),
                reverse("mapping:moderation-queue"),
                badge=count,
                badge_label=_("awaiting approval"),
            )
        )
    if user.is_authenticated and user.is_enterprise_user:
        items.append(NavItem(_("My organisation"), reverse("mapping:my-organisations")))
    items.append(NavItem(_("Enterprises"), reverse("mapping:directory")))
    if not user.is_authenticated:
        items.append(NavItem(_("Register"), reverse("mapping:register")))
    return items


def panels(request):
    user = request.user
    if not user.is_authenticated:
        return [
            Panel(
                "mapping/includes/panel_public.html",
                {"directory_count": Organisation.objects.public().count()},
                order=10,
            )
        ]
    if user.is_enterprise_user:
        return [
            Panel(
                "mapping/includes/panel_my_organisations.html",
                {"organisations": list(selectors.organisations_of_user(user=user))},
                order=10,
            )
        ]
    result = [
        Panel(
            "mapping/includes/panel_counts.html",
            {
                "by_status": selectors.counts_by_status(),
                "by_area": list(selectors.counts_by_area()),
            },
            order=20,
        )
    ]
    if user.is_project_leader:
        queue = list(selectors.moderation_queue()[:10])
        result.append(
            Panel(
                "mapping/includes/panel_moderation.html",
                {"queue": queue, "queue_count": selectors.moderation_queue_count()},
                order=10,
            )
        )
    if user.is_programme_staff:
        newest = list(
            Organisation.objects.filter(users__isnull=False)
            .distinct()
            .select_related("area")
            .order_by("-created_at")[:5]
        )
        result.append(Panel("mapping/includes/panel_newest.html", {"newest": newest}, order=30))
    return result
