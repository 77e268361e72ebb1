"""What the network adds to the portal's navigation and dashboard, per role."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from network.selectors import dashboard as selectors
from portal.registry import NavItem, Panel

MENU_ORDER = 50


# The staff's "Netværk" menu, in order.
STAFF_LINKS = (
    (gettext_lazy("Events and sign-ups"), "network:event-list-staff"),
    (gettext_lazy("Network applications"), "network:members-staff"),
    (gettext_lazy("Mailings"), "network:mailings"),
    (gettext_lazy("Departments and contact persons"), "network:departments"),
    (gettext_lazy("Where training has reached"), "network:training-reach"),
)


def _staff_menu():
    children = [NavItem(str(label), reverse(name)) for label, name in STAFF_LINKS]
    return NavItem(_("Network"), children=tuple(children), order=MENU_ORDER)


def nav(request):
    user = request.user
    items = []
    if user.is_authenticated and user.is_programme_staff:
        items.append(_staff_menu())
    if user.is_authenticated and user.is_municipal_employee and not user.is_programme_staff:
        items.append(
            NavItem(
                _("Ask about social economy"),
                reverse("network:contacts-for-staff"),
                order=MENU_ORDER,
            )
        )
    if not (user.is_authenticated and user.is_programme_staff):
        # Staff reach the events from their own menu: the bar keeps to one line.
        items.append(NavItem(_("Events"), reverse("network:events")))
    return items


def panels(request):
    user = request.user
    if not user.is_authenticated:
        return []
    result = []
    if user.is_programme_staff:
        result.append(
            Panel(
                "network/dashboard/panel_events_staff.html",
                {
                    "events": selectors.coming_events_with_seats(),
                    "applications": selectors.applications_waiting_count(),
                },
                order=25,
            )
        )
    if user.is_enterprise_user:
        result.append(
            Panel(
                "network/dashboard/panel_enterprise.html",
                {
                    "signups": selectors.coming_signups_of_user(user=user),
                    "organisations": selectors.memberships_of_user(user=user),
                },
                order=15,
            )
        )
    if user.is_municipal_employee:
        result.append(
            Panel(
                "network/dashboard/panel_municipal.html",
                {
                    "trainings": selectors.coming_trainings(),
                    "signups": selectors.coming_signups_of_user(user=user),
                },
                order=15,
            )
        )
    return result
