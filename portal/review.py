"""What the steering group's reviews share, whatever they review (the interim report's
versions in `mapping`, the strategy's in `strategy`): an answer to a member's comment, and a
member's verdict given or changed. Each app checks who may do it; these save the row."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def answer_save(*, comment, by, text, part):
    """Save `by`'s answer to `comment`, on the same part (`part` names the model's field for
    it: the report's chapter, the strategy's section). Answers are not answered."""
    if comment.answer_to_id is not None:
        raise ValidationError(_("Answer the comment itself, not an answer."), code="nested")
    answer = type(comment)(
        version=comment.version,
        text=text.strip(),
        author=by,
        answer_to=comment,
        **{part: getattr(comment, part)},
    )
    answer.full_clean()
    answer.save()
    return answer


def verdict_save(*, model, version, member, verdict, comment=""):
    """Give `member`'s verdict on `version`, or change the one they gave (one per member,
    the row locked so that two clicks make one verdict). Call inside a transaction."""
    row = model.objects.select_for_update().filter(version=version, member=member).first()
    row = row or model(version=version, member=member)
    row.verdict = verdict
    row.comment = comment.strip()
    row.given_at = timezone.now()
    row.full_clean()
    row.save()
    return row
