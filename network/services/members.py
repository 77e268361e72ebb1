"""The network's workflows: applying to join, the project leader's decision, pausing,
resuming and leaving, the themes a member follows, and the themes themselves.

One membership row per organisation, whatever happens to it: a new application after the
organisation left or was declined reopens that row. Every change of status is locked on the
row (so two clicks change it once) and recorded as a `MembershipChange`: who, when, from
what, to what, and why.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from network.models import Membership, MembershipChange, Theme
from portal import emails

Status = Membership.Status

# What each change does: from which statuses, to which.
CHANGES = {
    "approve": ((Status.APPLIED,), Status.ACTIVE),
    "decline": ((Status.APPLIED,), Status.DECLINED),
    "pause": ((Status.ACTIVE,), Status.PAUSED),
    "resume": ((Status.PAUSED,), Status.ACTIVE),
    "leave": ((Status.APPLIED, Status.ACTIVE, Status.PAUSED), Status.LEFT),
}
# Statuses from which an organisation may apply (again).
MAY_APPLY = (Status.LEFT, Status.DECLINED)


def _refuse(field, message, code):
    """A refusal about `field`, with its code (a dict of plain messages would lose it)."""
    return ValidationError({field: ValidationError(message, code=code)})


def changes_possible(membership, *, staff=True):
    """The changes the project leader (or, `staff=False`, the member) may make now."""
    names = ("pause", "resume", "leave") if staff else ("leave",)
    return [name for name in names if membership.status in CHANGES[name][0]]


def _record(membership, *, before, by, note, at):
    change = MembershipChange(
        membership=membership,
        status_before=before,
        status=membership.status,
        note=note[:500],
        changed_by=by,
        changed_at=at,
    )
    change.full_clean()
    change.save()
    return change


def _project_leaders():
    user_model = get_user_model()
    return (
        user_model.objects.with_role(user_model.Role.PROJECT_LEADER)
        .filter(is_active=True)
        .exclude(email="")
    )


def _absolute(request, path):
    return emails.absolute_url(path, request)


def _active_themes(themes):
    themes = list(themes)
    inactive = [theme for theme in themes if not theme.active]
    if inactive:
        raise _refuse(
            "themes",
            _("%(name)s can no longer be chosen.") % {"name": inactive[0].name},
            "theme_inactive",
        )
    return themes


@transaction.atomic
def membership_apply(*, organisation, by, motivation, themes=(), request=None):
    """`by` applies for `organisation` to join the network. Refused unless `by` is one of its
    enterprise users and it is approved, and while it has applied or is a member already.
    The project leaders are e-mailed once it commits. Returns the membership."""
    if not organisation.users.filter(pk=by.pk).exists():
        raise _refuse(
            "organisation", _("You can only apply for your own organisation."), "not_yours"
        )
    if organisation.moderation_state != organisation.Moderation.APPROVED:
        raise _refuse(
            "organisation",
            _("The organisation must be approved in the portal first."),
            "not_approved",
        )
    themes = _active_themes(themes)
    now = timezone.now()
    membership = Membership.objects.select_for_update().filter(organisation=organisation).first()
    before = ""
    if membership is None:
        membership = Membership(organisation=organisation)
    elif membership.status not in MAY_APPLY:
        raise _refuse(
            "organisation",
            _("%(name)s has already applied or is a member: it is %(status)s.")
            % {"name": organisation.name, "status": membership.get_status_display().lower()},
            "already_applied",
        )
    else:
        before = membership.status
    membership.status = Status.APPLIED
    membership.motivation = motivation
    membership.applied_by = by
    membership.applied_at = now
    membership.joined_on = None
    membership.status_changed_at = now
    membership.full_clean()
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        # Another click created the row a moment ago.
        raise _refuse(
            "organisation",
            _("%(name)s has already applied.") % {"name": organisation.name},
            "already_applied",
        ) from None
    membership.themes.set(themes)
    _record(membership, before=before, by=by, note="", at=now)
    url = _absolute(request, reverse("network:member", args=[membership.pk]))
    emails.send_to_each(
        _project_leaders(),
        template="network_member_applied",
        letter=lambda leader: emails.Letter(
            to=leader.email,
            context={"membership": membership, "organisation": organisation, "url": url},
            language=leader.language,
            recipient_user=leader,
            key=f"network_member_applied:{membership.pk}:{now.isoformat()}:{leader.pk}",
        ),
        about=membership,
        by=by,
    )
    return membership


def _locked(membership):
    return (
        Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    )


def _change(membership, *, change, by, note):
    """Move `membership` by `change` (a key of CHANGES) under a row lock; refused when its
    status does not allow it (another click changed it meanwhile). Returns the row."""
    allowed, to = CHANGES[change]
    locked = _locked(membership)
    if locked.status not in allowed:
        raise ValidationError(
            _("This cannot be done now: the membership of %(name)s is %(status)s.")
            % {"name": locked.organisation.name, "status": locked.get_status_display().lower()},
            code="wrong_status",
        )
    before = locked.status
    now = timezone.now()
    locked.status = to
    locked.status_changed_at = now
    if change == "approve":
        locked.joined_on = timezone.localdate()
    locked.save(update_fields=["status", "status_changed_at", "joined_on"])
    _record(locked, before=before, by=by, note=note, at=now)
    return locked


def _tell_applicants(membership, *, template, note, by, request):
    users = membership.organisation.users.filter(is_active=True).exclude(email="")
    url = _absolute(request, reverse("network:member", args=[membership.pk]))
    return emails.send_to_each(
        users,
        template=template,
        letter=lambda user: emails.Letter(
            to=user.email,
            context={
                "membership": membership,
                "organisation": membership.organisation,
                "user": user,
                "note": note,
                "url": url,
            },
            language=user.language,
            recipient_user=user,
        ),
        about=membership,
        by=by,
    )


@transaction.atomic
def membership_approve(*, membership, by, note="", request=None):
    """Approve an application: the organisation is an active member from today, and its
    enterprise users hear. Returns the membership and the e-mails' outcome."""
    membership = _change(membership, change="approve", by=by, note=note)
    return membership, _tell_applicants(
        membership, template="network_member_approved", note=note, by=by, request=request
    )


@transaction.atomic
def membership_decline(*, membership, by, reason, request=None):
    """Decline an application with a reason that its enterprise users receive by e-mail."""
    if not (reason or "").strip():
        raise _refuse("note", _("Give the reason for declining."), "no_reason")
    membership = _change(membership, change="decline", by=by, note=reason)
    return membership, _tell_applicants(
        membership, template="network_member_declined", note=reason, by=by, request=request
    )


@transaction.atomic
def membership_set_status(*, membership, by, change, note):
    """The project leader pauses, resumes or ends a membership (`change`: "pause", "resume"
    or "leave"), with a note for its history."""
    if change not in ("pause", "resume", "leave"):
        raise _refuse("change", _("Choose a change."), "unknown_change")
    if not (note or "").strip():
        raise _refuse("note", _("Write a note: it is kept in the history."), "no_note")
    return _change(membership, change=change, by=by, note=note)


@transaction.atomic
def membership_leave(*, membership, by, note=""):
    """A member's own user takes the organisation out of the network (or withdraws its
    application)."""
    return _change(membership, change="leave", by=by, note=note)


@transaction.atomic
def membership_set_themes(*, membership, by, themes):
    """Which themes the member follows. Themes no longer active that it followed stay."""
    themes = list(themes)
    kept = list(membership.themes.filter(active=False))
    _active_themes([theme for theme in themes if theme not in kept])
    membership.themes.set({*themes, *kept})
    return membership


def theme_create(*, name, description="", active=True):
    theme = Theme(name=name, description=description, active=active)
    theme.full_clean()
    theme.save()
    return theme


def theme_update(*, theme, **values):
    for name in ("name", "description", "active"):
        if name in values:
            setattr(theme, name, values[name])
    theme.full_clean()
    theme.save()
    return theme
