from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal import password_reset, views
from portal.forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("was", views.accessibility_statement, name="accessibility-statement"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    # Before Django's own: the same URL and name, rate-limited, the same answer for every address.
    path(
        "accounts/password_reset/",
        password_reset.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("programme/", include("portal.programme.urls")),
    path("people/", include("portal.people.urls")),
    path("mail/", include("portal.mail.urls")),
    path("jobs/", include("portal.jobs.urls")),
    path("", include("portal.followup.views")),
    path("", include("mapping.urls")),
    path("", include("strategy.urls")),
    path("network/", include("network.urls")),
]

if settings.DEBUG:
    # On a laptop Django serves the uploads; in production the proxy or object storage does.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The error pages in the portal's layout and the visitor's language (portal.errors).
handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
