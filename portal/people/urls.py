from django.urls import path

from portal.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("invite/", views.person_invite, name="person-invite"),
    path("<int:pk>/role/", views.person_role, name="person-role"),
    path("<int:pk>/deactivate/", views.person_deactivate, name="person-deactivate"),
    path("<int:pk>/reactivate/", views.person_reactivate, name="person-reactivate"),
    path("mail/retry/", views.mail_retry, name="mail-retry"),
    path(
        "<int:pk>/invitation/",
        views.person_invitation_resend,
        name="person-invitation-resend",
    ),
]
