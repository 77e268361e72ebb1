"""The world of the mailings' tests: who a mailing reaches, and the network it is sent in."""

from network.selectors.mailings import REASONS, audience
from tests.conftest import make_organisation
from tests.factories.mapping import ContactFactory
from tests.factories.network_members import make_membership, make_theme


def emails_of(mailing):
    return [person.email for person in audience(mailing).recipients]


def excluded(mailing):
    counts = dict(audience(mailing).excluded)
    return {key: counts[label] for key, label in REASONS.items()}


def contact(organisation, email, **fields):
    return ContactFactory(organisation=organisation, email=email, **fields)


def build_network(alice):
    """Alice's café, an active member following "Indkøb" with a contact; a member protected
    against advertising; one that has only applied."""
    indkob = make_theme("Indkøb")
    make_membership(alice.organisation, themes=[indkob])
    contact(alice.organisation, "mette@cafe.dk")
    protected = make_organisation("Beskyttet ApS", advertising_protected=True)
    make_membership(protected)
    contact(protected, "per@beskyttet.dk")
    applicant = make_organisation("Ansøger ApS")
    make_membership(applicant, status="applied")
    contact(applicant, "ansoger@example.dk")
    return {"indkob": indkob, "protected": protected, "applicant": applicant}
