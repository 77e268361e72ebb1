"""The participant's side of an event: its public page with the sign-up form, the person's
own page behind the secret link of every e-mail (confirm, accept an offer, cancel,
evaluate), and a logged-in person's sign-ups.

The event page and the personal page are public on purpose: anyone may sign up for a public
event, and the personal link is the key to one sign-up (no login, as in the e-mails). A GET
never changes a sign-up: mail scanners follow links, so every action is a button that
POSTs."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from network.forms.signups import EvaluationForm, MemberSignUpForm, SignUpForm
from network.models import SignUp
from network.selectors import signups as selectors
from network.services import evaluations
from network.services import signups as services
from portal import ratelimit, refusals, storage
from portal.access import EVERYONE_LOGGED_IN, role_required

State = SignUp.State
RATE_SCOPE = "network-signup"
# Who may still cancel: anyone who has not yet come, before the event starts.
CANCELLABLE = (State.UNCONFIRMED, State.CONFIRMED, State.WAITING, State.OFFERED)


@require_http_methods(["GET", "POST"])
def event(request, pk):
    """An event's public page, and the sign-up: one click for a logged-in person, name,
    e-mail and organisation for anyone else (confirmed by the link in an e-mail)."""
    event = selectors.signup_event_get_for_user(user=request.user, pk=pk)
    user = request.user
    mine = selectors.signup_of_user_for_event(user=user, event=event)
    refusal = _refusal(event, user) if mine is None else None
    form = None
    if mine is None and refusal is None:
        form = _signup_form(request, user)
    if request.method == "POST":
        if form is None:
            messages.error(request, refusal or _("You are already signed up for this event."))
            return redirect(event)
        if not user.is_authenticated:
            # Every attempt counts, also one with an address signed up already.
            address = ratelimit.client_address(request)
            if ratelimit.is_limited(RATE_SCOPE, address, limit=settings.REGISTRATION_RATE_LIMIT):
                return _page(request, event, form=form, limited=True, status=429)
            ratelimit.hit(RATE_SCOPE, address, window=settings.REGISTRATION_RATE_WINDOW)
        if form.is_valid():
            try:
                signup = services.signup_create(event=event, **_signup_values(form, user))
            except services.AlreadySignedUp as error:
                if user.is_authenticated:
                    refusals.on_form(form, error)
                else:
                    # The same answer as for a new sign-up: a stranger learns nothing.
                    services.signup_again_notify(signup=error.signup)
                    return _check_email(request, event)
            except ValidationError as error:
                refusals.on_form(form, error)
            else:
                return _signed_up(request, signup)
    return _page(request, event, form=form, mine=mine, refusal=refusal)


def _refusal(event, user):
    """Why `user` cannot sign up for `event` here (None when they can)."""
    reason = services.may_sign_up(event, user)
    if reason is None and user.is_authenticated and not user.email:
        # The one click signs up with the account's address: without one, no e-mail.
        return _("Add an e-mail address to your profile to sign up.")
    return reason


def _signup_form(request, user):
    data = request.POST if request.method == "POST" else None
    if user.is_authenticated:
        return MemberSignUpForm(data, user=user)
    return SignUpForm(data)


def _signup_values(form, user):
    language = getattr(user, "language", "") or None
    if not user.is_authenticated:
        return {**form.cleaned_data, "user": None, "language": _current_language()}
    organisation = form.chosen_organisation()
    return {
        "name": user.get_full_name() or user.username,
        "email": user.email,
        "organisation_name": organisation.name if organisation else "",
        "organisation": organisation,
        "department": form.cleaned_data.get("department"),
        "user": user,
        "language": language,
    }


def _current_language():
    return get_language() or settings.LANGUAGE_CODE


def _signed_up(request, signup):
    if signup.state == State.UNCONFIRMED:
        return _check_email(request, signup.event)
    if signup.state == State.CONFIRMED:
        messages.success(request, _("You are signed up. See you there."))
    else:
        messages.success(
            request,
            _("The event is full: you are on the waiting list as number %(position)s.")
            % {"position": _queue_number(signup)},
        )
    return redirect("network:signup", token=signup.token)


def _check_email(request, event):
    messages.success(
        request,
        _("Thank you. We have sent you an e-mail: follow its link to confirm your sign-up."),
    )
    return redirect(event)


def _queue_number(signup):
    """The person's place in the waiting list now (1 is next), not the stored position,
    which keeps counting up."""
    return (
        signup.event.signups.filter(state=State.WAITING, position__lt=signup.position).count() + 1
    )


def _page(request, event, *, form, mine=None, refusal=None, limited=False, status=200):
    places = services.free_places(event)
    return render(
        request,
        "network/signups/event.html",
        {
            "event": event,
            "themes": list(event.themes.all()),
            "places": places,
            "form": form,
            "mine": mine,
            "refusal": refusal,
            "limited": limited,
            "retention_days": settings.NETWORK_PARTICIPANT_RETENTION_DAYS,
            "contact_email": settings.PORTAL_CONTACT_EMAIL,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def signup(request, token):
    """The person's own page for their sign-up, reached by the link in every e-mail."""
    signup = selectors.signup_by_token(token=token)
    if request.method == "POST":
        return _act(request, signup)
    return _signup_page(request, signup)


ACTIONS = {
    "confirm": lambda signup: services.signup_confirm_email(signup=signup),
    "accept": lambda signup: services.offer_accept(signup=signup),
    "cancel": lambda signup: services.signup_cancel(signup=signup),
}
DONE = {
    "accept": _("The place is yours. See you there."),
    "cancel": _("Your sign-up is cancelled."),
}


def _act(request, signup):
    action = request.POST.get("action")
    if action == "evaluate":
        return _evaluate(request, signup)
    if action not in ACTIONS:
        messages.error(request, _("Choose what to do with the buttons on the page."))
        return redirect("network:signup", token=signup.token)
    if action == "cancel" and not _may_cancel(signup):
        messages.error(request, _("This sign-up cannot be cancelled."))
        return redirect("network:signup", token=signup.token)
    try:
        signup = ACTIONS[action](signup)
    except ValidationError as error:
        refusals.as_message(request, error)
    else:
        if action == "confirm":
            _signed_up_message(request, signup)
        else:
            messages.success(request, DONE[action])
    return redirect("network:signup", token=signup.token)


def _signed_up_message(request, signup):
    if signup.state == State.CONFIRMED:
        messages.success(request, _("Your e-mail address is confirmed and you have a place."))
    elif signup.state == State.WAITING:
        messages.success(
            request,
            _(
                "Your e-mail address is confirmed. The event is full: you are on the waiting "
                "list as number %(position)s."
            )
            % {"position": _queue_number(signup)},
        )


def _evaluate(request, signup):
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            evaluations.evaluation_submit(signup=signup, **form.cleaned_data)
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("Thank you for your evaluation."))
            return redirect("network:signup", token=signup.token)
    return _signup_page(request, signup, evaluation_form=form)


def _may_cancel(signup):
    return signup.state in CANCELLABLE and signup.event.starts_at > timezone.now()


def _signup_page(request, signup, *, evaluation_form=None):
    event = signup.event
    may_evaluate = evaluations.evaluation_refusal(signup) is None
    if may_evaluate and evaluation_form is None:
        evaluation_form = EvaluationForm()
    return render(
        request,
        "network/signups/signup.html",
        {
            "signup": signup,
            "event": event,
            "queue_number": _queue_number(signup) if signup.state == State.WAITING else None,
            "may_cancel": _may_cancel(signup),
            "cancelling": request.GET.get("step") == "cancel" and _may_cancel(signup),
            "evaluation_form": evaluation_form if may_evaluate else None,
            "evaluated": hasattr(signup, "evaluation"),
            "materials": selectors.signup_materials(signup=signup),
            # A cancelled event takes no confirmation and gives no place on offer.
            "published": event.state == event.State.PUBLISHED,
            "offer_open": signup.state == State.OFFERED
            and event.state == event.State.PUBLISHED
            and signup.offer_expires_at
            and signup.offer_expires_at > timezone.now(),
            "event_url": reverse("network:event", args=[event.pk]),
        },
    )


@require_safe
def signup_material(request, token, pk):
    """A material of the event, for the person whose link it is once they have a place or
    came (public on purpose: the link is the key, as for the personal page)."""
    signup = selectors.signup_by_token(token=token)
    item = selectors.signup_material_public_get(signup=signup, pk=pk)
    return storage.download_response(item.file)


@role_required(EVERYONE_LOGGED_IN)
def my_signups(request):
    rows = list(selectors.signups_of_user(user=request.user))
    now = timezone.now()
    return render(
        request,
        "network/signups/my_signups.html",
        {
            "coming": [s for s in rows if s.event.ends_at > now],
            "past": [s for s in rows if s.event.ends_at <= now],
        },
    )


urlpatterns = [
    path("<int:pk>/", event, name="event"),
    path("s/<str:token>/", signup, name="signup"),
    path("s/<str:token>/materials/<int:pk>/", signup_material, name="signup-material"),
    path("mine/", my_signups, name="my-signups"),
]
