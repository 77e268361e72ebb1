"""Who may use a view. Every view in the portal names its roles through `role_required`."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from portal.models import User

STAFF = User.STAFF_ROLES
PROJECT_LEADER = (User.Role.PROJECT_LEADER,)
ENTERPRISE = (User.Role.ENTERPRISE,)
EVERYONE_LOGGED_IN = tuple(User.Role)


def role_required(*roles):
    """Anonymous people are sent to the login page; a logged-in user who holds none of
    `roles` gets 403 (any one of their roles that is allowed lets them in)."""
    allowed = {
        role for group in roles for role in (group if isinstance(group, tuple) else (group,))
    }

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.is_active or not user.has_role(*allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = frozenset(allowed)
        return wrapper

    return decorator
