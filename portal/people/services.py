"""Workflows for people: invite, give and take away roles, deactivate and reactivate.

The project leader may give and take away only the roles in GRANTABLE_ROLES (never the
project leader's, which an administrator gives in the admin), and only for people who hold
no other role: never their own roles, never another project leader's, never an
administrator's (is_staff or is_superuser). A person keeps at least one role. Those limits
keep every other power with a superuser in the admin, so no one can reach another role's
powers from this page. Every change is recorded as a RoleChange and e-mailed to the person
concerned.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import emails
from portal.models import RoleChange, User
from portal.models.users import role_names

GRANTABLE_ROLES = (
    User.Role.CONSULTANT,
    User.Role.STEERING_GROUP,
    User.Role.ENTERPRISE,
    User.Role.COMPANY,
    User.Role.MENTOR,
    User.Role.MUNICIPAL_EMPLOYEE,
)
INVITATION_EMAIL = "people_invitation"
CHANGE_EMAIL = "people_change"


def _why_not_managed(*, by, person):
    """Why `by` may not change `person`'s roles or access on the people page, or None."""
    if person.pk == by.pk:
        return ValidationError(_("You cannot change your own roles or access."), code="own")
    if person.is_superuser or person.is_staff:
        return ValidationError(
            _("An administrator's roles and access are changed in the admin."),
            code="administrator",
        )
    if not person.roles <= set(GRANTABLE_ROLES):
        return ValidationError(
            _("A project leader's roles and access are changed by an administrator."),
            code="project_leader",
        )
    return None


def may_manage(*, by, person):
    """Whether `by` may change `person`'s roles or access on the people page."""
    return _why_not_managed(by=by, person=person) is None


def _check_may_manage(*, by, person):
    if not may_manage(by=by, person=person):
        raise PermissionDenied


def _check_grantable(role):
    if role not in GRANTABLE_ROLES:
        raise ValidationError({"role": _("You cannot give this role.")}, code="not_grantable")


def _refuse(message, code):
    """A refusal of the roles posted, shown next to the form's roles."""
    return ValidationError({"roles": ValidationError(message, code=code)})


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None else url


def set_password_url(*, person, request=None):
    """A link where `person` chooses their own password: Django's password-reset link, so
    it expires (PASSWORD_RESET_TIMEOUT) and stops working once a password is set."""
    url = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    return _absolute(request, url)


def _send_invitation(*, person, by, request):
    # About the person, so a new invitation replaces one that failed to go out.
    return emails.send(
        INVITATION_EMAIL,
        to=[person.email],
        context=invitation_context(person=person, by=by, request=request),
        language=person.language,
        about=person,
        recipient_user=person,
    )


def _still_invited(person):
    """Whether `person` may still be sent their invitation: active, no password chosen."""
    return person.is_active and not person.has_usable_password()


def invitation_rebuild(delivery, request):
    """An invitation sent again gets a fresh set-password link (the stored one may have
    expired); none is sent to someone who has chosen a password or left since."""
    person = delivery.recipient_user
    if (
        person is None
        or not _still_invited(person)
        or person.email.lower() != delivery.recipient.lower()
    ):
        return None
    invited = person.role_changes.filter(kind=RoleChange.Kind.INVITED).select_related("by").first()
    by = invited.by if invited is not None else None
    by = by or gettext_lazy("The social-economy programme")
    return emails.build(
        INVITATION_EMAIL,
        to=[person.email],
        context=invitation_context(person=person, by=by, request=request),
        language=person.language,
    )


def change_record(*, person, kind, role="", detail="", by, request=None, notify=True):
    """Record a change to `person` and e-mail them about it (sent once the change commits).
    Returns the e-mail's `emails.Outcome`, or None with `notify=False` (the caller's own
    e-mail tells them). `role` is the role given or taken away (see RoleChange).

    Also used by the admin, so a superuser's change there is kept and told the same way."""
    change = _record(person=person, kind=kind, role=role, detail=detail, by=by)
    if not notify:
        return None
    if kind == RoleChange.Kind.INVITED:
        return _send_invitation(person=person, by=by, request=request)
    return _send_change(person=person, changes=[change], by=by, request=request)


def _record(*, person, kind, role="", detail="", by):
    change = RoleChange(person=person, kind=kind, role=role, detail=detail, by=by)
    change.full_clean()
    change.save()
    return change


def _send_change(*, person, changes, by, request):
    """One e-mail about `changes` (several roles given and taken away in one go are told
    in one message)."""
    given = {change.role for change in changes if change.kind == RoleChange.Kind.GRANTED}
    taken = {change.role for change in changes if change.kind == RoleChange.Kind.REVOKED}
    context = {
        "person": person,
        "change": changes[0],
        # Lazy: the e-mail is written in the person's language.
        "roles": person.roles_text,
        "granted": role_names(given),
        "revoked": role_names(taken),
        "link": _absolute(request, reverse("login")),
        "by": by,
    }
    return emails.send(
        CHANGE_EMAIL,
        to=[person.email],
        context=context,
        language=person.language,
        about=changes[0],
        recipient_user=person,
    )


def roles_apply(*, person, grant=(), revoke=(), by, request=None, notify=True):
    """Give `person` the roles in `grant` and take away those in `revoke` (a role they hold
    already, or no longer hold, is left out), record each as a RoleChange and e-mail them
    once. Returns the e-mail's outcome (empty when nothing changed). No limits: the people
    page's `person_roles_change` and the admin (a superuser) check their own first."""
    grant = set(grant) - set(person.roles)
    revoke = set(revoke) & set(person.roles)
    person.roles_grant(grant, by=by)
    person.roles_revoke(revoke)
    changes = [
        _record(person=person, kind=kind, role=role, by=by)
        for kind, roles in ((RoleChange.Kind.GRANTED, grant), (RoleChange.Kind.REVOKED, revoke))
        for role in User.Role
        if role in roles
    ]
    if not changes or not notify:
        return emails.Outcome()
    return _send_change(person=person, changes=changes, by=by, request=request)


def _account_open(*, email, first_name, last_name, role, language, by):
    """A new account without a usable password, so no one but its owner ever knows it: they
    choose it from an e-mailed link. Refuses an address already in use (also when another
    request made it a moment ago, as a double click does)."""
    # The e-mail address is the user name: people log in with either, and it is unique.
    person = User(
        username=email.lower(),
        email=email,
        first_name=first_name.strip()[:150],
        last_name=last_name.strip()[:150],
        language=language or settings.LANGUAGE_CODE,
    )
    person.set_unusable_password()
    person.full_clean()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise ValidationError(
            {"email": _("A person with this e-mail address already has an account.")},
            code="unique",
        ) from None
    person.roles_grant([role], by=by)
    return person


@transaction.atomic
def person_invite(*, email, first_name, last_name, role, by, language=None, request=None):
    """Create an account with one role the project leader may grant (more can be given
    afterwards) and e-mail them a link to choose their own password. The account has no
    usable password until they do, so no one else ever knows it."""
    _check_grantable(role)
    email = email.strip()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("A person with this e-mail address already has an account.")},
            code="unique",
        )
    person = _account_open(
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        language=language,
        by=by,
    )
    outcome = change_record(
        person=person, kind=RoleChange.Kind.INVITED, role=role, by=by, request=request
    )
    return person, outcome


def _locked(person):
    # Two project leaders changing the same person at once take turns.
    return User.objects.select_for_update().get(pk=person.pk)


@transaction.atomic
def person_roles_change(*, person, grant=(), revoke=(), by, request=None):
    """The project leader gives `person` the roles in `grant` and takes away those in
    `revoke`, within the limits above; all or nothing. Returns the e-mail's outcome.

    Only the difference is applied, never a whole set of roles: two project leaders who
    give the same person a role each at the same moment both keep theirs (the person's row
    is locked, so they take turns, and each sees the other's grant)."""
    person = _locked(person)
    refusal = _why_not_managed(by=by, person=person)
    if refusal is not None:
        raise refusal
    grant, revoke = set(grant), set(revoke)
    not_grantable = (grant | revoke) - set(GRANTABLE_ROLES)
    if not_grantable:
        names = str(role_names(not_grantable)) or ", ".join(sorted(not_grantable))
        raise _refuse(
            _("You cannot give or take away the role “%(roles)s”.") % {"roles": names},
            "not_grantable",
        )
    if grant & revoke:
        raise _refuse(_("A role cannot be given and taken away at once."), "both")
    after = (set(person.roles) | grant) - revoke
    if not after:
        raise _refuse(_("A person keeps at least one role."), "no_role")
    if after == set(person.roles):
        raise _refuse(_("The person already has these roles."), "unchanged")
    return roles_apply(person=person, grant=grant, revoke=revoke, by=by, request=request)


@transaction.atomic
def person_set_active(*, person, active, by, request=None):
    """Deactivate (`active=False`) or reactivate a person. Returns the e-mail's outcome, or
    None when nothing changed: a second click changes nothing and records nothing."""
    person = _locked(person)
    _check_may_manage(by=by, person=person)
    if person.is_active == active:
        return None
    person.is_active = active
    person.save(update_fields=["is_active"])
    kind = RoleChange.Kind.REACTIVATED if active else RoleChange.Kind.DEACTIVATED
    return change_record(person=person, kind=kind, by=by, request=request)


def person_invitation_resend(*, person, by, request=None):
    """Send a new set-password link to an invited person who has not chosen a password yet
    (the first link expires, and the reset form ignores accounts without a password)."""
    _check_may_manage(by=by, person=person)
    if not person.is_active:
        raise ValidationError(_("This person is deactivated."), code="inactive")
    if not _still_invited(person):
        raise ValidationError(_("This person has already chosen a password."), code="chosen")
    return _send_invitation(person=person, by=by, request=request)


def invitation_context(*, person, by=None, request=None):
    """What an e-mail needs to invite `person` to their account: who invites them, the
    set-password link, how many days it works and the user name (the invitation e-mail's,
    and the include `emails/includes/invitation` in what a steering member is sent)."""
    return {
        "person": person,
        "by": by,
        "link": set_password_url(person=person, request=request),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
        "username": person.username,
    }


def steering_account_open(*, name, email, by, language=None):
    """An account with the steering group's role for a member who has none, without a usable
    password: the e-mail that sends them something carries the set-password link (see
    `portal.steering.reach`). Recorded as an invitation, so the people page lists it and
    can send the link again. Call inside a transaction; refuses an address already in use."""
    email = email.strip()
    first, _space, last = name.strip().rpartition(" ")
    person = _account_open(
        email=email,
        first_name=first or last,
        last_name=last if first else "",
        role=User.Role.STEERING_GROUP,
        language=language,
        by=by,
    )
    change_record(
        person=person,
        kind=RoleChange.Kind.INVITED,
        role=User.Role.STEERING_GROUP,
        by=by,
        notify=False,
    )
    return person
