"""Who the steering group is, in one place.

Two things describe the steering group: user accounts with the role STEERING_GROUP (they log
in, read what is submitted to them, comment and give verdicts), and the programme's
`SteeringGroupMember` rows (name, organisation, role in the group, and whether the person is
still `active`). A person who has left the group keeps their account row for the record, and
the programme marks their member row inactive; from then on they review nothing.

Everything that counts or e-mails the steering group (the interim report's review, the
strategy's review) asks `reviewers()`, so the two descriptions never disagree.

What is sent to the steering group (a report version, a strategy version, a meeting's
agenda) reaches every active member: `recipients()` says beforehand who gets a link, who an
invitation to an account with it, and who cannot be reached and why; `reach()` opens the
missing accounts when it is sent.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portal import deliveries, emails
from portal.models import SteeringGroupMember, User
from portal.people.services import invitation_context, steering_account_open


def reviewers():
    """The people who review what is submitted to the steering group: active users with the
    role STEERING_GROUP, except those whose linked member row is inactive. A user without a
    member row counts (a portal that keeps no member rows works as before). Who of them a
    send can reach, and how, is `recipients()`."""
    user_model = get_user_model()
    users = (
        user_model.objects.with_role(user_model.Role.STEERING_GROUP)
        .filter(is_active=True)
        .exclude(steering_membership__active=False)
    )
    return users.order_by("first_name", "last_name", "username")


def is_reviewer(user):
    """Whether `user` is one of `reviewers()`."""
    return bool(
        user.is_authenticated and user.is_steering_group and reviewers().filter(pk=user.pk).exists()
    )


# --- Who a send reaches ------------------------------------------------------------------


class Reach(models.TextChoices):
    """How something sent to the steering group reaches one member."""

    LINK = "link", gettext_lazy("Gets an e-mail with the link (has a login)")
    INVITATION = (
        "invitation",
        gettext_lazy(
            "Gets an e-mail with the link and an invitation to choose a password (no login yet)"
        ),
    )
    UNREACHABLE = "unreachable", gettext_lazy("Cannot be reached")


# Roles whose account may read what is sent to the steering group.
READING_ROLES = (User.Role.STEERING_GROUP, User.Role.PROJECT_LEADER, User.Role.CONSULTANT)


@dataclass
class Recipient:
    """One person in the steering group and how a send reaches them. `member` is their row
    in the programme's member list (None for an account without one); `user` their account
    (None until `reach` opens one); `invitation` the set-password link's context, filled
    in by `reach` for those who get one."""

    name: str
    email: str
    reach: str
    reason: str = ""
    member: SteeringGroupMember | None = None
    user: User | None = None
    invitation: dict = field(default_factory=dict)

    @property
    def reach_label(self):
        return Reach(self.reach).label

    @property
    def reachable(self):
        return self.reach != Reach.UNREACHABLE

    @property
    def language(self):
        return (self.user.language if self.user else "") or settings.LANGUAGE_CODE


def _of_account(user, *, name, email, member=None):
    """How a member with the account `user` is reached."""
    if not user.is_active:
        return Recipient(
            name, email, Reach.UNREACHABLE, _("Their account is deactivated."), member, user
        )
    if not user.has_role(*READING_ROLES):
        return Recipient(
            name,
            email,
            Reach.UNREACHABLE,
            _("None of their account's roles (%(roles)s) can read it.")
            % {"roles": user.roles_display or "–"},
            member,
            user,
        )
    # The member list's address is the one the programme keeps up to date; the login's is
    # for members without a row there.
    email = email or user.email
    if not email:
        return Recipient(name, "", Reach.UNREACHABLE, _("No e-mail address."), member, user)
    reach = Reach.LINK if user.has_usable_password() else Reach.INVITATION
    return Recipient(name, email, reach, "", member, user)


def _of_member(member, accounts):
    name, email = member.name, member.email.strip()
    if member.user_id is not None:
        return _of_account(member.user, name=name, email=email, member=member)
    if not email:
        return Recipient(name, "", Reach.UNREACHABLE, _("No e-mail address."), member)
    user = accounts.get(email.lower())
    if user is None:
        return Recipient(name, email, Reach.INVITATION, "", member)
    if hasattr(user, "steering_membership"):
        return Recipient(
            name,
            email,
            Reach.UNREACHABLE,
            _("Another member's account has this e-mail address."),
            member,
        )
    # An account with the member's address that is not linked yet: `reach` links it.
    return _of_account(user, name=name, email=email, member=member)


def recipients(*, members_only=False):
    """Everyone something sent to the steering group goes to, and how it reaches them
    (`Reach`), before anything is sent: the active members of the programme's member list,
    then (unless `members_only`) the steering group's accounts that have no member row.
    Nobody is left out: who cannot be reached is listed with the reason."""
    members = list(
        SteeringGroupMember.objects.filter(active=True)
        .select_related("user__steering_membership")
        .order_by("name", "pk")
    )
    addresses = [member.email.strip().lower() for member in members if member.email.strip()]
    accounts = {
        user.email.lower(): user
        for user in User.objects.annotate(address=Lower("email"))
        .filter(address__in=addresses)
        .select_related("steering_membership")
    }
    rows = [_of_member(member, accounts) for member in members]
    if not members_only:
        # Not the accounts a member row above is about to be linked to (found by address).
        taken = {row.user.pk for row in rows if row.user is not None}
        for user in reviewers().filter(steering_membership__isnull=True).exclude(pk__in=taken):
            rows.append(_of_account(user, name=str(user), email=user.email))
    return rows


def reach(*, by, request=None, members_only=False):
    """`recipients()` made ready to send to, inside the sending's transaction: a member
    without an account gets one with the steering group's role (and no password yet), an
    account with the member's address is linked to them, and everyone who has not chosen a
    password gets the invitation's context (a set-password link) for their e-mail."""
    rows = recipients(members_only=members_only)
    for row in rows:
        if not row.reachable:
            continue
        if row.user is None:
            try:
                row.user = steering_account_open(name=row.name, email=row.email, by=by)
            except ValidationError as error:
                # Opened a moment ago by another send to the group (its transaction won the
                # unique address): that account is the member's.
                row.user = (
                    User.objects.with_role(User.Role.STEERING_GROUP)
                    .filter(email__iexact=row.email, is_active=True)
                    .first()
                )
                if row.user is None:
                    row.reach, row.reason = Reach.UNREACHABLE, " ".join(error.messages)
                    continue
        # Linked as the member form links: only a steering group account (a consultant who
        # sits in the group reads with their own login, unlinked).
        if row.member is not None and row.member.user_id is None and row.user.is_steering_group:
            row.member.user = row.user
            row.member.save(update_fields=["user"])
        if row.reach == Reach.INVITATION:
            row.invitation = invitation_context(person=row.user, request=request)
    return rows


def mail_submitted(*, template, version, recipients, context, by):
    """E-mail every reachable member of `recipients` (from `reach()`) the news that
    `version` (of the interim report or a strategy) was submitted: `template` rendered with
    `context`, their account as `member` and their invitation to choose a password, in
    their language. Once to each member per version, however often it is called; sent
    together once the submission commits (`emails.send_to_each`). Returns the Outcome."""
    return emails.send_to_each(
        [row for row in recipients if row.reachable],
        template=template,
        letter=lambda row: emails.Letter(
            to=row.email,
            context={**context, "member": row.user, "invitation": row.invitation},
            language=row.language,
            recipient_user=row.user,
            key=f"{template}:{version.pk}:{row.user.pk}",
        ),
        about=version,
        by=by,
    )


def tell_reach(request, recipients, *, sent):
    """Say after a send who was invited to an account with it, and name everyone it could
    not reach with the reason: nobody is left out in silence. `sent` is whether the
    e-mails went out at all (a submission without e-mails says nothing about them)."""
    invited = [row for row in recipients if row.reach == Reach.INVITATION]
    if sent and invited:
        messages.info(
            request,
            ngettext(
                "%(count)s member without a login was invited to choose a password: %(names)s.",
                "%(count)s members without a login were invited to choose a password: %(names)s.",
                len(invited),
            )
            % {"count": len(invited), "names": ", ".join(row.name for row in invited)},
        )
    unreachable = [row for row in recipients if not row.reachable]
    if unreachable:
        messages.warning(
            request,
            _("Not reached (tell them yourself, or correct the member list): %(names)s")
            % {"names": "; ".join(f"{row.name}: {row.reason}" for row in unreachable)},
        )


def tell_submitted(request, version, recipients, outcome):
    """The messages after a version (of the interim report or a strategy) was submitted:
    how many e-mails went out, who was invited, who was not reached, what failed."""
    number = {"number": version.number}
    if outcome.sent:
        # Counted from what really went out, not from whom it was meant for.
        messages.success(
            request,
            ngettext(
                "Version %(number)s was submitted; %(count)s steering group member was "
                "e-mailed a link.",
                "Version %(number)s was submitted; %(count)s steering group members were "
                "e-mailed a link.",
                len(outcome.sent),
            )
            % {**number, "count": len(outcome.sent)},
        )
    elif any(row.reachable for row in recipients):
        messages.success(request, _("Version %(number)s was submitted.") % number)
    else:
        messages.warning(
            request,
            _(
                "Version %(number)s was submitted, but no steering group member has an "
                "e-mail address: tell them yourself."
            )
            % number,
        )
    tell_reach(request, recipients, sent=True)
    deliveries.flash_outcome(request, outcome)
