"""The abstract follow-up task that every app's tasks inherit: an owner, a deadline, and the
one rule of when a task is open, overdue or done.

A concrete model adds what the task is about (an organisation, a steering group decision)
and says so through `about()`, `get_absolute_url()` and `subject_related`, so that the "my
tasks" list can show and link every app's tasks without a query per task.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.validators import programme_date


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        """Not done yet: open and overdue alike."""
        return self.filter(done_at__isnull=True)

    def overdue(self, today=None):
        """Not done and past the deadline; `today` is the Danish day (Europe/Copenhagen)."""
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def done(self):
        return self.filter(done_at__isnull=False)


class FollowUp(models.Model):
    """Something someone is to do by a date; open until marked done, overdue after the
    deadline (the day after it, by the Danish calendar)."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        OVERDUE = "overdue", _("Overdue")
        DONE = "done", _("Done")

    title = models.CharField(_("task"), max_length=300)
    # Each concrete model names its own reverse accessor (user.tasks, user.steering_tasks).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_owned",
    )
    due_on = models.DateField(_("deadline"), validators=[programme_date])
    done_at = models.DateTimeField(
        _("done"),
        null=True,
        blank=True,
        editable=False,
        validators=[programme_date],
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = FollowUpQuerySet.as_manager()

    # What `about()` and `get_absolute_url()` read, for select_related in the "my tasks" list.
    subject_related = ()

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        raise NotImplementedError

    def state(self, today=None):
        if self.done_at:
            return self.State.DONE
        today = today or timezone.localdate()
        return self.State.OVERDUE if self.due_on < today else self.State.OPEN

    def get_state_display(self, today=None):
        return self.State(self.state(today)).label

    def may_complete(self, user):
        """The project leader may mark any task done or open again; the programme's staff
        their own. A steering group member may own a task but changes nothing in the
        portal: the project leader marks it done for them."""
        return user.is_active and (
            user.is_project_leader or (user.is_programme_staff and self.owner_id == user.pk)
        )

    def set_done(self, *, by):
        """Mark done in memory (the services save it)."""
        self.done_at, self.done_by = timezone.now(), by

    def set_open(self):
        self.done_at, self.done_by = None, None

    def about(self):
        """What the task is about, in a few words, for a list of tasks from every app."""
        raise NotImplementedError
