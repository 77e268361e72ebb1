"""Forms of the steering group: its members, its meetings and their agenda, decisions with
their follow-up tasks, and the task list's filter."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import registry
from portal.concurrency import ConcurrentEditMixin
from portal.forms import AutocompleteMixin, model_values
from portal.models import SteeringGroupMember, User
from portal.programme.models import AgendaItem, Decision, FollowUpTask, SteeringMeeting

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# The agenda item's "points at" choice for the programme's budget; documents are "<type>:<id>".
BUDGET = "budget"
# Who can be given a follow-up task: those who run and follow the programme. A steering
# group member may be asked to do something, though only the staff mark tasks done.
TASK_OWNER_ROLES = (User.Role.PROJECT_LEADER, User.Role.CONSULTANT, User.Role.STEERING_GROUP)


def _datetime_widget():
    # The browser's date-and-time picker, read in Danish time and stored in UTC.
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def _helper(*fieldsets):
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*(Fieldset(legend, *fields) for legend, fields in fieldsets))
    return helper


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class MemberForm(AutocompleteMixin, ConcurrentEditMixin, forms.ModelForm):
    """A steering group member; the user account is one of the steering group's logins, each
    linked to one member at most."""

    autocomplete = {"name": "name", "organisation": "organization", "email": "email"}

    class Meta:
        model = SteeringGroupMember
        fields = ["name", "organisation", "group_role", "email", "user", "active"]
        field_classes = {"user": UserChoiceField}
        help_texts = {
            "organisation": _("E.g. 'Haderslev Kommune, Social og Sundhed'."),
            "email": _("The agenda is sent to this address."),
            "user": _("Only users with the role steering group member who are not linked yet."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        free = User.role_q(User.Role.STEERING_GROUP) & Q(steering_membership__isnull=True)
        if self.instance.user_id:
            free |= Q(pk=self.instance.user_id)
        self.fields["user"].queryset = User.objects.filter(free).order_by(
            "first_name", "last_name", "username"
        )
        self.fields["user"].empty_label = _("No user account")
        self.helper = _helper(
            (_("The person"), ["name", "organisation", "email"]),
            (_("In the steering group"), ["group_role", "user", "active"]),
        )


class MeetingForm(ConcurrentEditMixin, forms.ModelForm):
    """When and where; the minutes once the meeting has been held."""

    class Meta:
        model = SteeringMeeting
        fields = ["starts_at", "ends_at", "place", "minutes"]
        widgets = {
            "starts_at": _datetime_widget(),
            "ends_at": _datetime_widget(),
            "minutes": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "starts_at": _("Danish time."),
            "ends_at": _("Danish time. Must be after the start."),
            "minutes": _("Written after the meeting."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
        fieldsets = [(_("When and where"), ["starts_at", "ends_at", "place"])]
        if self.instance.pk:
            fieldsets.append((_("Minutes"), ["minutes"]))
        else:
            del self.fields["minutes"]
        self.helper = _helper(*fieldsets)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A meeting must end after it starts."))
        return cleaned


def _subject_key(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return f"{content_type.pk}:{obj.pk}"


def subject_choices(user, current=None):
    """The "points at" choices: nothing, the budget, then the registry's documents by group.

    The item's current document stays selectable even when it is no longer among those the
    apps offer (an older version). Returns (choices, {key: object}).
    """
    objects = {}
    choices = [("", _("Nothing")), (BUDGET, _("The budget"))]
    for label, group in registry.agenda_subjects(user):
        options = []
        for obj in group:
            key = _subject_key(obj)
            objects[key] = obj
            options.append((key, str(obj)))
        if options:
            choices.append((label, options))
    if current is not None and _subject_key(current) not in objects:
        key = _subject_key(current)
        objects[key] = current
        choices.append((_("Chosen earlier"), [(key, str(current))]))
    return choices, objects


class AgendaItemForm(ConcurrentEditMixin, forms.ModelForm):
    points_at = forms.ChoiceField(
        label=_("Points at"),
        required=False,
        help_text=_("A document the group reads for this item, or the budget."),
    )

    class Meta:
        model = AgendaItem
        fields = ["position", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, meeting, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        item = self.instance
        current = item.subject if item.subject_type_id else None
        choices, self.subjects = subject_choices(user, current)
        self.fields["points_at"].choices = choices
        if current is not None:
            self.fields["points_at"].initial = _subject_key(current)
        elif item.points_at_budget:
            self.fields["points_at"].initial = BUDGET
        self.fields["position"].min_value = 1
        self.fields["position"].widget.attrs["min"] = 1
        if not item.pk:
            last = max((i.position for i in meeting.agenda_items.all()), default=0)
            self.fields["position"].initial = last + 1
        self.helper = _helper((_("Agenda item"), ["position", "title", "description", "points_at"]))

    def clean_position(self):
        position = self.cleaned_data["position"]
        if position is not None and position < 1:
            raise forms.ValidationError(_("Number the items from 1."))
        taken = self.meeting.agenda_items.filter(position=position).exclude(pk=self.instance.pk)
        other = taken.first()
        if other is not None:
            raise forms.ValidationError(
                _("Item %(number)s is already on the agenda: “%(title)s”. Choose another number."),
                params={"number": position, "title": other.title},
            )
        return position

    def pointed_at(self):
        """What the item points at, as `agenda_item_save` takes it: a `subject` (a document
        the group reads) or the budget (`points_at_budget`), or neither."""
        choice = self.cleaned_data.get("points_at", "")
        return {"subject": self.subjects.get(choice), "points_at_budget": choice == BUDGET}

    def _post_clean(self):
        # The meeting and what the item points at are not model fields of this form: set
        # them before the model validates, so that its rules check what will be saved.
        item = self.instance
        item.meeting = self.meeting
        points_at = self.pointed_at()
        subject = points_at["subject"]
        item.points_at_budget = points_at["points_at_budget"]
        item.subject_type = ContentType.objects.get_for_model(subject) if subject else None
        item.subject_id = subject.pk if subject else None
        super()._post_clean()


class DecisionForm(ConcurrentEditMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "agenda_item"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.instance.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position", "pk")
        self.fields["agenda_item"].empty_label = _("The meeting as a whole")
        self.helper = _helper((_("The decision"), ["text", "agenda_item"]))


class TaskForm(ConcurrentEditMixin, forms.ModelForm):
    class Meta:
        model = FollowUpTask
        fields = ["title", "owner", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        field_classes = {"owner": UserChoiceField}

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        # The task's owner stays selectable even if their account has since been closed.
        owners = User.role_q(*TASK_OWNER_ROLES) & Q(is_active=True)
        if self.instance.owner_id:
            owners |= Q(pk=self.instance.owner_id)
        self.fields["owner"].queryset = User.objects.filter(owners).order_by(
            "first_name", "last_name", "username"
        )
        self.fields["owner"].empty_label = _("Choose the owner")

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if self.meeting is not None and due_on is not None:
            meeting_day = timezone.localtime(self.meeting.starts_at).date()
            if due_on < meeting_day:
                raise forms.ValidationError(_("The deadline cannot be before the meeting."))
        return due_on


class TaskEditForm(TaskForm):
    """A follow-up task corrected by the project leader: its title, owner and deadline, and
    whether it is done (untick to reopen it)."""

    done = forms.BooleanField(
        label=_("Done"),
        required=False,
        help_text=_("Untick to reopen a task that was marked done by mistake."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done"].initial = self.instance.done_at is not None
        self.helper = _helper((_("The follow-up task"), ["title", "owner", "due_on", "done"]))


class BaseTaskFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, meeting=None, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "meeting": self.meeting}

    def new_rows(self):
        """The new tasks filled in, as the `tasks` the decision services take (the rows
        left empty are no tasks)."""
        return [model_values(form) for form in self.extra_forms if form.has_changed()]


TaskFormSet = forms.inlineformset_factory(
    Decision,
    FollowUpTask,
    form=TaskForm,
    formset=BaseTaskFormSet,
    extra=3,
    max_num=20,
    validate_max=True,
    can_delete=False,
)


class TaskFilter(django_filters.FilterSet):
    whose = django_filters.ChoiceFilter(
        label=_("Whose tasks"),
        choices=[("mine", _("My tasks")), ("all", _("Everyone's tasks"))],
        empty_label=None,
        method="filter_whose",
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[
            ("open", _("Not done (open and overdue)")),
            (FollowUpTask.State.OVERDUE, _("Overdue")),
            (FollowUpTask.State.DONE, _("Done")),
        ],
        empty_label=None,
        method="filter_state",
    )

    class Meta:
        model = FollowUpTask
        fields = ["whose", "state"]

    def filter_whose(self, queryset, name, value):
        return queryset.filter(owner=self.request.user) if value == "mine" else queryset

    def filter_state(self, queryset, name, value):
        if value == FollowUpTask.State.DONE:
            return queryset.filter(done_at__isnull=False)
        if value == FollowUpTask.State.OVERDUE:
            return queryset.overdue(timezone.localdate())
        return queryset.open()
