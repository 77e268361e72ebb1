"""Organisation pickers: Danish alphabetical order everywhere, and a filter box on long lists.

`organisation_choices()` is the one way to get organisations in Danish order (Æ, Ø, Å after
Z, on SQLite as on PostgreSQL: portal.collation). The form fields below apply it to any
queryset a form gives them, and carry the attributes by which static/portal/picker.js puts a
filter box above a long list. Without JavaScript the list is shown whole, as before.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from mapping.models import Organisation
from portal.collation import danish_order


def organisation_choices(queryset=None):
    """Organisations (all, or those of `queryset`) in Danish alphabetical order of name."""
    if queryset is None:
        queryset = Organisation.objects.all()
    return queryset.order_by(danish_order("name"), "pk")


def picker_attrs():
    """The texts picker.js shows, in the page's language (on one element per list)."""
    return {
        "data-picker": "",
        "data-picker-label": _("Filter the list"),
        "data-picker-hint": _("Type part of a name. Chosen ones stay in the list."),
        # {shown} and {total} are filled in by the script.
        "data-picker-status": _("{shown} of {total} shown"),
    }


class PickerCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that picker.js can filter; its texts ride on the first box only."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if index == 0 and not subindex:
            option["attrs"].update(picker_attrs())
        return option


class PickerSelect(forms.Select):
    """A drop-down list that picker.js can filter."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(picker_attrs())
        return context


class _DanishOrder:
    """Whatever organisations a form offers, they are offered in Danish order."""

    def _set_queryset(self, queryset):
        if queryset is not None:
            queryset = organisation_choices(queryset)
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


class OrganisationChoiceField(_DanishOrder, forms.ModelChoiceField):
    widget = PickerSelect


class OrganisationMultipleChoiceField(_DanishOrder, forms.ModelMultipleChoiceField):
    widget = PickerCheckboxes
