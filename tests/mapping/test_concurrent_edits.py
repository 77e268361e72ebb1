"""Two people save the same mapping record: the second is told, loses nothing typed, and can
save on purpose (issue 10, item 4). Each test failed on the old code: the second save went
through and the first person's value was gone without a word."""

import pytest
from django.urls import reverse
from django.utils import translation

from mapping.models import (
    Attendance,
    Case,
    Contact,
    InterplayIdea,
    Organisation,
    Potential,
    ReportNarrative,
    StakeholderAssessment,
)
from portal.models import User
from tests.concurrency import form_data, logged_in, race
from tests.conftest import make_organisation, make_user
from tests.factories.mapping import CaseEffectFactory, CaseFactory, ContactFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def field_of(model, pk, name):
    return lambda: getattr(model.objects.get(pk=pk), name)


@pytest.fixture
def second_leader(db):
    return make_user("leder2", User.Role.PROJECT_LEADER)


def test_the_staff_organisation_form(leader, consultant, alice):
    organisation = alice.organisation
    race(
        reverse("mapping:organisation-edit", args=[organisation.pk]),
        logged_in(leader),
        logged_in(consultant),
        "description",
        "Caféen drives af frivillige.",
        "Caféen har tre ansatte i fleksjob.",
        stored=field_of(Organisation, organisation.pk, "description"),
    )


def test_the_enterprise_users_own_organisation_form(leader, alice):
    organisation = alice.organisation
    # The project leader saves first, the enterprise user second, and the other way round.
    race(
        reverse("mapping:organisation-edit", args=[organisation.pk]),
        logged_in(leader),
        logged_in(alice),
        "street",
        "Torvet 1",
        "Storegade 12",
        stored=field_of(Organisation, organisation.pk, "street"),
    )
    race(
        reverse("mapping:organisation-edit", args=[organisation.pk]),
        logged_in(alice),
        logged_in(leader),
        "name",
        "Alices Café og Bageri",
        "Alices Café ApS",
        stored=field_of(Organisation, organisation.pk, "name"),
    )


def test_a_contact(leader, consultant, alice):
    contact = Contact.objects.create(
        organisation=alice.organisation, name="Karen Holm", purpose="Kortlægning"
    )
    race(
        reverse("mapping:contact-edit", args=[contact.pk]),
        logged_in(leader),
        logged_in(consultant),
        "role",
        "Daglig leder",
        "Bestyrelsesformand",
        stored=field_of(Contact, contact.pk, "role"),
    )


def test_a_case(leader, consultant, alice):
    case = CaseFactory(organisation=alice.organisation, title="Fra ledighed til café")
    race(
        reverse("mapping:case-edit", args=[case.pk]),
        logged_in(leader),
        logged_in(consultant),
        "method",
        "Praktik i køkkenet",
        "Mentorordning",
        stored=field_of(Case, case.pk, "method"),
    )


def test_an_effect_of_a_case(leader, consultant, alice):
    case = CaseFactory(organisation=alice.organisation, title="Fra ledighed til café")
    effect = CaseEffectFactory(case=case, description="Unge i job")
    response = race(
        reverse("mapping:case-edit", args=[case.pk]),
        logged_in(leader),
        logged_in(consultant),
        "effects-0-description",
        "Unge i ordinært job",
        "Unge i fleksjob",
        stored=lambda: case.effects.get(pk=effect.pk).description,
    )
    assert "Unge i ordinært job" in response.content.decode()


def test_the_reports_narrative(leader, second_leader):
    race(
        reverse("mapping:report-home"),
        logged_in(leader),
        logged_in(second_leader),
        "conclusions",
        "Der er 40 socialøkonomiske virksomheder.",
        "Der er 42 socialøkonomiske virksomheder.",
        stored=lambda: ReportNarrative.current().conclusions,
    )


def test_a_stakeholder_assessment(leader, consultant, alice):
    assessment = StakeholderAssessment.objects.create(
        organisation=alice.organisation, influence=4, interest=2
    )
    race(
        reverse("mapping:assessment-edit", args=[alice.organisation.pk]),
        logged_in(leader),
        logged_in(consultant),
        "contribution",
        "Lokaler til netværksmøder",
        "Praktikpladser",
        stored=field_of(StakeholderAssessment, assessment.pk, "contribution"),
    )


def test_a_potential(leader, consultant):
    organisation = make_organisation(
        "Genbrugsværkstedet", se_status=Organisation.SocialEconomyStatus.POTENTIAL
    )
    potential = Potential.objects.create(organisation=organisation, stage="grassroots")
    race(
        reverse("mapping:potential-edit", args=[organisation.pk]),
        logged_in(leader),
        logged_in(consultant),
        "needs",
        "Hjælp til forretningsplan",
        "Lokaler",
        stored=field_of(Potential, potential.pk, "needs"),
    )


def test_a_mapping_meeting(leader, consultant):
    meeting = MeetingFactory(organiser=leader)
    race(
        reverse("mapping:meeting-edit", args=[meeting.pk]),
        logged_in(leader),
        logged_in(consultant),
        "minutes",
        "Vi talte om lokaler.",
        "Vi talte om indkøb.",
        stored=lambda: type(meeting).objects.get(pk=meeting.pk).minutes,
    )


def test_an_idea_for_interplay(leader, consultant, alice):
    department = make_organisation(
        "Haderslev Kommune, Skoler",
        sector=Organisation.Sector.PUBLIC,
        se_status=Organisation.SocialEconomyStatus.NONE,
    )
    idea = InterplayIdea.objects.create(
        organisation=alice.organisation,
        department=department,
        service="Skolemad",
        description="Frokost",
    )
    race(
        reverse("mapping:idea-edit", args=[idea.pk]),
        logged_in(leader),
        logged_in(consultant),
        "service",
        "Skolemad til 3 skoler",
        "Kantinedrift",
        stored=field_of(InterplayIdea, idea.pk, "service"),
    )


@pytest.fixture
def attendance(leader, alice):
    meeting = MeetingFactory(organiser=leader)
    rows = [
        Attendance.objects.create(
            meeting=meeting, contact=ContactFactory(organisation=alice.organisation, name=name)
        )
        for name in ("Karen Holm", "Jens Lund")
    ]
    return reverse("mapping:meeting-attendance", args=[meeting.pk]), rows


def attended(row):
    return Attendance.objects.get(pk=row.pk).attended


def test_attendance_marked_by_two_people_keeps_both_marks(leader, consultant, attendance):
    """Each marks a different person: the second save keeps the first one's mark instead of
    writing "not marked" back over it."""
    url, (karen, jens) = attendance
    first, second = logged_in(leader), logged_in(consultant)
    mine = form_data(first.get(url), "attendance-0-attended")
    theirs = form_data(second.get(url), "attendance-0-attended")
    mine["attendance-0-attended"] = ["True"]
    assert first.post(url, mine).status_code == 302
    theirs["attendance-1-attended"] = ["False"]
    assert second.post(url, theirs).status_code == 302
    # Whatever order the rows come in, one is marked by each person: none is "not marked".
    assert {attended(karen), attended(jens)} == {True, False}


def test_attendance_of_the_same_person_marked_differently(leader, consultant, attendance):
    url, _rows = attendance
    client = logged_in(leader)
    first_row = form_data(client.get(url), "attendance-0-id")["attendance-0-id"][0]
    race(
        url,
        client,
        logged_in(consultant),
        "attendance-0-attended",
        "True",
        "False",
        stored=lambda: str(Attendance.objects.get(pk=first_row).attended),
        shown=translation.gettext("Attended"),
    )
