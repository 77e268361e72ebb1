"""Password reset, limited per client address and per e-mail address.

The answer must not tell whether an address belongs to someone: not in its words, and not in
its timing. Django's view looks the address up and sends the mail inside the request, so an
address with an account answers later (by the time it takes to reach the mail server) than
one without. Here the request does the same work for every address (validate, count, redirect)
and the look-up and the mail happen after the response has gone, when the WSGI server closes
it (Django's request_finished signal). The alternative, doing the same work on both paths,
would need a fake mail to a mail server for unknown addresses, and still would not match the
time a real delivery takes. A background-job queue would be the other right place for this
work; the portal has none yet.
"""

import functools
import hashlib
import logging
import threading

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.forms import _unicode_ci_compare
from django.core.signals import request_finished
from django.db.models import Exists, OuterRef
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation

from portal import ratelimit

logger = logging.getLogger(__name__)

ADDRESS_SCOPE = "password-reset-address"
EMAIL_SCOPE = "password-reset-email"

# Work to do once the current request's response has gone. Per thread, because a threaded
# WSGI server finishes each request (and sends request_finished) in the thread that ran it.
_after_response = threading.local()


def _run_after_response(job):
    if not hasattr(_after_response, "jobs"):
        _after_response.jobs = []
    _after_response.jobs.append(job)


@receiver(request_finished, dispatch_uid="portal.password_reset.after_response")
def _run_pending_jobs(**kwargs):
    jobs = getattr(_after_response, "jobs", [])
    _after_response.jobs = []
    for job in jobs:
        try:
            job()
        except Exception:  # the response has gone: nobody else could report it
            logger.exception("Work after the password-reset response failed")


def _email_key(email):
    # Hashed: the cache holds no e-mail addresses, and any address is a valid cache key.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's form, which also sends a link to someone invited who has not chosen a
    password yet: an invitation's link expires (PASSWORD_RESET_TIMEOUT), and a steering
    group member invited by the e-mail that sent them a report must be able to get a new
    one on their own. Django's form skips every account without a usable password; here
    only those that were never invited (set unusable on purpose) stay skipped."""

    def get_users(self, email):
        from portal.models import RoleChange

        invited = RoleChange.objects.filter(person=OuterRef("pk"), kind=RoleChange.Kind.INVITED)
        users = (
            get_user_model()
            ._default_manager.filter(email__iexact=email, is_active=True)
            .annotate(invited=Exists(invited))
        )
        # As Django's own: the address must match exactly, not only after case folding.
        return (
            user
            for user in users
            if (user.has_usable_password() or user.invited)
            and _unicode_ci_compare(email, user.email)
        )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm

    def post(self, request, *args, **kwargs):
        # Many requests from one address are a robot (or a whole office): saying so is fine.
        address = ratelimit.client_address(request)
        if ratelimit.is_limited(ADDRESS_SCOPE, address, limit=settings.PASSWORD_RESET_RATE_LIMIT):
            return render(
                request,
                "registration/password_reset_limited.html",
                {"contact_email": settings.PORTAL_CONTACT_EMAIL},
                status=429,
            )
        ratelimit.hit(ADDRESS_SCOPE, address, window=settings.PASSWORD_RESET_RATE_WINDOW)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # Counted for every address, known or not, so the limit itself tells nothing; once it
        # is reached no mail goes, yet the answer is the same as for any other request.
        key = _email_key(form.cleaned_data["email"])
        if not ratelimit.is_limited(
            EMAIL_SCOPE, key, limit=settings.PASSWORD_RESET_EMAIL_RATE_LIMIT
        ):
            _run_after_response(self._send_job(form))
        ratelimit.hit(EMAIL_SCOPE, key, window=settings.PASSWORD_RESET_RATE_WINDOW)
        return HttpResponseRedirect(self.get_success_url())

    def _send_job(self, form):
        save = functools.partial(
            form.save,
            use_https=self.request.is_secure(),
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
            extra_email_context=self.extra_email_context,
        )
        # The language middleware has reset the language by the time the job runs.
        language = translation.get_language()

        def job():
            with translation.override(language):
                save()

        return job
