from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

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
