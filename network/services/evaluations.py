"""A participant's evaluation after an event: its answers become feedback (tilkendegivelser)
in the mapping, by theme and tagged with the event's themes, so that the strategy's "what
we heard" counts what was said at the network's events too."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from mapping.models import Feedback
from network.models import Evaluation, SignUp

# Those who took part may evaluate: a confirmed participant whose attendance was not marked
# took part as far as the portal knows.
MAY_EVALUATE = (SignUp.State.CONFIRMED, SignUp.State.ATTENDED)


def evaluation_refusal(signup, *, now=None):
    """Why `signup`'s person may not evaluate its event (None when they may)."""
    now = now or timezone.now()
    event = signup.event
    if event.is_cancelled or event.starts_at > now:
        return _("The evaluation opens when the event has taken place.")
    if signup.state not in MAY_EVALUATE:
        return _("Only participants can evaluate the event.")
    if Evaluation.objects.filter(signup=signup).exists():
        return _("You have already evaluated this event. Thank you.")
    return None


def feedback_source(event):
    """Where the feedback was heard, as the mapping shows it: the event's title and date, in
    the municipality's language (it is stored)."""
    with translation.override(settings.LANGUAGE_CODE):
        date = formats.date_format(timezone.localtime(event.starts_at), "SHORT_DATE_FORMAT")
        return _("%(title)s, %(date)s") % {"title": event.title, "date": date}


def evaluation_submit(*, signup, rating, needs="", ideas="", barriers=""):
    """Record `signup`'s evaluation (once), and make each answer given into feedback under
    its theme (`Evaluation.THEMES`), heard at the event, for the sign-up's organisation if
    it has one, tagged with the event's themes."""
    with transaction.atomic():
        signup = (
            SignUp.objects.select_for_update(of=("self",))
            .select_related("event", "organisation")
            .get(pk=signup.pk)
        )
        reason = evaluation_refusal(signup)
        if reason is not None:
            raise ValidationError(reason, code="not_allowed")
        answers = {"needs": needs.strip(), "ideas": ideas.strip(), "barriers": barriers.strip()}
        evaluation = Evaluation(signup=signup, rating=rating, **answers)
        evaluation.full_clean()
        evaluation.save()
        event = signup.event
        themes = list(event.themes.all())
        source = feedback_source(event)
        for name, text in answers.items():
            if not text:
                continue
            feedback = Feedback(
                text=text,
                theme=Evaluation.THEMES[name],
                source=source,
                organisation=signup.organisation,
                recorded_by=None,
            )
            feedback.full_clean(exclude={"contact", "meeting", "recorded_by"})
            feedback.save()
            feedback.tags.set(themes)
            evaluation.feedback.add(feedback)
    return evaluation
