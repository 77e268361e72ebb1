"""Every e-mail the portal sends: a subject, text and HTML template trio per message."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send(template, *, to, context, language=None):
    """Render `templates/emails/<template>_{subject.txt,body.txt,body.html}` and send it.

    Rendered in the recipient's language (Danish when unknown), so a message to a Danish
    registrant does not come out in the moderator's English.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return 0
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"municipality": settings.PORTAL_MUNICIPALITY, **context}
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}_body.txt", context)
        html = render_to_string(f"emails/{template}_body.html", context)
    message = EmailMultiAlternatives(" ".join(subject.split()), text, to=recipients)
    message.attach_alternative(html, "text/html")
    return message.send()
