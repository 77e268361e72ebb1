"""Reads of the network's mailings: the list, one mailing, the public archive, and who a
mailing would go to (`audience`), counted before it is sent.

Who a mailing may reach, and why (the legal basis)
---------------------------------------------------
The groups are gathered from what the portal already knows, then every address is written in
lower case and kept once:

- network members: the contacts with an e-mail address at organisations whose membership is
  active, and those organisations' enterprise users (active accounts with an address);
- followers of a theme: the same, for the active members that follow one of the themes;
- participants of an event: the e-mail of each sign-up that still stands (not cancelled, not
  expired, not erased; one never confirmed by its link is no participant either), in a
  mailing that is not marketing only: they were told their address is used for the event;
- stakeholders in a quadrant of the influence/interest grid: the contacts with an e-mail
  address at the organisations assessed in that quadrant;
- municipal staff: active users with the municipal employee role.

Left out, each address counted once under the first reason that applies:

1. unsubscribed: the address has an `OptOut`;
2. protected against advertising (marketing mailings only): anyone at an organisation marked
   reklamebeskyttet in the CVR register (its contacts, its users, its sign-ups), as the
   marketing act requires; a news mail that is not marketing still reaches them;
3. no legal basis: a contact who was erased, who has no stated purpose, or whose legal basis
   is a contract or a legal obligation; an event's participant in a marketing mailing. The
   portal keeps a contact for a stated purpose; a news mail about the programme fits the
   purpose only where the person consented to being kept as the programme's contact, or where
   they are kept for the municipality's public task (the programme's information work, offer
   8.1, is one). Data kept to fulfil a contract or a legal obligation is kept for that alone
   (GDPR art. 5(1)(b), purpose limitation).

An address that is left out for one reason in one group is left out everywhere: "when in
doubt, leave out".
"""

from collections import OrderedDict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from mapping.models import Contact, StakeholderAssessment
from network.models import Mailing, Membership, OptOut, Recipient, SignUp
from portal.access import get_for_user

Quadrant = StakeholderAssessment.Quadrant

# Legal bases under which a contact may be sent the programme's news (see above).
MAILABLE_BASES = (Contact.LegalBasis.CONSENT, Contact.LegalBasis.PUBLIC_TASK)
# Sign-ups that are no (longer) participants.
NOT_PARTICIPANTS = (SignUp.State.CANCELLED, SignUp.State.EXPIRED, SignUp.State.UNCONFIRMED)

OPTED_OUT = "opted_out"
PROTECTED = "advertising_protected"
NO_BASIS = "no_legal_basis"
REASONS = OrderedDict(
    [
        (OPTED_OUT, _("Unsubscribed")),
        (PROTECTED, _("Protected against advertising (reklamebeskyttet)")),
        (NO_BASIS, _("No legal basis for a mailing")),
    ]
)


@dataclass
class Person:
    """One address a mailing would go to: the name to greet, in lower case e-mail."""

    email: str
    name: str = ""


@dataclass
class Audience:
    """Who a mailing would go to (`recipients`, by address), how many each chosen group
    reached before exclusions (`groups`: label, count), and how many were left out and why
    (`excluded`: label, count)."""

    recipients: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    excluded: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.recipients)


@dataclass
class _Candidate:
    email: str
    name: str
    protected: bool = False
    no_basis: bool = False


def _quadrant_q(quadrant):
    high = StakeholderAssessment.HIGH
    influence = Q(organisation__assessment__influence__gte=high)
    interest = Q(organisation__assessment__interest__gte=high)
    return {
        Quadrant.MANAGE_CLOSELY: influence & interest,
        Quadrant.KEEP_SATISFIED: influence & ~interest,
        Quadrant.KEEP_INFORMED: ~influence & interest,
        Quadrant.MONITOR: ~influence & ~interest,
    }[quadrant] & Q(organisation__assessment__isnull=False)


def _contacts(condition):
    """Contacts with an address at the organisations `condition` (on Contact) picks."""
    rows = (
        Contact.objects.filter(condition)
        .exclude(email="")
        .values_list(
            "email",
            "name",
            "organisation__advertising_protected",
            "erased_at",
            "legal_basis",
            "purpose",
        )
        .distinct()
    )
    return [
        _Candidate(
            email=email,
            name=name,
            protected=protected,
            no_basis=erased is not None or not purpose.strip() or basis not in MAILABLE_BASES,
        )
        for email, name, protected, erased, basis, purpose in rows
    ]


def _users(condition):
    user_model = get_user_model()
    rows = (
        user_model.objects.filter(condition, is_active=True)
        .exclude(email="")
        .values_list("email", "first_name", "last_name", "organisations__advertising_protected")
        .distinct()
    )
    return [
        _Candidate(email=email, name=f"{first} {last}".strip(), protected=bool(protected))
        for email, first, last, protected in rows
    ]


def _members(membership_q):
    """The contacts and enterprise users of the memberships `membership_q` (on Membership)
    picks among the active ones."""
    user_model = get_user_model()
    active = Q(status__in=Membership.MEMBER_STATUSES) & membership_q
    organisations = Membership.objects.filter(active).values("organisation")
    return _contacts(Q(organisation__in=organisations)) + _users(
        Q(organisations__in=organisations) & user_model.role_q(user_model.Role.ENTERPRISE)
    )


def _participants(events, *, marketing):
    """The events' participants; for a marketing mailing they have no legal basis (they gave
    their address for the event alone)."""
    rows = (
        SignUp.objects.filter(event__in=events, erased_at__isnull=True)
        .exclude(state__in=NOT_PARTICIPANTS)
        .exclude(email="")
        .values_list("email", "name", "organisation__advertising_protected")
    )
    return [
        _Candidate(email=email, name=name, protected=bool(protected), no_basis=marketing)
        for email, name, protected in rows
    ]


def _groups(mailing):
    """[(label, candidates)] for each group the mailing chose."""
    groups = []
    if mailing.to_members:
        groups.append((_("Network members"), _members(Q())))
    themes = list(mailing.themes.all())
    if themes:
        label = _("Members following %(themes)s") % {
            "themes": ", ".join(theme.name for theme in themes)
        }
        groups.append((label, _members(Q(themes__in=themes))))
    events = list(mailing.events.all())
    if events:
        label = _("Participants of %(events)s") % {
            "events": ", ".join(event.title for event in events)
        }
        groups.append((label, _participants(events, marketing=mailing.is_marketing)))
    quadrants = [Quadrant(value) for value in mailing.quadrants if value in Quadrant.values]
    if quadrants:
        condition = Q()
        for quadrant in quadrants:
            condition |= _quadrant_q(quadrant)
        label = _("Stakeholders: %(quadrants)s") % {
            "quadrants": ", ".join(str(quadrant.label) for quadrant in quadrants)
        }
        groups.append((label, _contacts(condition)))
    if mailing.to_municipal_staff:
        user_model = get_user_model()
        staff = user_model.role_q(user_model.Role.MUNICIPAL_EMPLOYEE)
        groups.append((_("Municipal staff"), _users(staff)))
    return groups


def has_groups(mailing):
    return bool(
        mailing.to_members
        or mailing.to_municipal_staff
        or mailing.quadrants
        or mailing.themes.exists()
        or mailing.events.exists()
    )


def audience(mailing):
    """Who `mailing` would go to now, and who is left out and why (see the module's text).
    A fixed number of queries, however many people."""
    groups = _groups(mailing)
    people = {}
    reasons = {}
    group_counts = []
    for label, candidates in groups:
        group_counts.append((label, len({c.email.lower() for c in candidates})))
        for candidate in candidates:
            email = candidate.email.strip().lower()
            people.setdefault(email, candidate.name)
            found = reasons.setdefault(email, set())
            if candidate.protected and mailing.is_marketing:
                found.add(PROTECTED)
            if candidate.no_basis:
                found.add(NO_BASIS)
    opted_out = set(OptOut.objects.filter(email__in=list(people)).values_list("email", flat=True))
    counts = dict.fromkeys(REASONS, 0)
    recipients = []
    for email in sorted(people):
        found = reasons[email] | ({OPTED_OUT} if email in opted_out else set())
        reason = next((key for key in REASONS if key in found), None)
        if reason is None:
            recipients.append(Person(email=email, name=people[email]))
        else:
            counts[reason] += 1
    return Audience(
        recipients=recipients,
        groups=group_counts,
        excluded=[(REASONS[key], counts[key]) for key in REASONS],
    )


def mailing_list(*, user):
    """Every mailing, newest first, with its count of recipients, for the programme's staff."""
    if not user.is_programme_staff:
        return []
    return list(
        Mailing.objects.select_related("created_by", "sent_by")
        .annotate(recipient_count=Count("recipients"))
        .order_by("-created_at", "-pk")
    )


def mailing_get_for_user(*, user, pk, for_change=False):
    """A mailing, for the programme's staff; written and sent by the project leader only."""
    visible = Mailing.objects.all() if user.is_programme_staff else Mailing.objects.none()
    return get_for_user(
        visible.select_related("created_by", "sent_by").prefetch_related("themes", "events"),
        pk=pk,
        for_change=for_change,
        may_change=lambda _mailing: user.is_project_leader,
    )


PUBLISHED = (Mailing.State.SENDING, Mailing.State.SENT)


def news_get_for_user(*, user, pk):
    """A mailing as a web page: news mails are public once sent (or being sent, as the link in
    the mail is followed at once); a draft is 404 for anyone but the programme's staff."""
    visible = Mailing.objects.filter(state__in=PUBLISHED)
    if user.is_authenticated and user.is_programme_staff:
        visible = Mailing.objects.all()
    return get_for_user(visible, pk=pk)


def news_archive():
    return list(Mailing.objects.filter(state__in=PUBLISHED).order_by("-sent_at", "-pk"))


def recipients_of(mailing):
    """The frozen recipients with their delivery's status, and the totals by status."""
    recipients = list(
        Recipient.objects.filter(mailing=mailing).select_related("delivery").order_by("email")
    )
    totals = {}
    for recipient in recipients:
        status = recipient.delivery.status if recipient.delivery else "pending"
        totals[status] = totals.get(status, 0) + 1
    return recipients, totals
