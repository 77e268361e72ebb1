"""Who the steering group is, in one place.

Two things describe the steering group: user accounts with the role STEERING_GROUP (they log
in, read what is submitted to them, comment and give verdicts), and the programme's
`SteeringGroupMember` rows (name, organisation, role in the group, and whether the person is
still `active`). A person who has left the group keeps their account row for the record, and
the programme marks their member row inactive; from then on they review nothing.

Everything that counts or e-mails the steering group (the interim report's review, the
strategy's review) asks `reviewers()`, so the two descriptions never disagree.
"""

from django.contrib.auth import get_user_model


def reviewers(*, with_email=False):
    """The people who review what is submitted to the steering group: active users with the
    role STEERING_GROUP, except those whose linked member row is inactive. A user without a
    member row counts (a portal that keeps no member rows works as before).

    `with_email`: only those with an e-mail address, for mailing them.
    """
    user_model = get_user_model()
    users = user_model.objects.filter(role=user_model.Role.STEERING_GROUP, is_active=True).exclude(
        steering_membership__active=False
    )
    if with_email:
        users = users.exclude(email="")
    return users.order_by("first_name", "last_name", "username")


def is_reviewer(user):
    """Whether `user` is one of `reviewers()`."""
    return bool(
        user.is_authenticated and user.is_steering_group and reviewers().filter(pk=user.pk).exists()
    )
