"""The network (offer 8.5): its public page, applying to join, the project leader's
decisions and changes of status, a membership's page, and the themes members follow."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from network.forms.members import (
    ApplyForm,
    DecideForm,
    LeaveForm,
    MemberThemesForm,
    StatusForm,
    ThemeForm,
)
from network.selectors import members as selectors
from network.services import members as services
from portal import deliveries, refusals
from portal.access import ENTERPRISE, PROJECT_LEADER, STAFF, role_required
from portal.forms import model_values


def network(request):
    """Public on purpose: what the network is, its members, themes and coming meetings."""
    return render(
        request,
        "network/members/network.html",
        {
            "members": list(selectors.public_members()),
            "themes": list(selectors.active_themes()),
            "meetings": list(selectors.coming_network_meetings()),
        },
    )


@role_required(ENTERPRISE)
@require_http_methods(["GET", "POST"])
def member_apply(request):
    organisations = list(selectors.organisations_to_apply_for(request.user))
    form = ApplyForm(
        request.POST or None,
        organisations=selectors.organisations_to_apply_for(request.user),
        themes=selectors.active_themes(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_apply(
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                motivation=form.cleaned_data["motivation"],
                themes=form.cleaned_data["themes"],
                request=request,
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(
                request,
                _("Thank you: the application of %(name)s was sent to the project leader.")
                % {"name": membership.organisation.name},
            )
            return redirect("network:member", membership.pk)
    return render(
        request,
        "network/members/apply.html",
        {
            "form": form,
            "organisations": organisations,
            "memberships": selectors.memberships_of_user(request.user),
        },
    )


@role_required(STAFF)
def members_staff(request):
    filterset, memberships = selectors.membership_list(user=request.user, params=request.GET)
    return render(
        request,
        "network/members/staff_list.html",
        {"filter": filterset, "memberships": memberships},
    )


@role_required(STAFF, ENTERPRISE)
def member(request, pk):
    membership = selectors.membership_get_for_user(user=request.user, pk=pk)
    user = request.user
    may_change = selectors.may_change_membership(user, membership)
    staff_changes = services.changes_possible(membership) if user.is_project_leader else []
    own = may_change and not user.is_programme_staff
    return render(
        request,
        "network/members/detail.html",
        {
            "membership": membership,
            "themes": selectors.membership_themes(membership),
            "history": selectors.membership_history(membership),
            "decide_form": DecideForm() if user.is_project_leader else None,
            "status_form": StatusForm(changes=staff_changes) if staff_changes else None,
            "themes_form": MemberThemesForm(
                themes=selectors.active_themes(),
                initial={"themes": [theme.pk for theme in membership.themes.all()]},
            )
            if may_change and membership.status != services.Status.DECLINED
            else None,
            "leave_form": (
                LeaveForm() if own and services.changes_possible(membership, staff=False) else None
            ),
            "apply_again": own and membership.status in services.MAY_APPLY,
        },
    )


def _form_refused(request, form, membership):
    """A button's form with bad input: its errors as messages, back on the member's page."""
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return redirect("network:member", membership.pk)


def _tell(request, outcome):
    if outcome.sent:
        messages.info(request, _("The organisation's users were e-mailed."))
    deliveries.flash_outcome(request, outcome)


@role_required(PROJECT_LEADER)
@require_POST
def member_decide(request, pk):
    membership = selectors.membership_get_for_user(user=request.user, pk=pk, for_change=True)
    form = DecideForm(request.POST)
    if not form.is_valid():
        return _form_refused(request, form, membership)
    try:
        if form.cleaned_data["decision"] == DecideForm.APPROVE:
            membership, outcome = services.membership_approve(
                membership=membership,
                by=request.user,
                note=form.cleaned_data["note"],
                request=request,
            )
            messages.success(
                request,
                _("%(name)s is now a member of the network.")
                % {"name": membership.organisation.name},
            )
        else:
            membership, outcome = services.membership_decline(
                membership=membership,
                by=request.user,
                reason=form.cleaned_data["note"],
                request=request,
            )
            messages.success(
                request,
                _("The application of %(name)s was declined.")
                % {"name": membership.organisation.name},
            )
    except ValidationError as error:
        refusals.as_message(request, error)
        return redirect("network:member", membership.pk)
    _tell(request, outcome)
    return redirect("network:member", membership.pk)


@role_required(PROJECT_LEADER)
@require_POST
def member_status(request, pk):
    membership = selectors.membership_get_for_user(user=request.user, pk=pk, for_change=True)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _form_refused(request, form, membership)
    try:
        membership = services.membership_set_status(
            membership=membership,
            by=request.user,
            change=form.cleaned_data["change"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        refusals.as_message(request, error)
    else:
        messages.success(
            request,
            _("The membership of %(name)s is now %(status)s.")
            % {
                "name": membership.organisation.name,
                "status": membership.get_status_display().lower(),
            },
        )
    return redirect("network:member", membership.pk)


@role_required(PROJECT_LEADER, ENTERPRISE)
@require_POST
def member_themes(request, pk):
    membership = selectors.membership_get_for_user(user=request.user, pk=pk, for_change=True)
    form = MemberThemesForm(request.POST, themes=selectors.active_themes())
    if not form.is_valid():
        return _form_refused(request, form, membership)
    try:
        services.membership_set_themes(
            membership=membership, by=request.user, themes=form.cleaned_data["themes"]
        )
    except ValidationError as error:
        refusals.as_message(request, error)
    else:
        messages.success(request, _("The themes followed were saved."))
    return redirect("network:member", membership.pk)


@role_required(ENTERPRISE)
@require_POST
def member_leave(request, pk):
    membership = selectors.membership_get_for_user(user=request.user, pk=pk, for_change=True)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        return _form_refused(request, form, membership)
    try:
        membership = services.membership_leave(
            membership=membership, by=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        refusals.as_message(request, error)
    else:
        messages.success(
            request,
            _("%(name)s has left the network.") % {"name": membership.organisation.name},
        )
    return redirect("network:member", membership.pk)


@role_required(STAFF)
def themes(request):
    return render(
        request,
        "network/members/theme_list.html",
        {"themes": selectors.theme_list(user=request.user)},
    )


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def theme_create(request):
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_create(**model_values(form))
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("The theme %(name)s was created.") % {"name": theme.name})
            return redirect("network:themes")
    return render(request, "network/members/theme_form.html", {"form": form, "theme": None})


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def theme_edit(request, pk):
    theme = selectors.theme_get_for_user(user=request.user, pk=pk, for_change=True)
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_update(theme=theme, **model_values(form))
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("The theme %(name)s was saved.") % {"name": theme.name})
            return redirect("network:themes")
    return render(request, "network/members/theme_form.html", {"form": form, "theme": theme})


urlpatterns = [
    path("members/", network, name="network"),
    path("members/apply/", member_apply, name="member-apply"),
    path("members/staff/", members_staff, name="members-staff"),
    path("members/<int:pk>/", member, name="member"),
    path("members/<int:pk>/decide/", member_decide, name="member-decide"),
    path("members/<int:pk>/status/", member_status, name="member-status"),
    path("members/<int:pk>/themes/", member_themes, name="member-themes"),
    path("members/<int:pk>/leave/", member_leave, name="member-leave"),
    path("themes/", themes, name="themes"),
    path("themes/new/", theme_create, name="theme-create"),
    path("themes/<int:pk>/edit/", theme_edit, name="theme-edit"),
]
