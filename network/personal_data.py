"""What the network keeps about a person (see `portal.privacy`): their sign-ups for events
and evaluations, the key of their calendar feed, the mailings sent to them and their
unsubscription, their role as a department's contact person, and the free text that may
name them. Registered in `NetworkConfig.ready()`."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from network.models import (
    CalendarKey,
    ContactPerson,
    Department,
    Evaluation,
    Event,
    Mailing,
    Material,
    Membership,
    MembershipChange,
    OptOut,
    Recipient,
    SignUp,
    Theme,
)
from network.services.upkeep import signups_erase
from portal.personal_data import TextPlace
from portal.privacy import Column, PersonalDataProvider, Section

CONSENT = _("Consent, given by signing up (GDPR art. 6(1)(a))")
PUBLIC_TASK = _("Public task (GDPR art. 6(1)(e))")
NOT_A_PERSON = _("The name of a thing the network sorts by, not of a person.")


def _whose(model, person, *, email_field="email", user_field="user"):
    """`model`'s rows that are the person's: by their accounts or their e-mail addresses."""
    match = Q(pk__in=[])
    if user_field and person.users:
        match |= Q(**{f"{user_field}__in": person.users})
    for email in person.emails:
        match |= Q(**{f"{email_field}__iexact": email})
    return model.objects.filter(match)


def _signups(person):
    return _whose(SignUp, person).filter(erased_at__isnull=True)


class NetworkProvider(PersonalDataProvider):
    covers = {
        SignUp: ("user", "name", "email", "organisation_name"),
        Evaluation: ("needs", "ideas", "barriers"),
        CalendarKey: ("email",),
        Recipient: ("email", "name"),
        OptOut: ("email",),
        ContactPerson: ("user", "name", "email", "phone"),
    }
    attributions = {
        SignUp: ("cancelled_by",),
        Event: ("organiser",),
        Material: ("uploaded_by",),
        Mailing: ("created_by", "sent_by"),
        Membership: ("applied_by",),
        MembershipChange: ("changed_by",),
    }
    not_personal = {
        Department: {"name": NOT_A_PERSON},
        Theme: {"name": NOT_A_PERSON, "description": _("What a theme of the network is about.")},
    }

    def places(self):
        return [
            TextPlace(Event, ["description", "outcome"], date="starts_at", url=_url),
            TextPlace(Mailing, ["body"], date="created_at", url=_url),
            TextPlace(
                Membership, ["motivation"], date="applied_at", select_related=["organisation"]
            ),
            TextPlace(
                Evaluation,
                ["needs", "ideas", "barriers"],
                date="submitted_at",
                select_related=["signup__event"],
                where=lambda row: row.signup.event,
            ),
        ]

    def export(self, person):
        return [
            self._signups(person),
            self._calendar(person),
            self._mailings(person),
            self._contact_person(person),
        ]

    def _signups(self, person):
        signups = _signups(person).select_related("event", "department").order_by("created_at")
        evaluations = {e.signup_id: e for e in Evaluation.objects.filter(signup__in=signups)}
        rows = []
        for signup in signups:
            evaluation = evaluations.get(signup.pk)
            rows.append(
                {
                    "event": signup.event.title,
                    "starts": signup.event.starts_at,
                    "state": signup.get_state_display(),
                    "name": signup.name,
                    "email": signup.email,
                    "organisation": signup.organisation_name,
                    "department": str(signup.department or ""),
                    "signed_up": signup.created_at,
                    "evaluation": (
                        [
                            evaluation.get_rating_display(),
                            evaluation.needs,
                            evaluation.ideas,
                            evaluation.barriers,
                        ]
                        if evaluation
                        else None
                    ),
                }
            )
        return Section(
            key="network_signups",
            order=40,
            title=_("Sign-ups for events"),
            purpose=_(
                "To manage the places of an event and its waiting list, to remind the "
                "participants and ask them for an evaluation."
            ),
            legal_basis=CONSENT,
            retention=_(
                "Until %(days)s days after the event; a sign-up never confirmed is deleted "
                "after %(hours)s hours."
            )
            % {
                "days": settings.NETWORK_PARTICIPANT_RETENTION_DAYS,
                "hours": settings.NETWORK_UNCONFIRMED_HOURS,
            },
            erasure=_(
                "The name, e-mail address, organisation and account are removed from each "
                "sign-up; its state stays, so that the event's counts stay the same. "
                "Evaluations stay without a name."
            ),
            columns=(
                Column("event", _("Event")),
                Column("starts", _("Starts")),
                Column("state", _("State")),
                Column("name", _("Name")),
                Column("email", _("E-mail")),
                Column("organisation", _("Organisation")),
                Column("department", _("Department")),
                Column("signed_up", _("Signed up")),
                Column("evaluation", _("Evaluation")),
            ),
            rows=rows,
        )

    def _calendar(self, person):
        keys = _whose(CalendarKey, person, user_field=None)
        return Section(
            key="network_calendar_keys",
            order=41,
            title=_("Personal calendar feeds"),
            purpose=_("The secret link of a calendar feed of one's own sign-ups."),
            legal_basis=CONSENT,
            retention=_("Until the person asks for a new link or is erased."),
            erasure=_("Deleted."),
            columns=(Column("email", _("E-mail")), Column("created", _("Created"))),
            rows=[{"email": key.email, "created": key.created_at} for key in keys],
        )

    def _mailings(self, person):
        recipients = _whose(Recipient, person, user_field=None).select_related("mailing")
        opted_out = list(_whose(OptOut, person, user_field=None))
        rows = [
            {"mailing": r.mailing.subject, "email": r.email, "sent": r.mailing.sent_at}
            for r in recipients
        ] + [
            {
                "mailing": str(_("Unsubscribed from the network's mailings")),
                "email": o.email,
                "sent": o.created_at,
            }
            for o in opted_out
        ]
        return Section(
            key="network_mailings",
            order=42,
            title=_("The network's mailings"),
            purpose=_(
                "News of the network and its events; an unsubscription keeps an address out."
            ),
            legal_basis=PUBLIC_TASK,
            retention=_("With the mailing; an unsubscription for as long as mailings are sent."),
            erasure=_(
                "Who a mailing went to is deleted. An unsubscription is kept, so that the "
                "address stays left out."
            ),
            kept=_("An unsubscribed address must stay left out of every later mailing."),
            columns=(
                Column("mailing", _("Mailing")),
                Column("email", _("E-mail")),
                Column("sent", _("Sent")),
            ),
            rows=rows,
        )

    def _contact_person(self, person):
        contacts = _whose(ContactPerson, person).select_related("department")
        return Section(
            key="network_contact_person",
            order=43,
            title=_("Contact person in a department"),
            purpose=_(
                "Who the municipality's staff may ask about buying from, or working with, "
                "social-economy enterprises."
            ),
            legal_basis=PUBLIC_TASK,
            retention=_("While the person has the role."),
            erasure=_("Deleted."),
            columns=(
                Column("department", _("Department")),
                Column("name", _("Name")),
                Column("email", _("E-mail")),
                Column("phone", _("Phone")),
            ),
            rows=[
                {
                    "department": str(c.department),
                    "name": c.name,
                    "email": c.email,
                    "phone": c.phone,
                }
                for c in contacts
            ],
        )

    def erase(self, person, *, by, marker):
        signups_erase(_signups(person))
        _whose(CalendarKey, person, user_field=None).delete()
        _whose(Recipient, person, user_field=None).delete()
        _whose(ContactPerson, person).delete()
        super().erase(person, by=by, marker=marker)


def _url(row):
    return row.get_absolute_url()
