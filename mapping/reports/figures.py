"""The interim report's data, read once from the live mapping, and its key figures.

Everything the report shows is read here in a fixed number of queries, whatever the number
of rows, and the key figures are computed from the same rows that the report prints: the
figures stored with a frozen version are the figures in its PDF.

Only approved organisations count: a registration awaiting moderation is not yet part of
the mapping, and a rejected one never is.

The key figures are a flat dict of plain ints, JSON-serialisable, with stable keys. A key is
either one of FIGURE_LABELS, or a group of FIGURE_LABELS and a member joined by a dot:
`stakeholders_by_sector.public`, `existing_by_area.Vojens`. Members of a group are the values
of the model's choices (all of them, zeros included), except the local areas, whose members
are the areas' names (the areas are a table that changes) and `_none` for enterprises without
one. `figure_rows()` turns one or more such dicts into labelled rows, side by side.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapping.models import (
    Case,
    CaseEffect,
    Feedback,
    InterplayIdea,
    LocalArea,
    Meeting,
    Organisation,
    Potential,
    PurposeArea,
    StakeholderAssessment,
    TargetGroup,
)
from mapping.selectors.meetings import feedback_by_theme
from portal.collation import danish_order, sort_key

Status = Organisation.SocialEconomyStatus
Quadrant = StakeholderAssessment.Quadrant

NO_AREA = "_none"

FIGURE_LABELS = {
    "enterprises_existing": _("Existing social-economy enterprises"),
    "enterprises_potential": _("Potential social-economy enterprises"),
    "enterprises_rsv": _("Registered social-economy enterprises (RSV)"),
    "existing_by_area": _("Existing enterprises by local area"),
    "potential_by_area": _("Potential enterprises by local area"),
    "enterprises_by_purpose": _("Existing and potential enterprises by purpose area"),
    "employees": _("Employees in the enterprises"),
    "employees_flexjob": _("Employees in flexible jobs"),
    "employees_edge": _("Employees on the edge of the labour market"),
    "stakeholders": _("Stakeholders (approved organisations of every sector)"),
    "stakeholders_by_sector": _("Stakeholders by sector"),
    "stakeholders_assessed": _("Stakeholders placed in the analysis grid"),
    "stakeholders_by_quadrant": _("Stakeholders by quadrant of the grid"),
    "cases_published": _("Published local cases"),
    "feedback": _("Feedback heard"),
    "feedback_by_theme": _("Feedback by theme"),
    "meetings_held": _("Mapping meetings held"),
    "meetings_by_kind": _("Mapping meetings held by kind"),
    "ideas": _("Ideas for interplay with municipal services"),
    "ideas_by_state": _("Ideas for interplay by state"),
    "potentials": _("Potential enterprises and ideas placed on the path"),
    "potentials_by_stage": _("Potentials by stage"),
}

# The members of each group with fixed members, in the order they are shown.
GROUP_CHOICES = {
    "enterprises_by_purpose": PurposeArea.Code,
    "stakeholders_by_sector": Organisation.Sector,
    "stakeholders_by_quadrant": Quadrant,
    "feedback_by_theme": Feedback.Theme,
    "meetings_by_kind": Meeting.Kind,
    "ideas_by_state": InterplayIdea.State,
    "potentials_by_stage": Potential.Stage,
}
AREA_GROUPS = ("existing_by_area", "potential_by_area")


@dataclass
class ReportData:
    """What the interim report shows, read from the live mapping at `now`."""

    now: object
    areas: list = field(default_factory=list)
    enterprises: list = field(default_factory=list)
    sector_counts: dict = field(default_factory=dict)
    assessments: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    feedback_themes: list = field(default_factory=list)
    meeting_counts: dict = field(default_factory=dict)
    ideas: list = field(default_factory=list)
    potentials: list = field(default_factory=list)

    @property
    def existing(self):
        return [o for o in self.enterprises if o.se_status == Status.EXISTING]

    @property
    def potential(self):
        return [o for o in self.enterprises if o.se_status == Status.POTENTIAL]


def collect(*, now=None):
    """Read everything the report shows: 14 queries, whatever the number of rows."""
    now = now or timezone.now()
    approved = Organisation.objects.approved()
    data = ReportData(now=now)
    data.areas = list(LocalArea.objects.order_by("position", "name"))
    data.enterprises = list(
        approved.social_economy()
        .select_related("area")
        .prefetch_related(Prefetch("purpose_areas", queryset=PurposeArea.objects.order_by("id")))
        .order_by(danish_order("name"), "pk")
    )
    data.sector_counts = dict(
        approved.values_list("sector").annotate(n=Count("pk")).order_by("sector")
    )
    data.assessments = list(
        StakeholderAssessment.objects.filter(
            organisation__moderation_state=Organisation.Moderation.APPROVED
        )
        .select_related("organisation")
        .order_by(danish_order("organisation__name"), "pk")
    )
    data.cases = list(
        Case.objects.published()
        .select_related("organisation")
        .prefetch_related(
            Prefetch("effects", queryset=CaseEffect.objects.order_by("period_start", "pk")),
            Prefetch("purpose_areas", queryset=PurposeArea.objects.order_by("id")),
            Prefetch("target_groups", queryset=TargetGroup.objects.order_by("name")),
        )
        .order_by("-created_at", "-pk")
    )
    data.feedback_themes = feedback_by_theme()
    data.meeting_counts = dict(
        Meeting.objects.filter(ends_at__lte=now)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
    )
    data.ideas = list(
        InterplayIdea.objects.filter(
            organisation__moderation_state=Organisation.Moderation.APPROVED
        )
        .select_related("organisation", "department")
        .order_by(danish_order("organisation__name"), "pk")
    )
    data.potentials = list(
        Potential.objects.filter(organisation__moderation_state=Organisation.Moderation.APPROVED)
        .select_related("organisation__area")
        .order_by(danish_order("organisation__name"), "pk")
    )
    return data


def _area_key(organisation):
    return organisation.area.name if organisation.area_id else NO_AREA


def figures_of(data):
    """The key figures of `data` (see the module's docstring for the keys)."""
    existing, potential = data.existing, data.potential
    figures = {
        "enterprises_existing": len(existing),
        "enterprises_potential": len(potential),
        "enterprises_rsv": sum(1 for o in data.enterprises if o.rsv_registered),
    }
    for group, members in (("existing_by_area", existing), ("potential_by_area", potential)):
        counts = {area.name: 0 for area in data.areas}
        for organisation in members:
            key = _area_key(organisation)
            counts[key] = counts.get(key, 0) + 1
        for name, count in counts.items():
            figures[f"{group}.{name}"] = count
    by_purpose = dict.fromkeys(PurposeArea.Code.values, 0)
    for organisation in data.enterprises:
        for purpose in organisation.purpose_areas.all():
            by_purpose[purpose.code] = by_purpose.get(purpose.code, 0) + 1
    figures |= _group("enterprises_by_purpose", by_purpose)
    for key in ("employees", "employees_flexjob", "employees_edge"):
        figures[key] = sum(getattr(o, key) or 0 for o in data.enterprises)

    figures["stakeholders"] = sum(data.sector_counts.values())
    figures |= _group("stakeholders_by_sector", data.sector_counts)
    figures["stakeholders_assessed"] = len(data.assessments)
    figures |= _group("stakeholders_by_quadrant", _count(a.quadrant for a in data.assessments))

    figures["cases_published"] = len(data.cases)
    figures["feedback"] = sum(theme["count"] for theme in data.feedback_themes)
    figures |= _group(
        "feedback_by_theme", {theme["theme"]: theme["count"] for theme in data.feedback_themes}
    )
    figures["meetings_held"] = sum(data.meeting_counts.values())
    figures |= _group("meetings_by_kind", data.meeting_counts)
    figures["ideas"] = len(data.ideas)
    figures |= _group("ideas_by_state", _count(idea.state for idea in data.ideas))
    figures["potentials"] = len(data.potentials)
    figures |= _group("potentials_by_stage", _count(p.stage for p in data.potentials))
    return figures


def _count(values):
    counts = {}
    for value in values:
        counts[str(value)] = counts.get(str(value), 0) + 1
    return counts


def _group(group, counts):
    """Every member of a fixed group, in the choices' order, zeros included."""
    return {
        f"{group}.{member}": int(counts.get(member, 0)) for member in GROUP_CHOICES[group].values
    }


def interim_figures():
    """The interim report's key figures, computed from the live mapping now."""
    return figures_of(collect())


# Reading the figures: labels, and two or more versions side by side


def member_label(group, member):
    if group in AREA_GROUPS:
        return _("No local area") if member == NO_AREA else member
    choices = GROUP_CHOICES.get(group)
    if choices is not None and member in choices.values:
        return choices(member).label
    return member


def figure_label(key):
    """The label of a figure's key, in the active language; unknown keys are shown as is."""
    if key in FIGURE_LABELS:
        return str(FIGURE_LABELS[key])
    group, _dot, member = key.partition(".")
    if group in FIGURE_LABELS and member:
        return str(member_label(group, member))
    return key


def _member_order(group, members):
    choices = GROUP_CHOICES.get(group)
    if choices is not None:
        order = list(choices.values)
        return sorted(
            members, key=lambda m: (m not in order, order.index(m) if m in order else 0, m)
        )
    # Local areas: by name in Danish order, "no local area" last.
    return sorted(members, key=lambda m: (m == NO_AREA, sort_key(m)))


def figure_rows(*versions):
    """Rows to show one or more figure dicts side by side, in a stable order.

    Each row: {"key", "label", "group" (True for a group's heading, whose values are None),
    "member" (True for a member of a group), "values" (one per dict; None where a dict lacks
    the key, e.g. an area added later), "changed" (the values differ)}. Keys that no version
    holds are left out, as are groups none of whose members any version holds.
    """
    present = set()
    for figures in versions:
        present.update(figures)
    rows = []

    def row(key, label, *, group=False, member=False):
        values = [None] * len(versions) if group else [f.get(key) for f in versions]
        changed = not group and len(set(values)) > 1
        rows.append(
            {
                "key": key,
                "label": label,
                "group": group,
                "member": member,
                "values": values,
                "changed": changed,
            }
        )

    known = set()
    for key, label in FIGURE_LABELS.items():
        members = [k.partition(".")[2] for k in present if k.startswith(f"{key}.")]
        if members:
            row(key, str(label), group=True)
            for member in _member_order(key, members):
                full = f"{key}.{member}"
                known.add(full)
                row(full, str(member_label(key, member)), member=True)
        elif key in present:
            known.add(key)
            row(key, str(label))
    for key in sorted(present - known):  # written by a later version of this module
        row(key, key)
    return rows
