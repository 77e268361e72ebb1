"""How the apps above `portal` contribute to it: navigation, dashboard panels, agenda
subjects, personal data providers and sections of an organisation's page.

`portal` imports none of them: each app registers small functions (or, for personal data,
a provider object) here from its `AppConfig.ready()`, and the portal calls them.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class NavItem:
    """A link in the header; with `children` it opens a menu of links instead."""

    label: str
    url: str = ""
    badge: int | None = None
    badge_label: str = ""
    children: tuple["NavItem", ...] = ()
    # Working menus first (low numbers), the public links after them.
    order: int = 100
    # In the person's own menu (under their name, beside "Change password") instead of the
    # bar: for what is theirs alone, such as their tasks, so the bar keeps to one line.
    personal: bool = False


@dataclass(frozen=True)
class Panel:
    """A block on the dashboard: a template and its context, rendered by the portal."""

    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


_nav_providers = []
_panel_providers = []


def register_nav(provider):
    """`provider(request)` returns the NavItems this user should see (maybe none)."""
    if provider not in _nav_providers:
        _nav_providers.append(provider)
    return provider


def register_panels(provider):
    """`provider(request)` returns the dashboard Panels this user should see (maybe none)."""
    if provider not in _panel_providers:
        _panel_providers.append(provider)
    return provider


def nav_items(request):
    """Every NavItem this person sees, the bar's and their own menu's, in order."""
    items = [item for provider in _nav_providers for item in provider(request)]
    return sorted(items, key=lambda item: item.order)


def dashboard_panels(request):
    panels = [panel for provider in _panel_providers for panel in provider(request)]
    return sorted(panels, key=lambda panel: panel.order)


_agenda_subject_providers = []


def register_agenda_subjects(provider):
    """`provider(user)` returns `(group label, objects)` pairs that a steering group agenda
    item may point at (an interim-report version, a strategy draft). Each object needs
    `__str__` and `get_absolute_url()`."""
    if provider not in _agenda_subject_providers:
        _agenda_subject_providers.append(provider)
    return provider


def agenda_subjects(user):
    return [group for provider in _agenda_subject_providers for group in provider(user)]


_personal_data_providers = []


def register_personal_data(provider):
    """`provider` is a `portal.privacy.PersonalDataProvider`: the models and fields an app
    keeps about a person, `places()` (its free text that may name them), `export(person)`
    (the `Section`s of the person's export) and `erase(person, by=, marker=)`."""
    if provider not in _personal_data_providers:
        _personal_data_providers.append(provider)
    return provider


def personal_data_providers():
    return list(_personal_data_providers)


def personal_data_places():
    """Every provider's places of free text that may name a person."""
    return [place for provider in _personal_data_providers for place in provider.places()]


@dataclass(frozen=True)
class OrganisationSection:
    """A block on an organisation's page (the staff detail): a template and its context,
    shown in `order` (low first)."""

    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


_organisation_section_providers = []


def register_organisation_sections(provider):
    """`provider(request, organisation)` returns the `OrganisationSection`s this user may see
    on the organisation's page (maybe none); everything they show is evaluated in it."""
    if provider not in _organisation_section_providers:
        _organisation_section_providers.append(provider)
    return provider


def organisation_sections(request, organisation):
    sections = [
        section
        for provider in _organisation_section_providers
        for section in provider(request, organisation)
    ]
    return sorted(sections, key=lambda section: section.order)


@dataclass(frozen=True)
class HomeSection:
    """A block on the public home page (coming events, an open call): a template and its
    context, shown in `order` (low first)."""

    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


_home_section_providers = []


def register_home_sections(provider):
    """`provider(request)` returns the `HomeSection`s of the public home page (maybe none);
    everything they show is evaluated in it, so the page's template runs no query."""
    if provider not in _home_section_providers:
        _home_section_providers.append(provider)
    return provider


def home_sections(request):
    sections = [section for provider in _home_section_providers for section in provider(request)]
    return sorted(sections, key=lambda section: section.order)
