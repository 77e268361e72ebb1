"""The public side: the directory of enterprises and self-registration."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mapping import selectors, services
from mapping.forms import RegistrationForm
from portal import ratelimit, refusals
from portal.forms import model_values


def directory_list(request):
    filterset, organisations = selectors.organisation_directory(params=request.GET)
    page = Paginator(organisations, settings.DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mapping/directory_list.html",
        {"filter": filterset, "page": page, "organisations": list(page.object_list)},
    )


def directory_detail(request, pk):
    organisation = selectors.organisation_public_get(pk=pk)
    return render(request, "mapping/directory_detail.html", {"organisation": organisation})


@require_http_methods(["GET", "POST"])
def register(request):
    """Anyone may register an enterprise or an idea; it waits for the project leader."""
    if request.method == "POST":
        # Every attempt counts, refused ones too: the form says when a CVR number or an e-mail
        # address is already registered, so uncounted refusals would let anyone probe for them.
        address = ratelimit.client_address(request)
        if ratelimit.is_limited("register", address, limit=settings.REGISTRATION_RATE_LIMIT):
            return _refuse_as_limited(request)
        ratelimit.hit("register", address, window=settings.REGISTRATION_RATE_WINDOW)
        form = RegistrationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                organisation, user, receipt = services.organisation_register(
                    **_registration(form), request=request
                )
            except ValidationError as error:
                # Someone registered the same CVR number or e-mail address a moment ago.
                refusals.on_form(form, error)
                return render(request, "mapping/register.html", {"form": form})
            if not request.user.is_authenticated:
                # Someone already logged in (staff trying the form) keeps their own session.
                login(request, user, backend="portal.auth.UsernameOrEmailBackend")
            if receipt.sent:
                text = _(
                    "Thank you. %(name)s is registered and awaits approval. We have sent you "
                    "an e-mail."
                )
            else:
                # The mail server did not take it: the project leader can send it again.
                text = _(
                    "Thank you. %(name)s is registered and awaits approval. We could not send "
                    "you an e-mail just now; you can follow the registration here."
                )
            messages.success(request, text % {"name": organisation.name})
            return redirect("mapping:my-organisations" if request.user == user else "home")
    else:
        form = RegistrationForm()
    return render(request, "mapping/register.html", {"form": form})


def _registration(form):
    """The registration form's values, as `organisation_register` takes them."""
    data = form.cleaned_data
    return {
        **model_values(form),
        "what": data["what"],
        "contact_name": data["contact_name"],
        "contact_role": data["contact_role"],
        "email": data["email"],
        "phone": data["phone"],
        "password": data["password1"],
    }


# Never shown back: passwords, the honeypot, and the form's token.
NOT_KEPT = frozenset({"password1", "password2", "homepage", "csrfmiddlewaretoken"})


def _refuse_as_limited(request):
    """The form again, filled in with what was typed, above it why it was not sent and whom
    to write to. The form is not validated: no answer about a CVR number or e-mail address
    leaves the portal once the limit is reached."""
    form = RegistrationForm()
    typed = {
        name: request.POST.getlist(name)
        if getattr(form.fields[name].widget, "allow_multiple_selected", False)
        else request.POST.get(name)
        for name in form.fields
        if name in request.POST and name not in NOT_KEPT
    }
    return render(
        request,
        "mapping/register.html",
        {
            "form": RegistrationForm(initial=typed),
            "limited": True,
            "contact_email": settings.PORTAL_CONTACT_EMAIL,
        },
        status=429,
    )
