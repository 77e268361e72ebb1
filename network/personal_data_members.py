"""What the network's members, themes and mailings hold about a person (`portal.privacy`):
the mailings sent to their address, their unsubscription, the accounts that applied, decided
and wrote, and the free text where they may be named. The network's events and sign-ups
have their own provider."""

from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from network.models import Mailing, Membership, MembershipChange, OptOut, Recipient, Theme
from portal.personal_data import TextPlace
from portal.privacy import Column, PersonalDataProvider, Section


class MembersMailingsProvider(PersonalDataProvider):
    covers = {
        Recipient: ("email", "name"),
        OptOut: ("email",),
    }
    attributions = {
        Membership: ("applied_by",),
        MembershipChange: ("changed_by",),
        Mailing: ("created_by", "sent_by"),
    }
    not_personal = {
        Theme: {
            "name": _("The name of a working group of the network, not of a person."),
        },
    }

    def places(self):
        return [
            TextPlace(
                Membership,
                ["motivation"],
                date="applied_at",
                select_related=["organisation"],
                where=lambda row: row.organisation,
            ),
            TextPlace(
                MembershipChange,
                ["note"],
                date="changed_at",
                select_related=["membership__organisation"],
                where=lambda row: row.membership.organisation,
            ),
            TextPlace(Mailing, ["body"], date="created_at", url=lambda row: row.get_absolute_url()),
            TextPlace(Theme, ["description"], where=lambda row: row.name),
        ]

    def _recipients(self, person):
        emails = [email.lower() for email in person.emails]
        return (
            Recipient.objects.annotate(address=Lower("email"))
            .filter(address__in=emails)
            .select_related("mailing", "delivery")
            .order_by("-mailing__sent_at", "pk")
        )

    def export(self, person):
        if not person.emails:
            return []
        rows = [
            {
                "subject": recipient.mailing.subject,
                "sent": recipient.mailing.sent_at,
                "email": recipient.email,
                "status": recipient.delivery.get_status_display() if recipient.delivery else "",
            }
            for recipient in self._recipients(person)
        ]
        emails = [email.lower() for email in person.emails]
        opt_outs = [
            {"email": opt_out.email, "at": opt_out.created_at}
            for opt_out in OptOut.objects.filter(email__in=emails)
        ]
        return [
            Section(
                key="network_mailings",
                title=_("The network's mailings sent to you"),
                purpose=_("News from the local social-economy network (offer 8.1)."),
                legal_basis=_(
                    "Public task (GDPR art. 6(1)(e)) or your consent, as for the contact "
                    "details the mailing was sent to."
                ),
                retention=_("As long as the mailing is kept, to show who received it."),
                erasure=_("Your address and name are removed from the list of recipients."),
                columns=(
                    Column("subject", _("Subject")),
                    Column("sent", _("Sent")),
                    Column("email", _("E-mail")),
                    Column("status", _("Status")),
                ),
                rows=rows,
                empty=_("No mailing was sent to you."),
                order=160,
            ),
            Section(
                key="network_unsubscriptions",
                title=_("Unsubscribed from the network's mailings"),
                purpose=_("To leave your address out of every later mailing."),
                legal_basis=_("Legal obligation (GDPR art. 6(1)(c)): your objection is kept."),
                retention=_("For as long as the network sends mailings."),
                erasure=_("Kept: erasing it would put you back on the mailings."),
                kept=_("Your unsubscription is kept so that you receive no more mailings."),
                columns=(Column("email", _("E-mail")), Column("at", _("Unsubscribed"))),
                rows=opt_outs,
                empty=_("You have not unsubscribed."),
                order=161,
            ),
        ]

    def erase(self, person, *, by, marker):
        # The rows stay, nameless, so that a mailing still says how many it reached.
        for recipient in self._recipients(person):
            Recipient.objects.filter(pk=recipient.pk).update(
                email=f"erased-{recipient.pk}@erased.invalid", name=""
            )
        super().erase(person, by=by, marker=marker)
