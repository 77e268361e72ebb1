"""Reads for the people page."""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from portal import deliveries, sending
from portal.models import RoleChange, User
from portal.people.services import CHANGE_EMAIL, INVITATION_EMAIL

RECENT_CHANGES = 50


def person_list():
    """Everyone with an account, with their roles: active people first, then by name."""
    return User.objects.prefetch_related("user_roles").order_by(
        "-is_active", "first_name", "last_name", "username"
    )


def person_get(*, pk):
    return get_object_or_404(User, pk=pk)


def change_list(*, limit=RECENT_CHANGES):
    """The latest changes to people's roles and access, newest first."""
    return RoleChange.objects.select_related("person", "by")[:limit]


def unsent_mail():
    """Invitations and notices about roles that did not go out and wait to be sent again."""
    return deliveries.unsent(templates=[INVITATION_EMAIL, CHANGE_EMAIL])


def mail_job(*, unsent):
    """The job sending such e-mails again from the people page, while the page should show
    it (`sending.mail_job`)."""
    return sending.mail_job(result_url=reverse("people:person-list"), unsent=unsent)
