"""What a person signed up for an event is sent: their own link, the event as a calendar
entry, and the e-mail about their sign-up with both."""

from django.urls import reverse

from portal import emails, ics


def personal_url(signup):
    """The person's own page for their sign-up: confirm, accept an offer, cancel, evaluate."""
    return emails.absolute_url(reverse("network:signup", args=[signup.token]))


def calendar_event(signup_or_event, *, domain=None):
    """The event as a calendar entry (`portal.ics.Event`), with a stable UID."""
    event = getattr(signup_or_event, "event", signup_or_event)
    where = ", ".join(part for part in (event.place, event.online_url) if part)
    return ics.Event(
        uid=ics.uid("network-event", event.pk, domain=domain or ics.domain()),
        sequence=event.calendar_sequence,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        description=event.description,
        location=where,
        url=emails.absolute_url(event.get_absolute_url()),
        organiser=ics.organiser(event.organiser),
        status=ics.Status.CANCELLED if event.is_cancelled else ics.Status.CONFIRMED,
    )


def notify(signup, template, *, key=None, calendar=None, by=None):
    """Mail `signup`'s person the e-mail `template` about it, in their language, with their
    own link; `calendar` (a `portal.ics.Method`) attaches the event's calendar file."""
    attachments = ()
    if calendar is not None:
        body = ics.build(calendar_event(signup), method=calendar, product="Arrangementer")
        attachments = (ics.attachment("arrangement.ics", body, method=calendar),)
    return emails.send(
        template,
        to=[signup.email],
        context={
            "signup": signup,
            "event": signup.event,
            "link": personal_url(signup),
            "event_url": emails.absolute_url(signup.event.get_absolute_url()),
        },
        language=signup.language,
        attachments=attachments,
        about=signup.event,
        recipient_user=signup.user,
        key=key,
        user=by,
    )
