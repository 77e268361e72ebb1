"""Every e-mail the portal sends: a subject, text and HTML template trio per message.

`send()` mails one message to a list of addresses; `send_to_each()` mails many people each
their own (their language, their link, their attachments) and says what became of each.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal import deliveries, sending

# What became of the messages of one action; `outcome += emails.send(...)` adds one up.
Outcome = deliveries.Outcome


@dataclass(frozen=True)
class Letter:
    """One person's e-mail in a mailing: their address, the template's context and language
    for them, and what their delivery is recorded with (`about` when it is about something
    of their own, such as their attendance, rather than what the mailing is about;
    `template` when theirs is another e-mail than the mailing's, such as a project
    leader's reminder among the owners')."""

    to: str
    context: dict
    language: str | None = None
    attachments: tuple = ()
    reply_to: tuple = ()
    recipient_user: object = None
    key: str | None = None
    about: object = None
    template: str | None = None


def absolute_url(path, request=None):
    """`path` as a full address for a link in an e-mail: from the request when there is one,
    else from the setting PORTAL_BASE_URL (for background jobs and commands), else left as
    it is."""
    if request is not None:
        return request.build_absolute_uri(path)
    base = settings.PORTAL_BASE_URL or ""
    return base.rstrip("/") + path if base else path


def _record(template, letter, *, about, topic):
    """Build the letter's message and record it as a pending delivery (None when its key
    was used before)."""
    template = letter.template or template
    if not template:
        raise ValueError(f"No template for the e-mail to {letter.to}")
    message = build(
        template,
        to=[letter.to],
        context=letter.context,
        language=letter.language,
        attachments=letter.attachments,
        reply_to=letter.reply_to,
    )
    return deliveries.queue(
        message,
        template=template,
        about=letter.about if letter.about is not None else about,
        topic=topic,
        recipient_user=letter.recipient_user,
        key=letter.key,
    )


def build(template, *, to, context, language=None, attachments=(), reply_to=()):
    """Render `templates/emails/<template>_{subject.txt,body.txt,body.html}` as a message.

    Rendered in the recipient's language (Danish when unknown), so a message to a Danish
    registrant does not come out in the moderator's English, and with times in the
    municipality's time zone. `attachments` are (filename, content, mimetype) triples.
    """
    with (
        translation.override(language or settings.LANGUAGE_CODE),
        timezone.override(settings.TIME_ZONE),
    ):
        context = {"municipality": settings.PORTAL_MUNICIPALITY, **context}
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}_body.txt", context)
        html = render_to_string(f"emails/{template}_body.html", context)
    message = EmailMultiAlternatives(
        " ".join(subject.split()), text, to=list(to), reply_to=list(reply_to)
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def send(
    template,
    *,
    to,
    context,
    language=None,
    attachments=(),
    reply_to=(),
    about=None,
    topic="",
    recipient_user=None,
    key=None,
    at_once=False,
    send=True,
    user=None,
):
    """Build one message per address in `to` (empty ones are skipped), record a delivery for
    each and send them once the current transaction commits (at once outside one).

    Never raises for the mail server: what became of each message is on the returned
    `deliveries.Outcome` (`.sent`, `.failed`; pending until the transaction commits) and
    in the Delivery table, where the failed ones wait to be sent again. `about` (a model
    instance) or `topic` says what the message is about; `key` makes it go out once to
    each address, however often this is called. `at_once` sends without waiting for a
    commit, for work that has nothing to commit. The messages of one kind about one thing
    that one transaction records, in this call or several (one per recipient, each in their
    language), go out together: one from the request, two or more from one background job
    recorded as started by `user` (`sending.send_on_commit`). With `send=False` they are
    only recorded: the caller sends them with others, by `sending.send_on_commit`.
    """
    outcome = deliveries.Outcome()
    recipients = [address for address in to if address]
    for address in recipients:
        letter = Letter(
            to=address,
            context=context,
            language=language,
            attachments=attachments,
            reply_to=reply_to,
            recipient_user=recipient_user,
            key=key if key is None or len(recipients) == 1 else f"{key}:{address}",
        )
        delivery = _record(template, letter, about=about, topic=topic)
        if delivery is None:
            outcome.skipped += 1
        else:
            outcome.deliveries.append(delivery)
    if at_once:
        deliveries.send_now(outcome.deliveries)
    elif send:
        sending.send_on_commit(outcome.deliveries, user=user)
    return outcome


def send_to_each(recipients, *, letter, template=None, about=None, topic="", by=None, send=True):
    """Mail to many with a status each: for every recipient (any object: a member, an
    attendance, a user), `letter(recipient)` says to whom and with what (a `Letter`); the
    message is built from `template`, recorded as a delivery, and all of them are sent
    together once the current transaction commits: one from the request, several from one
    background job about `about`, started by `by` (`sending.send_on_commit`). A recipient
    without an address is left out (the caller tells who it could not reach).

    Never raises for the mail server, and one recipient's failure stops nobody else's
    e-mail. Returns a `deliveries.Outcome`: its `each` pairs every recipient with their
    delivery, `sent_to`, `failed_to` and `pending_to` list them once the mail has gone (or
    is going) out, and `skipped` counts those whose `key` was used before. A failed one is
    kept to be sent again; retries and after-sent steps follow the template
    (`deliveries.register_*`). A letter's own `template` overrides the mailing's. With
    `send=False` they are only recorded: the caller sends `outcome.deliveries` its own way
    (`deliveries.send_now` in this process, `sending.send_in_background` from a job), as
    with `send()`."""
    outcome = deliveries.Outcome()
    for recipient in recipients:
        item = letter(recipient)
        if not item.to:
            continue
        delivery = _record(template, item, about=about, topic=topic)
        if delivery is None:
            outcome.skipped += 1
        else:
            outcome.deliveries.append(delivery)
            outcome.each.append((recipient, delivery))
    if send:
        sending.send_on_commit(outcome.deliveries, user=by, about=about)
    return outcome
