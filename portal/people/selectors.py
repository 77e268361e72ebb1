"""Reads for the people page."""

from django.urls import reverse

from portal import deliveries, sending
from portal.access import get_for_user
from portal.models import RoleChange, User
from portal.people.services import CHANGE_EMAIL, INVITATION_EMAIL, may_manage

RECENT_CHANGES = 50


def person_list():
    """Everyone with an account, with their roles: active people first, then by name."""
    return User.objects.prefetch_related("user_roles").order_by(
        "-is_active", "first_name", "last_name", "username"
    )


def person_get_for_user(*, user, pk, for_change=False):
    """A person with an account, for the project leader's people page (404 for anyone
    else); changing their roles or access is refused (403) for the people the project
    leader does not manage there (administrators, other project leaders, themselves:
    `services.may_manage`)."""
    visible = User.objects.all() if user.is_project_leader else User.objects.none()
    return get_for_user(
        visible,
        pk=pk,
        for_change=for_change,
        may_change=lambda person: may_manage(by=user, person=person),
    )


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
