"""The network's mailings (offer 8.1): writing a news mail, sending it to the groups chosen,
and unsubscribing.

Sending freezes who it goes to (one `Recipient` per address, counted as the page counted them
a moment before) and hands the mail itself to a background job (`network.send_mailing`),
which builds each person's e-mail with their own unsubscribe link through
`portal.emails.send_to_each` and sends them. A double click sends once: the mailing is locked
and must still be a draft, the job has a key per mailing, and each e-mail a key per mailing and
address.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from network.models import Mailing, OptOut, Recipient
from network.selectors.mailings import audience, has_groups
from portal import jobs

State = Mailing.State
UNSUBSCRIBE_SALT = "network.unsubscribe"
TEMPLATE = "network_mailing"


def unsubscribe_token(email):
    """The secret in an unsubscribe link: the address, signed (no expiry: a link in an old
    mail must still work)."""
    return signing.dumps(email.strip().lower(), salt=UNSUBSCRIBE_SALT)


def email_from_token(token):
    """The address of an unsubscribe token, or None when it was not made by us."""
    try:
        email = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return email if isinstance(email, str) and "@" in email else None


def unsubscribe(*, email):
    """Leave `email` out of every later mailing. Returns the OptOut (the same one twice)."""
    opt_out, _created = OptOut.objects.get_or_create(email=email.strip().lower())
    return opt_out


GROUP_FIELDS = ("to_members", "themes", "events", "quadrants", "to_municipal_staff")
FIELDS = ("subject", "body", "is_marketing", *GROUP_FIELDS)


def _assign(mailing, values):
    related = {}
    for name in FIELDS:
        if name not in values:
            continue
        if name in ("themes", "events"):
            related[name] = values[name]
        else:
            setattr(mailing, name, values[name])
    return related


@transaction.atomic
def mailing_create(*, by, **values):
    mailing = Mailing(created_by=by)
    related = _assign(mailing, values)
    mailing.full_clean()
    mailing.save()
    for name, objects in related.items():
        getattr(mailing, name).set(objects)
    return mailing


@transaction.atomic
def mailing_update(*, mailing, by, **values):
    """Change a draft; one sent (or being sent) is kept as it went out."""
    locked = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if locked.state != State.DRAFT:
        raise ValidationError(
            _("This mailing has been sent and can no longer be changed."), code="not_draft"
        )
    related = _assign(locked, values)
    locked.full_clean()
    locked.save()
    for name, objects in related.items():
        getattr(locked, name).set(objects)
    return locked


@transaction.atomic
def mailing_send(*, mailing, by, count_seen, site=""):
    """Freeze the mailing's recipients and send it from a background job started by `by`.

    Refused while it has no group chosen, when nobody is left to send it to, when it was sent
    already (a double click), and when `count_seen` (the count the page showed) is missing or
    differs from the count now: the sender confirms what they saw. `site` is the portal's
    address for the links in the mail (from the request). Returns the mailing and the job."""
    locked = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if locked.state != State.DRAFT:
        raise ValidationError(_("This mailing has been sent already."), code="sent_already")
    if not has_groups(locked):
        raise ValidationError(
            _("Choose who the mailing goes to: at least one group."), code="no_group"
        )
    people = audience(locked).recipients
    if not people:
        raise ValidationError(
            _("Nobody is left to send the mailing to: every address was left out."),
            code="nobody",
        )
    if count_seen is None:
        raise ValidationError(
            _("Send the mailing from its page, which shows how many it goes to."),
            code="count_missing",
        )
    if count_seen != len(people):
        raise ValidationError(
            _(
                "The recipients changed since the page was shown: %(count)d now. Check the "
                "count and send again."
            )
            % {"count": len(people)},
            code="count_changed",
        )
    Recipient.objects.bulk_create(
        [Recipient(mailing=locked, email=person.email, name=person.name) for person in people]
    )
    locked.state = State.SENDING
    locked.sent_by = by
    locked.sent_at = timezone.now()
    locked.save(update_fields=["state", "sent_by", "sent_at"])
    from network import mailing_jobs  # the job builds on these services

    job = jobs.enqueue(
        mailing_jobs.send_mailing,
        locked.pk,
        site,
        user=by,
        about=locked,
        key=f"network.send_mailing:{locked.pk}",
        result_url=reverse("network:mailing", args=[locked.pk]),
    )
    return locked, job
