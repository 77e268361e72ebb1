"""Forms of the staff's participant pages: adding someone to an event, moving someone on the
waiting list, marking attendance."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from network.models import Department, SignUp
from network.selectors.departments import department_choices


class DepartmentChoiceField(forms.ModelChoiceField):
    """A department, named with the department it is part of."""

    def label_from_instance(self, obj):
        return str(obj)


class ParticipantAddForm(forms.Form):
    """Staff add a person to an event (the way onto an invited-only event): they get a place,
    or a place on the waiting list, at once."""

    name = forms.CharField(label=_("Name"), max_length=SignUp._meta.get_field("name").max_length)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("The confirmation, and the link to cancel, are sent here."),
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=SignUp._meta.get_field("organisation_name").max_length,
        required=False,
    )
    department = DepartmentChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("Not municipal staff"),
        help_text=_("For municipal staff: the department they work in."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = department_choices()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Add a participant"), "name", "email", "organisation_name", "department")
        )


class WaitingMoveForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[("up", _("Up")), ("down", _("Down")), ("top", _("To the top"))]
    )


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        choices=[("1", _("Attended")), ("0", _("Not attended"))],
        coerce=lambda value: value == "1",
    )
