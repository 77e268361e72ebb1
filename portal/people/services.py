"""Workflows for people: invite, change a role, deactivate and reactivate.

The project leader may grant only the roles in GRANTABLE_ROLES, and only to people who hold
one of them: never their own role, never another project leader's, never an administrator's
(is_staff or is_superuser). Those stay with a superuser in the admin, so no one can reach
another role's powers from this page. Every change is recorded as a RoleChange and e-mailed
to the person concerned.
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

GRANTABLE_ROLES = (User.Role.CONSULTANT, User.Role.STEERING_GROUP, User.Role.ENTERPRISE)
INVITATION_EMAIL = "people_invitation"
CHANGE_EMAIL = "people_change"


def may_manage(*, by, person):
    """Whether `by` may change `person`'s role or access on the people page."""
    return (
        person.pk != by.pk
        and not person.is_superuser
        and not person.is_staff
        and person.role in GRANTABLE_ROLES
    )


def _check_may_manage(*, by, person):
    if not may_manage(by=by, person=person):
        raise PermissionDenied


def _check_grantable(role):
    if role not in GRANTABLE_ROLES:
        raise ValidationError({"role": _("You cannot give this role.")}, code="not_grantable")


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


def change_record(*, person, kind, old_role="", detail="", by, request=None, notify=True):
    """Record a change to `person` and e-mail them about it (sent once the change commits).
    Returns the e-mail's `emails.Outcome`, or None with `notify=False` (the caller's own
    e-mail tells them).

    Also used by the admin, so a superuser's change there is kept and told the same way."""
    change = RoleChange(
        person=person, kind=kind, old_role=old_role, new_role=person.role, detail=detail, by=by
    )
    change.full_clean()
    change.save()
    if not notify:
        return None
    if kind == RoleChange.Kind.INVITED:
        return _send_invitation(person=person, by=by, request=request)
    link = _absolute(request, reverse("login"))
    return emails.send(
        CHANGE_EMAIL,
        to=[person.email],
        context={"person": person, "change": change, "link": link, "by": by},
        language=person.language,
        about=change,
        recipient_user=person,
    )


def _account_open(*, email, first_name, last_name, role, language):
    """A new account without a usable password, so no one but its owner ever knows it: they
    choose it from an e-mailed link. Refuses an address already in use (also when another
    request made it a moment ago, as a double click does)."""
    # The e-mail address is the user name: people log in with either, and it is unique.
    person = User(
        username=email.lower(),
        email=email,
        first_name=first_name.strip()[:150],
        last_name=last_name.strip()[:150],
        role=role,
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
    return person


@transaction.atomic
def person_invite(*, email, first_name, last_name, role, by, language=None, request=None):
    """Create an account for a new consultant, steering group member or enterprise user and
    e-mail them a link to choose their own password. The account has no usable password
    until they do, so no one else ever knows it."""
    _check_grantable(role)
    email = email.strip()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("A person with this e-mail address already has an account.")},
            code="unique",
        )
    person = _account_open(
        email=email, first_name=first_name, last_name=last_name, role=role, language=language
    )
    outcome = change_record(person=person, kind=RoleChange.Kind.INVITED, by=by, request=request)
    return person, outcome


def _locked(person):
    # Two project leaders changing the same person at once take turns.
    return User.objects.select_for_update().get(pk=person.pk)


@transaction.atomic
def person_change_role(*, person, role, by, request=None):
    """Give `person` another role the project leader may grant. Returns the e-mail's
    outcome."""
    person = _locked(person)
    _check_may_manage(by=by, person=person)
    _check_grantable(role)
    if person.role == role:
        raise ValidationError({"role": _("The person already has this role.")}, code="unchanged")
    old_role = person.role
    person.role = role
    person.save(update_fields=["role"])
    return change_record(
        person=person, kind=RoleChange.Kind.ROLE_CHANGED, old_role=old_role, by=by, request=request
    )


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
    return change_record(person=person, kind=kind, old_role=person.role, by=by, request=request)


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
    )
    change_record(person=person, kind=RoleChange.Kind.INVITED, by=by, notify=False)
    return person
