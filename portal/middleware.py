import time

import csp.middleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import ngettext

from portal.views import healthz


class LanguageMiddleware:
    """Danish unless the person has chosen English in the header.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a Danish citizen
    with an English browser would get English pages. A municipal portal is Danish first: only
    the language cookie, which the header's language switch sets, changes that.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class HealthCheckMiddleware:
    """Answer /healthz before host validation and HTTPS redirects.

    Load balancers and container probes call it by IP address over plain HTTP; they should
    learn whether the database answers, not get a 400 for an unknown host.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY), on pages only.

    A PDF, spreadsheet or calendar runs no script of ours, and Chromium's PDF viewer breaks
    under a page's policy (its viewer page has inline styles), so downloads go without one;
    X-Frame-Options still keeps them out of other sites' frames.
    """

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html"):
            response._csp_exempt = True
            response._csp_exempt_ro = True
        return super().process_response(request, response)


class PermissionsPolicyMiddleware:
    """Switch off browser features the portal never uses (settings.PERMISSIONS_POLICY).

    Django's SecurityMiddleware has no setting for this header, hence these few lines.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class PrivateCacheMiddleware:
    """Nothing shown to a logged-in person is kept by the browser or a proxy.

    Their pages and downloads (CSV, XLSX, PDF, DOCX, JSON, ICS) may hold personal data; with
    `no-store` a shared computer's cache or the back button after logging out gives none of it
    away. Public pages for anonymous visitors keep their normal caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True)
        return response


# The session's clocks, in seconds since the epoch.
SESSION_LOGIN_AT = "portal_login_at"
SESSION_SEEN_AT = "portal_seen_at"
# Writing the time on every request would save the session on every request; for limits
# counted in minutes, noting it once a minute is enough (a session may end up to a minute early).
SEEN_RESOLUTION = 60


def start_session_clocks(sender, request, user, **kwargs):
    """On logging in (user_logged_in, connected in PortalConfig.ready, as Django notes
    last_login): both clocks start, and a session that logs in again starts afresh."""
    now = int(time.time())
    request.session[SESSION_LOGIN_AT] = now
    request.session[SESSION_SEEN_AT] = now


def session_idle_minutes(user):
    """How long this person's session lasts without activity: shorter for those who see the
    mapping's personal data (and the admin's)."""
    if user.is_programme_staff or user.is_staff or user.is_superuser:
        return settings.SESSION_IDLE_MINUTES_STAFF
    return settings.SESSION_IDLE_MINUTES


class SessionTimeoutMiddleware:
    """Log a person out after a while without activity, and some hours after they logged in.

    Django's own session expiry counts only from the last save and is the same for everyone;
    this notes when the session logged in and was last used, and ends it with a message when
    either limit is passed. The request then goes on as an anonymous one, so a page behind the
    login sends the person to the login page, where the message tells them why.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._end_if_expired(request, time.time())
        response = self.get_response(request)
        if request.user.is_authenticated:
            self._note_activity(request.session, int(time.time()))
        return response

    def _end_if_expired(self, request, now):
        session = request.session
        login_at = session.get(SESSION_LOGIN_AT)
        seen_at = session.get(SESSION_SEEN_AT)
        if login_at is None or seen_at is None:
            return
        idle = session_idle_minutes(request.user)
        if now - login_at > settings.SESSION_MAX_HOURS * 60 * 60:
            hours = settings.SESSION_MAX_HOURS
            text = ngettext(
                "You were logged out because you logged in more than %(hours)d hour ago. "
                "Please log in again.",
                "You were logged out because you logged in more than %(hours)d hours ago. "
                "Please log in again.",
                hours,
            ) % {"hours": hours}
        elif now - seen_at > idle * 60:
            text = ngettext(
                "You were logged out after %(minutes)d minute without activity.",
                "You were logged out after %(minutes)d minutes without activity.",
                idle,
            ) % {"minutes": idle}
        else:
            return
        logout(request)
        messages.info(request, text)

    def _note_activity(self, session, now):
        # A session from before these clocks existed starts them at its first request.
        session.setdefault(SESSION_LOGIN_AT, now)
        if now - session.get(SESSION_SEEN_AT, 0) >= SEEN_RESOLUTION:
            session[SESSION_SEEN_AT] = now
