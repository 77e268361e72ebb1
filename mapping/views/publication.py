"""Publishing a staff-mapped organisation in the public directory, and taking it out again.

Staff may map any organisation; only one that has agreed to it is shown in public.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mapping import selectors, services
from mapping.forms.publication import PublishForm
from portal import refusals
from portal.access import STAFF, role_required

# The service calls the consent's note `consent_note`; the form, `note`.
RENAMED = {"consent_note": "note"}


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def organisation_publish(request, pk):
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk, for_change=True)
    if not organisation.is_internal:
        messages.info(
            request,
            _("Only an approved organisation that is not published yet can be published."),
        )
        return redirect(organisation)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_publish(
                organisation=organisation,
                by=request.user,
                consent=form.cleaned_data["consent"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            refusals.on_form(form, error, rename=RENAMED)
        else:
            if organisation.is_public:
                text = _("%(name)s is published and shown in the directory.")
            else:
                text = _(
                    "%(name)s is published. The directory shows it once its status is a "
                    "potential or existing social-economy enterprise."
                )
            messages.success(request, text % {"name": organisation.name})
            return redirect(organisation)
    return render(
        request, "mapping/organisation_publish.html", {"organisation": organisation, "form": form}
    )


@role_required(STAFF)
@require_POST
def organisation_unpublish(request, pk):
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk, for_change=True)
    try:
        organisation = services.organisation_unpublish(organisation=organisation, by=request.user)
    except ValidationError as error:
        refusals.as_message(request, error)
        return redirect(organisation)
    messages.success(
        request,
        _("%(name)s is no longer shown in the public directory.") % {"name": organisation.name},
    )
    return redirect(organisation)


urlpatterns = [
    path(
        "mapping/organisations/<int:pk>/publish/",
        organisation_publish,
        name="organisation-publish",
    ),
    path(
        "mapping/organisations/<int:pk>/unpublish/",
        organisation_unpublish,
        name="organisation-unpublish",
    ),
]
