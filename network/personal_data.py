"""What the network's events keep about a person (see `portal.privacy`): their sign-ups for
events and evaluations, the key of their calendar feed, their role as a department's contact
person, and the free text that may name them. The members' and mailings' data have their
own provider (`network.personal_data_members`). Registered in `NetworkConfig.ready()`."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from network.models import (
    CalendarKey,
    ContactPerson,
    Department,
    Evaluation,
    Event,
    Material,
    SignUp,
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
        ContactPerson: ("user", "name", "email", "phone"),
    }
    attributions = {
        SignUp: ("cancelled_by",),
        Event: ("organiser",),
        Material: ("uploaded_by",),
    }
    not_personal = {
        Department: {"name": NOT_A_PERSON},
    }

    def places(self):
        return [
            TextPlace(Event, ["description", "outcome"], date="starts_at", url=_url),
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
        _whose(ContactPerson, person).delete()
        super().erase(person, by=by, marker=marker)


def _url(row):
    return row.get_absolute_url()
