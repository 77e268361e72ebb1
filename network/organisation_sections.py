"""What the network adds to an organisation's page (`portal.registry`): its membership, since
when, the themes it follows, and a link to the membership's page with its history."""

from network.selectors import members as selectors
from portal.registry import OrganisationSection

# After the mapping's own sections (stakeholders 10, cases 20, meetings 30).
ORDER = 40


def organisation_sections(request, organisation):
    """For the programme's staff, and for the organisation's own enterprise users (who may
    see its page): the membership, or that there is none."""
    user = request.user
    if not user.is_authenticated:
        return []
    own = user.is_enterprise_user and organisation.users.filter(pk=user.pk).exists()
    if not (user.is_programme_staff or own):
        return []
    membership = selectors.membership_of(organisation)
    context = {
        "organisation": organisation,
        "membership": membership,
        "themes": list(membership.themes.all()) if membership else [],
        "may_apply": own
        and membership is None
        and organisation.moderation_state == organisation.Moderation.APPROVED,
    }
    return [OrganisationSection("network/members/organisation_section.html", context, ORDER)]
