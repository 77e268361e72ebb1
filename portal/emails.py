"""Every e-mail the portal sends: a subject, text and HTML template trio per message."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal import deliveries, sending

# What became of the messages of one action; `outcome += emails.send(...)` adds one up.
Outcome = deliveries.Outcome


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
        message = build(
            template,
            to=[address],
            context=context,
            language=language,
            attachments=attachments,
            reply_to=reply_to,
        )
        delivery = deliveries.queue(
            message,
            template=template,
            about=about,
            topic=topic,
            recipient_user=recipient_user,
            key=key if key is None or len(recipients) == 1 else f"{key}:{address}",
        )
        if delivery is None:
            outcome.skipped += 1
        else:
            outcome.deliveries.append(delivery)
    if at_once:
        deliveries.send_now(outcome.deliveries)
    elif send:
        sending.send_on_commit(outcome.deliveries, user=user)
    return outcome
