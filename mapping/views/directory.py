"""The public side: the directory of enterprises and self-registration."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mapping import selectors, services
from mapping.forms import RegistrationForm
from portal import ratelimit


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
        allowed = ratelimit.hit(
            "register",
            ratelimit.client_address(request),
            limit=settings.REGISTRATION_RATE_LIMIT,
            window=settings.REGISTRATION_RATE_WINDOW,
        )
        if not allowed:
            return render(request, "mapping/register_limited.html", status=429)
        form = RegistrationForm(request.POST, request.FILES)
        if form.is_valid():
            organisation, user = services.organisation_register(form=form, request=request)
            login(request, user, backend="portal.auth.UsernameOrEmailBackend")
            messages.success(
                request,
                _(
                    "Thank you. %(name)s is registered and awaits approval. We have sent you "
                    "an e-mail."
                )
                % {"name": organisation.name},
            )
            return redirect("mapping:my-organisations")
    else:
        form = RegistrationForm()
    return render(request, "mapping/register.html", {"form": form})
