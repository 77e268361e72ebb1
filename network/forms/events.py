"""Forms of the network's events: the staff's event form, the public list's filters, and
the upload of an event's materials."""

import datetime

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mapping.forms.pickers import PickerCheckboxes
from mapping.models import FeedbackTag
from network.models import Event, Material, Theme
from portal.collation import Fold, fold
from portal.concurrency import ConcurrentEditMixin
from portal.forms import staff_organiser_field

# What the browser's date-and-time picker sends, as mapping's meeting form reads it; a time
# typed the Danish way (27.11.2026 14:30) is read too, where a browser has no picker.
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME_INPUT_FORMATS = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y %H.%M"]
DATETIME_FIELDS = ("starts_at", "ends_at", "signup_opens_at", "signup_closes_at")

# Materials: slides, hand-outs and pictures from an event, at most this large.
MATERIAL_MAX_BYTES = 20 * 1024 * 1024
MATERIAL_EXTENSIONS = (
    "pdf",
    "pptx",
    "docx",
    "xlsx",
    "odp",
    "odt",
    "ods",
    "txt",
    "png",
    "jpg",
    "jpeg",
)
# How many months ahead the public list's month filter offers.
MONTHS_AHEAD = 12


def _datetime_widget():
    # The browser's own picker. Django reads the value in the current time zone
    # (Europe/Copenhagen) and stores it in UTC; it shows a stored value the same way.
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


class EventForm(ConcurrentEditMixin, forms.ModelForm):
    """An event as the staff write it. Its state changes by its own buttons (publish, cancel),
    never here."""

    # Django 6's default, opted into now: a link typed without a scheme is https.
    online_url = forms.URLField(
        label=capfirst(Event._meta.get_field("online_url").verbose_name),
        help_text=Event._meta.get_field("online_url").help_text,
        max_length=Event._meta.get_field("online_url").max_length,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "audience",
            "description",
            "organiser",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
            "signup_opens_at",
            "signup_closes_at",
            "themes",
            "network_themes",
            "outcome",
        ]
        widgets = {
            **{name: _datetime_widget() for name in DATETIME_FIELDS},
            "description": forms.Textarea(attrs={"rows": 6}),
            "outcome": forms.Textarea(attrs={"rows": 5}),
            "themes": PickerCheckboxes,
            "network_themes": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "starts_at": _("Danish time, e.g. 27.11.2026 14:00."),
            "ends_at": _("Danish time. Must be after the start."),
            "signup_opens_at": _("Leave empty to open sign-up when the event is published."),
            "signup_closes_at": _("Leave empty to take sign-ups until the event ends."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in DATETIME_FIELDS:
            self.fields[name].input_formats = DATETIME_INPUT_FORMATS
        staff_organiser_field(self.fields["organiser"], current=self.instance.organiser_id)
        self.fields["kind"].choices = [("", _("Choose a kind")), *Event.Kind.choices]
        # The model's constraint says it too, but only for the form as a whole.
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].validators.append(MinValueValidator(1))
        self.fields["capacity"].widget.attrs["min"] = 1
        self.fields["themes"].queryset = FeedbackTag.objects.order_by("name")
        self.fields["network_themes"].queryset = Theme.objects.filter(
            Q(active=True) | Q(events=self.instance.pk) if self.instance.pk else Q(active=True)
        ).distinct()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("The event"), "title", "kind", "audience", "description", "organiser"),
            Fieldset(_("When and where"), "starts_at", "ends_at", "place", "online_url"),
            Fieldset(_("Places and sign-up"), "capacity", "signup_opens_at", "signup_closes_at"),
            Fieldset(
                _("Themes"),
                Div("themes", css_class="overflow-auto border rounded p-2 mb-3 portal-scroll-box"),
                "network_themes",
            ),
            Fieldset(_("After the event"), "outcome"),
        )


def material_validator(file):
    """A material is a document or picture of a kind people can open, of at most 20 MB."""
    FileExtensionValidator(allowed_extensions=MATERIAL_EXTENSIONS)(file)
    if file.size > MATERIAL_MAX_BYTES:
        raise forms.ValidationError(
            _("A file may be at most %(size)s.") % {"size": filesizeformat(MATERIAL_MAX_BYTES)},
            code="too_big",
        )


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = ["title", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].validators.append(material_validator)
        self.fields["file"].help_text = _(
            "PDF, an Office or OpenDocument file, text or a picture, at most %(size)s."
        ) % {"size": filesizeformat(MATERIAL_MAX_BYTES)}
        self.fields["file"].widget.attrs["accept"] = ",".join(
            f".{extension}" for extension in MATERIAL_EXTENSIONS
        )
        self.helper = FormHelper()
        self.helper.form_tag = False


def month_choices(now=None):
    """The coming months as ("2027-01", "januar 2027"): the month's name in the language of
    the page (Django's own month names, Danish by default)."""
    today = timezone.localdate(now)
    year, month = today.year, today.month
    choices = []
    for _step in range(MONTHS_AHEAD):
        first = datetime.date(year, month, 1)
        choices.append((f"{year:04d}-{month:02d}", formats.date_format(first, "F Y")))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return choices


def month_range(value):
    """'2027-01' -> the first moment of that month and of the next, in Danish time."""
    year, month = (int(part) for part in value.split("-"))
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=zone)
    return start, datetime.datetime(next_year, next_month, 1, tzinfo=zone)


class EventFilter(django_filters.FilterSet):
    """The public list's filters. Parameter names are a stable interface: kind, month,
    place."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Event.Kind.choices, empty_label=_("All kinds")
    )
    month = django_filters.ChoiceFilter(
        label=_("Month"), choices=(), empty_label=_("All months"), method="filter_month"
    )
    place = django_filters.CharFilter(label=_("Place"), method="filter_place")

    class Meta:
        model = Event
        fields = ["kind", "month", "place"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["month"].extra["choices"] = month_choices()
        self.form.fields["place"].help_text = _("A town or an address; “online” for online events.")

    def filter_month(self, queryset, name, value):
        start, end = month_range(value)
        return queryset.filter(starts_at__lt=end, ends_at__gt=start)

    def filter_place(self, queryset, name, value):
        text = fold(" ".join(value.split()))
        if not text:
            return queryset
        matches = Q(place_folded__contains=text)
        if text in ("online", _("online").lower()):
            matches |= ~Q(online_url="")
        return queryset.alias(place_folded=Fold("place")).filter(matches)
