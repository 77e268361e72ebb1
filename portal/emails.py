"""Every e-mail the portal sends: a subject, text and HTML template trio per message."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation


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


def send(template, *, to, context, language=None, attachments=(), reply_to=()):
    """Build and send one message to the addresses in `to` (empty ones are skipped)."""
    recipients = [address for address in to if address]
    if not recipients:
        return 0
    return build(
        template,
        to=recipients,
        context=context,
        language=language,
        attachments=attachments,
        reply_to=reply_to,
    ).send()
