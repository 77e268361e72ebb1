"""What the mapping keeps about a person (see `portal.privacy`): the contact, what they said
and where they took part, their account's organisations, reviews and tasks, and the free
text that may name them. Registered in `MappingConfig.ready()`."""

import io

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy

from mapping import personal_data_sections as sections
from mapping.models import (
    Attendance,
    Case,
    CaseEffect,
    Contact,
    Feedback,
    FeedbackTag,
    ImportBatch,
    Interaction,
    InterplayIdea,
    LocalArea,
    Meeting,
    Organisation,
    OrganisationRelation,
    Potential,
    ReportNarrative,
    ReportVersion,
    ReviewComment,
    ReviewVerdict,
    StakeholderAssessment,
    TargetGroup,
    Task,
)
from mapping.services import privacy as services
from portal.personal_data import ListedPlace, Mention, TextPlace
from portal.privacy import PersonalDataProvider

# A frozen PDF never changes: its text is read once per checksum.
PDF_TEXT_CACHE_SECONDS = 60 * 60 * 24 * 30


def _url(row):
    return row.get_absolute_url()


def _organisation_url(row):
    return row.organisation.get_absolute_url() if row.organisation_id else ""


def _version_url(row):
    return row.version.get_absolute_url()


NOT_A_PERSON = gettext_lazy("The name of a thing the mapping sorts by, not of a person.")


class MappingProvider(PersonalDataProvider):
    covers = {
        Contact: ("name", "role", "email", "phone", "organisation", "linked_organisations"),
        Attendance: ("contact",),
        Interaction: ("contact",),
        Feedback: ("contact",),
        Organisation: ("users",),
        ReviewComment: ("author",),
        ReviewVerdict: ("member",),
        Task: ("owner",),
        Potential: ("next_step_owner",),
    }
    attributions = {
        Organisation: ("moderated_by", "consent_recorded_by"),
        Meeting: ("organiser",),
        Feedback: ("recorded_by",),
        Interaction: ("by",),
        Task: ("done_by",),
        ReportNarrative: ("updated_by",),
        ReportVersion: ("frozen_by", "submitted_by"),
        ImportBatch: ("created_by",),
        StakeholderAssessment: ("updated_by",),
    }
    not_personal = {
        Organisation: {
            "name": gettext_lazy(
                "An organisation's name; a one-person enterprise's name is its public trade "
                "name in the CVR register."
            )
        },
        LocalArea: {"name": NOT_A_PERSON},
        TargetGroup: {"name": NOT_A_PERSON},
        FeedbackTag: {"name": NOT_A_PERSON},
        ReportVersion: {
            "pdf_error": gettext_lazy("Why a PDF could not be made, in the portal's own words.")
        },
        ImportBatch: {
            "error": gettext_lazy(
                "Why a file could not be read, in the portal's own words; the file itself is "
                "searched and deleted at erasure."
            )
        },
    }

    def places(self):
        return places()

    def export(self, person):
        contact = person.contacts[0] if person.contacts else None
        return [*sections.contact_sections(contact), *sections.account_sections(person.users)]

    def erase(self, person, *, by, marker):
        for contact in person.contacts:
            services.contact_forget(contact=contact, by=by, matcher=person.matcher)
        super().erase(person, by=by, marker=marker)
        for organisation in Organisation.objects.filter(users__in=person.users).distinct():
            organisation.users.remove(*person.users)


def places():
    return [
        TextPlace(
            Interaction,
            ["summary"],
            date="date",
            select_related=["organisation"],
            url=_organisation_url,
        ),
        TextPlace(
            Feedback,
            ["text"],
            date="created_at",
            select_related=["meeting", "organisation"],
            where=lambda row: row.meeting or row.organisation,
            url=lambda row: (row.meeting or row.organisation).get_absolute_url(),
        ),
        TextPlace(Meeting, ["agenda", "minutes"], date="starts_at", url=_url),
        TextPlace(
            Case,
            ["title", "summary", "problem", "method", "novelty", "theory_of_change", "photo_alt"],
            date="created_at",
            url=_url,
        ),
        TextPlace(
            CaseEffect,
            ["description"],
            select_related=["case"],
            where=lambda row: row.case,
            url=lambda row: row.case.get_absolute_url(),
        ),
        TextPlace(Task, ["title"], date="due_on", select_related=["organisation"]),
        TextPlace(
            Organisation,
            [
                "description",
                "social_purpose_note",
                "commercial_note",
                "independent_note",
                "inclusive_governance_note",
                "social_profit_use_note",
                "rejection_reason",
                # How consent to publication was given: its help text asks who gave it.
                "consent_note",
            ],
            url=_url,
        ),
        TextPlace(
            OrganisationRelation,
            ["note"],
            select_related=["source", "target"],
            url=lambda row: row.source.get_absolute_url(),
        ),
        TextPlace(
            StakeholderAssessment,
            ["contribution", "approach"],
            select_related=["organisation"],
            url=_organisation_url,
        ),
        TextPlace(
            Potential,
            ["needs", "next_step"],
            select_related=["organisation"],
            url=_organisation_url,
        ),
        TextPlace(
            InterplayIdea,
            ["service", "description"],
            select_related=["organisation"],
            url=_organisation_url,
        ),
        TextPlace(ReportNarrative, ReportNarrative.SECTIONS),
        TextPlace(
            ReviewComment,
            ["text"],
            date="created_at",
            select_related=["version"],
            where=lambda row: row.version,
            url=_version_url,
        ),
        TextPlace(
            ReviewVerdict,
            ["comment"],
            date="given_at",
            select_related=["version"],
            where=lambda row: row.version,
            url=_version_url,
        ),
        # No free text of its own here, but the change reasons in its history ("Imported
        # from a spreadsheet: <file name>") may name the person.
        TextPlace(Contact, []),
        ListedPlace(frozen_report_mentions),
    ]


def pdf_text(version):
    """The text of a frozen version's PDF, or None when it cannot be read."""
    key = f"mapping:report-pdf-text:{version.checksum}"
    text = cache.get(key)
    if text is not None:
        return text
    try:
        from pypdf import PdfReader

        with version.pdf.open("rb") as stored:
            reader = PdfReader(io.BytesIO(stored.read()))
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception:  # a missing file, pypdf not installed, a PDF it cannot parse
        return None
    cache.set(key, text, PDF_TEXT_CACHE_SECONDS)
    return text


def frozen_report_mentions(matcher):
    """Frozen interim-report versions whose PDF names the person. A frozen PDF never
    changes, so erasure cannot scrub it: the project leader decides what to do."""
    mentions = []
    for version in ReportVersion.objects.exclude(pdf="").order_by("-number"):
        text = pdf_text(version)
        if text is not None and not matcher.search(text):
            continue
        mentions.append(
            Mention(
                kind=str(ReportVersion._meta.verbose_name).capitalize(),
                where=str(version),
                excerpt=matcher.excerpt(text) if text else "",
                date=timezone.localdate(version.frozen_at),
                url=version.get_absolute_url(),
                scrub=False,
                reason=str(FROZEN_PDF if text is not None else UNREADABLE_PDF),
            )
        )
    return mentions


FROZEN_PDF = gettext_lazy(
    "The PDF of a frozen version never changes. Freeze a new version without the name, and "
    "decide whether this version must be withdrawn from those who received it."
)
UNREADABLE_PDF = gettext_lazy("The PDF could not be read: check it by hand.")
