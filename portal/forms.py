from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form, with a label that says the e-mail address works too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name or e-mail address")


class AutocompleteMixin:
    """Tells the browser what each field asks for (WCAG 1.3.5), so it can offer to fill it in.

    A form names its fields' purposes in `autocomplete` (field name -> HTML autocomplete
    token, such as "email", "tel" or "postal-code"); fields the form does not have are skipped.
    """

    autocomplete = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, token in self.autocomplete.items():
            if name in self.fields:
                self.fields[name].widget.attrs.setdefault("autocomplete", token)
