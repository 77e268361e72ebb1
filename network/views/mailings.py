"""The network's mailings (offer 8.1): the project leader writes and sends them, the
programme's staff read them; the public reads the sent ones as web pages, and anyone with
the link in a mail unsubscribes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from network.forms.mailings import MailingForm, SendForm
from network.selectors import mailings as selectors
from network.services import mailings as services
from portal import jobs, refusals
from portal.access import PROJECT_LEADER, STAFF, role_required
from portal.forms import model_values


@role_required(STAFF)
def mailings(request):
    return render(
        request,
        "network/mailings/list.html",
        {"mailings": selectors.mailing_list(user=request.user)},
    )


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def mailing_create(request):
    form = MailingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mailing = services.mailing_create(**model_values(form), by=request.user)
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("The mailing was saved as a draft."))
            return redirect("network:mailing", mailing.pk)
    return render(request, "network/mailings/form.html", {"form": form, "mailing": None})


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def mailing_edit(request, pk):
    mailing = selectors.mailing_get_for_user(user=request.user, pk=pk, for_change=True)
    if mailing.state != mailing.State.DRAFT:
        messages.error(request, _("This mailing has been sent and can no longer be changed."))
        return redirect("network:mailing", mailing.pk)
    form = MailingForm(request.POST or None, instance=mailing)
    if request.method == "POST" and form.is_valid():
        try:
            mailing = services.mailing_update(
                mailing=mailing, by=request.user, **model_values(form)
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("The mailing was saved."))
            return redirect("network:mailing", mailing.pk)
    return render(request, "network/mailings/form.html", {"form": form, "mailing": mailing})


@role_required(STAFF)
def mailing(request, pk):
    mailing = selectors.mailing_get_for_user(user=request.user, pk=pk)
    draft = mailing.state == mailing.State.DRAFT
    audience = selectors.audience(mailing) if draft else None
    recipients, totals = ([], {}) if draft else selectors.recipients_of(mailing)
    job = None if draft else jobs.latest(mailing, "network.send_mailing")
    return render(
        request,
        "network/mailings/detail.html",
        {
            "mailing": mailing,
            "draft": draft,
            "has_groups": selectors.has_groups(mailing),
            "audience": audience,
            "recipients": recipients,
            "totals": totals,
            "job": job if job is not None and not job.finished else None,
            "quadrants": [
                label for value, label in mailing.QUADRANTS.choices if value in mailing.quadrants
            ],
        },
    )


@role_required(PROJECT_LEADER)
@require_POST
def mailing_send(request, pk):
    mailing = selectors.mailing_get_for_user(user=request.user, pk=pk, for_change=True)
    form = SendForm(request.POST)
    count = form.cleaned_data["count"] if form.is_valid() else None
    try:
        mailing, _job = services.mailing_send(
            mailing=mailing,
            by=request.user,
            count_seen=count,
            site=request.build_absolute_uri("/").rstrip("/"),
        )
    except ValidationError as error:
        refusals.as_message(request, error)
    else:
        count = mailing.recipients.count()
        messages.success(
            request,
            ngettext(
                "The mailing is being sent to %(count)d recipient.",
                "The mailing is being sent to %(count)d recipients.",
                count,
            )
            % {"count": count},
        )
    return redirect("network:mailing", mailing.pk)


def news(request, pk):
    """Public on purpose: a sent news mail is public information."""
    mailing = selectors.news_get_for_user(user=request.user, pk=pk)
    return render(request, "network/mailings/news.html", {"mailing": mailing})


def news_archive(request):
    """Public on purpose: the sent news mails."""
    return render(
        request, "network/mailings/news_archive.html", {"mailings": selectors.news_archive()}
    )


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Public on purpose: the link in every mail; no login, the signed address is the key."""
    email = services.email_from_token(token)
    if email is None:
        return render(request, "network/mailings/unsubscribe.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        services.unsubscribe(email=email)
        done = True
    return render(request, "network/mailings/unsubscribe.html", {"email": email, "done": done})


urlpatterns = [
    path("mailings/", mailings, name="mailings"),
    path("mailings/new/", mailing_create, name="mailing-create"),
    path("mailings/<int:pk>/", mailing, name="mailing"),
    path("mailings/<int:pk>/edit/", mailing_edit, name="mailing-edit"),
    path("mailings/<int:pk>/send/", mailing_send, name="mailing-send"),
    path("news/", news_archive, name="news-archive"),
    path("news/<int:pk>/", news, name="news"),
    path("unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
]
