"""What the portal itself keeps about a person: their log-in account, its access history, the
e-mail sent to them, their seat in the steering group, and the admin's log (see
`portal.privacy`). Registered in `PortalConfig.ready()`."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.i18n import stored_text
from portal.models import Delivery, Job, RoleChange, SteeringGroupMember, User, UserRole
from portal.personal_data import AdminLogPlace, DeliveryPlace
from portal.privacy import (
    ERASED_NAME,
    ERASED_REASON,
    Column,
    PersonalDataProvider,
    Section,
    when,
)

CONTRACT = _("Contract (GDPR art. 6(1)(b))")
PUBLIC_TASK = _("Public task (GDPR art. 6(1)(e))")
# What an erased account's user name becomes: unique, and no name in it.
ERASED_USERNAME = "erased-{pk}"


class AccountsProvider(PersonalDataProvider):
    covers = {
        User: ("username", "first_name", "last_name", "email"),
        RoleChange: ("person",),
        # The roles a person holds: exported with the account, deleted with it.
        UserRole: ("user",),
        Delivery: ("recipient", "recipient_user", "last_error"),
        SteeringGroupMember: ("name", "organisation", "email", "user"),
    }
    attributions = {RoleChange: ("by",), UserRole: ("granted_by",), Job: ("created_by",)}
    not_personal = {
        Job: {"error": _("What went wrong in a background job, in the portal's own words.")},
    }

    def places(self):
        return [AdminLogPlace(), DeliveryPlace()]

    def export(self, person):
        return [
            self._accounts(person),
            self._role_changes(person),
            self._deliveries(person),
            self._steering(person),
        ]

    def _accounts(self, person):
        accounts = sorted(person.users, key=lambda account: account.pk)
        return Section(
            key="user_accounts",
            order=20,
            title=_("User accounts"),
            purpose=_("Logging in to the portal, and the e-mail it sends the person."),
            legal_basis=PUBLIC_TASK,
            retention=_("While the account is in use; the project leader closes it."),
            erasure=_(
                "Only when the erasure includes the account: the name and e-mail address "
                "are removed and the account is closed for good."
            ),
            columns=(
                Column("username", _("User name")),
                Column("name", _("Name")),
                Column("email", _("E-mail")),
                Column("role", _("Role")),
                Column("active", _("Active")),
                Column("last_login_at", _("Last login")),
            ),
            rows=[
                {
                    "username": account.username,
                    "name": account.get_full_name(),
                    "email": account.email,
                    "role": str(account.roles_display),
                    "active": account.is_active,
                    "last_login_at": account.last_login,
                }
                for account in accounts
            ],
            data=[
                {
                    "username": account.username,
                    "email": account.email,
                    "first_name": account.first_name,
                    "last_name": account.last_name,
                    "role": str(account.roles_display),
                    "active": account.is_active,
                    "joined_at": when(account.date_joined),
                    "last_login_at": when(account.last_login),
                }
                for account in accounts
            ],
            empty=_("No user account has this e-mail address."),
        )

    def _role_changes(self, person):
        changes = RoleChange.objects.filter(person__in=person.users).select_related("by")
        return Section(
            key="role_changes",
            title=_("Changes to the account's access"),
            purpose=_("A record of who gave whom access to what, for the portal's security."),
            legal_basis=PUBLIC_TASK,
            retention=_("As long as the account's rows exist."),
            erasure=_("Kept, under the account without its name."),
            kept=_(
                "Who had access to what, and who gave it, is the municipality's security "
                "record (GDPR art. 32): it stays, without the person's name."
            ),
            columns=(
                Column("at", _("When")),
                Column("change", _("Change")),
                Column("role", _("Role")),
                Column("detail", _("What changed")),
                Column("by", _("By")),
            ),
            rows=[
                {
                    "at": change.at,
                    "change": change.get_kind_display(),
                    "role": change.get_role_display(),
                    "detail": change.detail,
                    "by": str(change.by) if change.by else None,
                }
                for change in changes
            ],
        )

    def _deliveries(self, person):
        return Section(
            key="emails",
            title=_("E-mail sent to the person"),
            purpose=_(
                "Invitations, agendas and notices the portal sent, and whether they arrived."
            ),
            legal_basis=PUBLIC_TASK,
            retention=_("The message itself only until it is sent; the record of it after."),
            erasure=_(
                "A message not yet sent is deleted; a sent one keeps its record without "
                "the address, and with the name scrubbed from its subject."
            ),
            columns=(
                Column("created_at", _("Created")),
                Column("subject", _("Subject")),
                Column("recipient", _("To")),
                Column("status", _("Status")),
                Column("sent_at", _("Sent")),
            ),
            rows=[
                {
                    "created_at": delivery.created_at,
                    "subject": delivery.subject,
                    "recipient": delivery.recipient,
                    "status": delivery.get_status_display(),
                    "sent_at": delivery.sent_at,
                }
                for delivery in deliveries_to(person)
            ],
        )

    def _steering(self, person):
        return Section(
            key="steering_group",
            title=_("Steering group membership"),
            purpose=_("Who sits in the steering group, to send them agendas and reviews."),
            legal_basis=PUBLIC_TASK,
            retention=_("While the programme runs; former members are kept with their decisions."),
            erasure=_(
                "The name, organisation and e-mail address are removed; the seat stays as "
                "a former member, so the group's decisions keep their count."
            ),
            columns=(
                Column("name", _("Name")),
                Column("organisation", _("Organisation")),
                Column("group_role", _("Role in the group")),
                Column("email", _("E-mail")),
                Column("active", _("Active")),
            ),
            rows=[
                {
                    "name": member.name,
                    "organisation": member.organisation,
                    "group_role": member.get_group_role_display(),
                    "email": member.email,
                    "active": member.active,
                }
                for member in steering_members(person)
            ],
        )

    def erase(self, person, *, by, marker):
        members = list(steering_members(person))
        super().erase(person, by=by, marker=marker)
        for member in members:
            member.name = stored_text(ERASED_NAME)
            member.organisation = ""
            member.email = ""
            member.user = None
            member.active = False
            # The e-mail address is required of a member who is still to be reached.
            member.full_clean(exclude=["email", "organisation"])
            member.save()
        for account in person.users:
            account_erase(account=account, by=by)


def deliveries_to(person):
    """Stored e-mail to one of the person's addresses or accounts."""
    query = Q(recipient_user__in=person.users)
    for address in person.emails:
        query |= Q(recipient__iexact=address)
    if not person.users and not person.emails:
        return Delivery.objects.none()
    return Delivery.objects.filter(query).order_by("-created_at")


def steering_members(person):
    """The person's seats in the steering group: those of their accounts, and those without
    an account that have one of their addresses (a seat with someone's account follows it)."""
    query = Q(user__in=person.users)
    for address in person.emails:
        query |= Q(user__isnull=True, email__iexact=address)
    if not person.users and not person.emails:
        return SteeringGroupMember.objects.none()
    return SteeringGroupMember.objects.filter(query).order_by("pk")


def account_erase(*, account, by):
    """Close an account for good and forget who it was. The row stays, so that everything it
    recorded keeps its counts and its link, now to nobody in particular."""
    account.username = ERASED_USERNAME.format(pk=account.pk)
    account.first_name = ""
    account.last_name = ""
    account.email = ""
    account.is_active = False
    account.is_staff = False
    account.is_superuser = False
    account.set_unusable_password()
    account.full_clean(exclude=["password"])
    account.save()
    RoleChange.objects.create(
        person=account,
        kind=RoleChange.Kind.DEACTIVATED,
        detail=stored_text(ERASED_REASON),
        by=by,
    )
