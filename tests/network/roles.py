"""The roles the staff pages' tests try each view with, and what a refusal looks like."""

from django.urls import reverse

from portal.models import User
from tests.factories.portal import UserFactory

ROLES = ["anonymous", *User.Role.values]
STAFF = {User.Role.PROJECT_LEADER, User.Role.CONSULTANT}


def log_in(client, role):
    if role == "anonymous":
        return None
    user = UserFactory(role=role)
    client.force_login(user)
    return user


def refused(response, role):
    if role == "anonymous":
        return response.status_code == 302 and response["Location"].startswith(reverse("login"))
    return response.status_code == 403
