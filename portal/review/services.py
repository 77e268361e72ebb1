"""The review's workflows, for any app's policy: a member's comment, staff's answer and a
member's verdict. Each refuses with a `ValidationError`, which the views show as a form
error (`portal.review.views`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.review.states import check_open


def _check_open(policy, version):
    """Refuse a comment or verdict on a version not submitted, superseded by a newer one,
    or whose review the app closed."""
    if version.submitted_at is None:
        raise ValidationError(
            _("This version has not been submitted to the steering group."), code="not_submitted"
        )
    check_open(version)
    reason = policy.closed_reason(version, lock=True)
    if reason:
        raise ValidationError(reason, code="closed")


def _check_part(policy, version, part):
    if part not in dict(policy.parts(version)):
        raise ValidationError({policy.part_field: policy.part_invalid}, code="part")


@transaction.atomic
def comment_add(*, policy, version, by, part, text):
    """A steering group member's comment on a part of a submitted version ("" for the
    whole)."""
    if not policy.may_comment(by):
        raise ValidationError(policy.not_a_reviewer, code="role")
    _check_open(policy, version)
    _check_part(policy, version, part)
    comment = policy.comment_model(
        version=version, text=text.strip(), author=by, **{policy.part_field: part}
    )
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def comment_answer(*, policy, comment, by, text):
    """Staff's answer to a member's comment, on the same part. Answers are not answered.
    Taken on a closed review too: an answer says what became of a comment."""
    if not policy.may_answer(by):
        raise ValidationError(_("Only the programme's staff answer comments."), code="role")
    if comment.answer_to_id is not None:
        raise ValidationError(_("Answer the comment itself, not an answer."), code="nested")
    part = policy.part_field
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


@transaction.atomic
def verdict_give(*, policy, version, member, verdict, comment=""):
    """Give `member`'s verdict on `version`, or change the one they gave (one per member,
    the row locked so that two clicks make one verdict)."""
    if not policy.may_give_verdict(member):
        raise ValidationError(policy.not_a_reviewer, code="role")
    _check_open(policy, version)
    rows = policy.verdict_model.objects.select_for_update()
    row = rows.filter(version=version, member=member).first()
    row = row or policy.verdict_model(version=version, member=member)
    row.verdict = verdict
    row.comment = comment.strip()
    row.given_at = timezone.now()
    row.full_clean()
    row.save()
    return row
