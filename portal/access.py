"""Who may use a view, and what a person may fetch through it. Every view in the portal names
its roles through `role_required`, and fetches an object by its pk only through a
`<noun>_get_for_user` selector built on `get_for_user`."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

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


def staff_only(queryset, user):
    """`queryset` for the programme's staff, nothing for anyone else: the `visible` of a
    selector whose objects only the staff may know of."""
    return queryset if user.is_authenticated and user.is_programme_staff else queryset.none()


def get_for_user(visible, *, pk, for_change=False, may_change=None):
    """The one way a view fetches an object for a person; each app's
    `<noun>_get_for_user(*, user, pk, for_change=False)` selector is this, given which rows
    the person may see and who may change one.

    `visible` is the queryset of what the person may know exists (`.none()` for someone who
    may know of none): anything else is 404, whether it exists or not, so a guessed pk
    reveals nothing. With `for_change`, an object the person may see but not change is 403:
    `may_change(obj)` decides; without it, whoever may see the object may change it.
    """
    try:
        obj = visible.get(pk=pk)
    except (visible.model.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    if for_change and may_change is not None and not may_change(obj):
        raise PermissionDenied
    return obj
