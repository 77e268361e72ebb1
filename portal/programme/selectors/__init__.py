"""Reads of the programme. Who may know of its records: its staff and the steering group read
the plan and the steering group's meetings, members and decisions; the project leader alone
changes them."""


def readers_only(queryset, *, user):
    """`queryset` for the programme's staff and the steering group, nothing for others."""
    return queryset if user.is_programme_staff or user.is_steering_group else queryset.none()


def leader_changes(user):
    """The rule for changing the plan and the steering group's records: the project leader's."""
    return lambda _obj: user.is_project_leader
