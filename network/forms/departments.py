"""Forms for the table of departments and units and their contact persons."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from network.models import ContactPerson, Department
from network.selectors.departments import (
    department_choices,
    department_name_taken,
    descendants_of,
)
from portal.concurrency import ConcurrentEditMixin
from portal.models import User


class DepartmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class DepartmentForm(ConcurrentEditMixin, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "parent", "active"]
        field_classes = {"parent": DepartmentChoiceField}
        help_texts = {
            "parent": _("Leave empty for a department; choose one to make this a unit of it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = department_choices(active_only=False)
        if self.instance.pk is not None:
            # Not part of itself, nor of one of its own units.
            choices = choices.exclude(pk__in=descendants_of(self.instance))
        self.fields["parent"].queryset = choices
        self.fields["parent"].empty_label = _("None: a department of its own")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Fieldset(_("Department or unit"), "name", "parent", "active"))

    def clean(self):
        cleaned = super().clean()
        name, parent = cleaned.get("name"), cleaned.get("parent")
        if name and department_name_taken(name=name, parent=parent, department=self.instance):
            # At the name, and instead of the model's own check of the same rule, which
            # would say it above the form.
            self.add_error("name", _("There is already a department with this name here."))
        return cleaned


class ContactPersonForm(ConcurrentEditMixin, forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["department", "topic", "name", "title", "email", "phone", "user"]
        field_classes = {"department": DepartmentChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = department_choices(include=self.instance.department_id)
        # An account of the municipality's staff (or the programme's), if they have one.
        roles = (User.Role.MUNICIPAL_EMPLOYEE, *User.STAFF_ROLES)
        accounts = User.objects.with_role(*roles).filter(is_active=True)
        if self.instance.user_id:
            accounts = accounts | User.objects.filter(pk=self.instance.user_id)
        self.fields["user"].queryset = accounts.distinct().order_by("first_name", "username")
        self.fields["user"].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Where and what"), "department", "topic"),
            Fieldset(_("The person"), "name", "title", "email", "phone", "user"),
        )
