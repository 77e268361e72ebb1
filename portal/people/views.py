"""The project leader's page for people: who has which roles, invitations, roles given and
taken away, deactivation and reactivation. Administrators and other project leaders are listed but
not changed here (see services.may_manage)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal import deliveries, refusals
from portal.access import PROJECT_LEADER, role_required
from portal.people import selectors, services
from portal.people.forms import InviteForm, RolesForm


def _tell_mail(request, person, outcome):
    """Say that the e-mail went out only when it did; else what did not, and how to retry."""
    if outcome.sent:
        messages.info(request, _("An e-mail was sent to %(email)s.") % {"email": person.email})
    deliveries.flash_outcome(request, outcome)


@role_required(PROJECT_LEADER)
@require_safe
def person_list(request):
    rows = [
        {
            "person": person,
            "may_manage": services.may_manage(by=request.user, person=person),
            # Invited, but no password chosen yet: the invitation may be sent again.
            "invited": not person.has_usable_password(),
        }
        for person in selectors.person_list()
    ]
    unsent = selectors.unsent_mail().count()
    context = {
        "rows": rows,
        "changes": list(selectors.change_list()),
        "unsent": unsent,
        "mail_job": selectors.mail_job(unsent=unsent),
    }
    return render(request, "portal/people/person_list.html", context)


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def person_invite(request):
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person, outcome = services.person_invite(
                **form.cleaned_data, by=request.user, request=request
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("%(name)s was invited.") % {"name": person})
            _tell_mail(request, person, outcome)
            return redirect("people:person-list")
    return render(request, "portal/people/person_invite.html", {"form": form})


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def person_role(request, pk):
    person = selectors.person_get_for_user(user=request.user, pk=pk, for_change=True)
    form = RolesForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        grant, revoke = form.changes()
        try:
            outcome = services.person_roles_change(
                person=person, grant=grant, revoke=revoke, by=request.user, request=request
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            person.refresh_from_db()
            messages.success(
                request,
                _("%(name)s now has the roles: %(roles)s.")
                % {"name": person, "roles": person.roles_display},
            )
            _tell_mail(request, person, outcome)
            return redirect("people:person-list")
    return render(request, "portal/people/person_role.html", {"form": form, "person": person})


def _set_active(request, pk, *, active):
    person = selectors.person_get_for_user(user=request.user, pk=pk, for_change=True)
    outcome = services.person_set_active(
        person=person, active=active, by=request.user, request=request
    )
    if outcome is None:
        return redirect("people:person-list")
    if active:
        messages.success(request, _("%(name)s can log in again.") % {"name": person})
    else:
        messages.success(request, _("%(name)s can no longer log in.") % {"name": person})
    _tell_mail(request, person, outcome)
    return redirect("people:person-list")


@role_required(PROJECT_LEADER)
@require_POST
def person_deactivate(request, pk):
    return _set_active(request, pk, active=False)


@role_required(PROJECT_LEADER)
@require_POST
def person_reactivate(request, pk):
    return _set_active(request, pk, active=True)


@role_required(PROJECT_LEADER)
@require_POST
def person_invitation_resend(request, pk):
    person = selectors.person_get_for_user(user=request.user, pk=pk, for_change=True)
    try:
        outcome = services.person_invitation_resend(person=person, by=request.user, request=request)
    except ValidationError as error:
        refusals.as_message(request, error)
    else:
        _tell_mail(request, person, outcome)
    return redirect("people:person-list")


@role_required(PROJECT_LEADER)
@require_POST
def mail_retry(request):
    """Send again the invitations and notices about roles that did not go out: several from
    a background job, whose progress the people page shows."""
    outcome = deliveries.retry(
        selectors.unsent_mail(), request=request, result_url=reverse("people:person-list")
    )
    level, text = deliveries.retry_summary(outcome)
    messages.add_message(request, level, text)
    return redirect("people:person-list")
