"""What the mapping adds to the portal's navigation and dashboard, per role."""

from django.urls import reverse
from django.utils.translation import gettext as _

from mapping import selectors
from mapping.models import Organisation
from mapping.selectors import reports as report_selectors
from portal.registry import NavItem, Panel


def _mapping_menu(user):
    """The mapping's working pages, for the programme's staff, as one menu."""
    links = [
        (_("Organisations"), "mapping:organisation-list"),
        (_("Stakeholders"), "mapping:stakeholder-list"),
        (_("Stakeholder grid"), "mapping:stakeholder-grid"),
        (_("Contacts"), "mapping:contact-list"),
        (_("Potential enterprises"), "mapping:potential-list"),
        (_("Meetings"), "mapping:meeting-list"),
        (_("Feedback by theme"), "mapping:feedback-by-theme"),
        (_("Ideas for interplay"), "mapping:idea-list"),
        (_("Cases"), "mapping:case-list"),
        (_("Tasks"), "mapping:task-list"),
        (_("Import"), "mapping:import-upload"),
        (_("Interim report"), "mapping:report-home"),
    ]
    if user.is_project_leader:
        links.append((_("Contacts to review (retention)"), "mapping:contact-retention"))
    return NavItem(
        _("Mapping"),
        children=tuple(NavItem(label, reverse(name)) for label, name in links),
        order=10,
    )


def nav(request):
    user = request.user
    items = []
    if user.is_authenticated and user.is_programme_staff:
        items.append(_mapping_menu(user))
    if user.is_authenticated and user.is_project_leader:
        count = selectors.moderation_queue_count()
        items.append(
            NavItem(
                _("Moderation"),
                reverse("mapping:moderation-queue"),
                badge=count,
                badge_label=_("awaiting approval"),
                order=20,
            )
        )
    if user.is_authenticated and user.is_steering_group:
        items.append(NavItem(_("Interim report"), reverse("mapping:report-version-list"), order=30))
    if user.is_authenticated and user.is_enterprise_user:
        items.append(NavItem(_("My organisation"), reverse("mapping:my-organisations")))
    items.append(NavItem(_("Enterprises"), reverse("mapping:directory")))
    if not (user.is_authenticated and user.is_programme_staff):
        # Staff reach every case from their Mapping menu: the bar keeps to one line.
        items.append(NavItem(_("Cases"), reverse("mapping:case-list-public")))
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
    report_panel = _report_panel(request)
    if report_panel is not None:
        result.append(report_panel)
    return result


def _report_panel(request):
    """The interim report's review: the latest version and its state for the staff, the
    versions awaiting a verdict for a steering group member."""
    user = request.user
    if user.is_programme_staff:
        version = report_selectors.latest_version(user=user)
        unanswered = report_selectors.unanswered_comment_count(version=version) if version else 0
        return Panel(
            "mapping/reports/panel_review.html",
            {"version": version, "unanswered": unanswered},
            order=12,
        )
    if user.is_steering_group:
        awaiting = list(report_selectors.versions_awaiting_verdict(member=user))
        return Panel("mapping/reports/panel_awaiting.html", {"awaiting": awaiting}, order=5)
    return None
