from django.urls import path

from mapping.views import (
    cases,
    contacts,
    cvr,
    directory,
    interactions,
    meetings,
    moderation,
    organisations,
    potentials,
    privacy,
    publication,
    reports,
    spreadsheets,
    stakeholders,
)

app_name = "mapping"

urlpatterns = [
    path("enterprises/", directory.directory_list, name="directory"),
    path("enterprises/<int:pk>/", directory.directory_detail, name="directory-detail"),
    path("register/", directory.register, name="register"),
    path("mapping/organisations/", organisations.organisation_list, name="organisation-list"),
    path(
        "mapping/organisations/new/",
        organisations.organisation_create,
        name="organisation-create",
    ),
    path(
        "mapping/organisations/<int:pk>/",
        organisations.organisation_detail,
        name="organisation-detail",
    ),
    path(
        "mapping/organisations/<int:pk>/edit/",
        organisations.organisation_edit,
        name="organisation-edit",
    ),
    path(
        "mapping/organisations/<int:pk>/history/",
        organisations.organisation_history,
        name="organisation-history",
    ),
    path(
        "mapping/organisations/<int:organisation_pk>/contacts/new/",
        organisations.contact_edit,
        name="contact-create",
    ),
    path("mapping/contacts/<int:pk>/edit/", organisations.contact_edit, name="contact-edit"),
    path("mapping/mine/", organisations.my_organisations, name="my-organisations"),
    path("mapping/moderation/", moderation.moderation_queue, name="moderation-queue"),
    path(
        "mapping/moderation/<int:pk>/approve/",
        moderation.moderation_approve,
        name="moderation-approve",
    ),
    path(
        "mapping/moderation/<int:pk>/reject/",
        moderation.moderation_reject,
        name="moderation-reject",
    ),
]

# Each concept's views module keeps its own URL list; all share the app's namespace.
urlpatterns += (
    stakeholders.urlpatterns
    + interactions.urlpatterns
    + potentials.urlpatterns
    + contacts.urlpatterns
    + cases.urlpatterns
    + meetings.urlpatterns
    + spreadsheets.urlpatterns
    + cvr.urlpatterns
    + privacy.urlpatterns
    + publication.urlpatterns
    + reports.urlpatterns
)
