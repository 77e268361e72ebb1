from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def username_for_login(login):
    """The user name that `login` (a user name or an e-mail address) stands for.

    An e-mail address of no one is returned as it was given.
    """
    if login and "@" in login:
        user_model = get_user_model()
        user = user_model.objects.filter(email__iexact=login).first()
        if user is not None:
            return user.get_username()
    return login


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the user name or the e-mail address.

    Self-registered enterprise users know their e-mail address; staff have short user names.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        username = username_for_login(username)
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_username(request, credentials):
    """The name django-axes counts failed logins under (AXES_USERNAME_CALLABLE).

    A person may log in with the user name or the e-mail address. Counted as typed, switching
    between the two would double the guesses allowed, so both count under the user name.
    Lower case, because the e-mail address is matched regardless of case.
    """
    if credentials is not None:
        login = credentials.get("username")
    else:
        login = getattr(request, "POST", {}).get("username")
    login = (login or "").strip()
    return username_for_login(login).lower() if login else None


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler, but a successful login clears only that user's failures.

    Axes would also clear every failure from the client's address: anyone with an account of
    their own (registration is open) could then guess another person's password a few times,
    log in as themselves, and start again.
    """

    def reset_user_attempts(self, request, credentials=None):
        username = lockout_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
