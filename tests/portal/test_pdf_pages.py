"""Every PDF the portal makes keeps its text on the page: the interim report, the council
recommendation, the action plan's export, the budget, the steering group's agenda and a
person's data, made from the demo data with the long Danish compound words that real plans
have (tests/pdf_layout.py reads every word's position back)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from mapping.models import Contact, Organisation, ReportNarrative
from portal.models import User
from portal.programme.models import Activity, AgendaItem, SteeringMeeting
from strategy.models import Action, Recommendation, Strategy
from tests.pdf_layout import assert_text_fits, layout_problems

pytestmark = pytest.mark.django_db

# Words as long as Danish municipal prose makes them.
LONG = {
    "subcontract": "Underleverandørsamarbejdsaftalerne",
    "employment": "Beskæftigelsesforvaltningsområdet",
    "retention": "Arbejdsmarkedsfastholdelsesindsatsen",
    "volunteers": "Frivillighedskoordinationsudvalgsmøderne",
}


def _lengthen_the_council_version(recommendation):
    """The recommended version's snapshot as a plan with long words would have it."""
    version = recommendation.version
    snapshot = version.snapshot
    action = snapshot["actions"][0]
    action["title"] = f"{LONG['subcontract']} med lokale virksomheder"
    action["owner"] = f"{LONG['employment']} og Erhvervsservice"
    action["partners"] = [LONG["volunteers"], "Haderslev Kommune"]
    action["indicator"] = LONG["subcontract"]
    action["indicator_unit"] = "aftaler"
    snapshot["focus_areas"][0]["title"] = f"{LONG['retention']} i landdistrikterne"
    version.snapshot = snapshot
    version.save(update_fields=["snapshot"])


def _lengthen_the_demo():
    """Long words in every list a PDF prints: organisations, actions, activities, agendas."""
    organisation = Organisation.objects.order_by("pk").first()
    Organisation.objects.filter(pk=organisation.pk).update(
        name=f"{LONG['volunteers']} og {LONG['retention']} ApS"
    )
    Action.objects.filter(pk=Action.objects.order_by("pk").values("pk")[:1]).update(
        title=f"{LONG['subcontract']} med lokale virksomheder",
        indicator=LONG["subcontract"],
    )
    Activity.objects.filter(pk=Activity.objects.order_by("pk").values("pk")[:1]).update(
        name=f"{LONG['employment']}s {LONG['retention']}"
    )
    AgendaItem.objects.filter(pk=AgendaItem.objects.order_by("pk").values("pk")[:1]).update(
        title=f"{LONG['subcontract']} og {LONG['volunteers']}"
    )
    Contact.objects.filter(pk=Contact.objects.order_by("pk").values("pk")[:1]).update(
        role=LONG["employment"]
    )
    narrative = ReportNarrative.current()
    narrative.conclusions = f"{LONG['retention']} {LONG['subcontract']} " * 3
    narrative.save()
    _lengthen_the_council_version(Recommendation.objects.get(strategy__state="adopted"))


def _pdf_urls():
    adopted = Strategy.objects.get(state="adopted")
    meeting = AgendaItem.objects.order_by("pk").first().meeting
    contact = Contact.objects.order_by("pk").first()
    return {
        "interim report": reverse("mapping:report-preview-pdf"),
        "council recommendation": reverse("strategy:recommendation-pdf", args=[adopted.pk]),
        "action plan export": reverse("strategy:plan-export", args=[adopted.pk]) + "?format=pdf",
        "budget": reverse("programme:budget-pdf"),
        "steering group agenda": reverse("programme:meeting-agenda-pdf", args=[meeting.pk]),
        "a person's data": reverse("mapping:contact-export-pdf", args=[contact.pk]),
    }


def test_every_pdf_of_the_demo_keeps_its_text_on_the_page(client, settings):
    settings.DEBUG = True  # the demo data refuses to load without it
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    _lengthen_the_demo()
    assert SteeringMeeting.objects.exists()
    client.force_login(User.objects.get(username="leder"))
    problems = {}
    for name, url in _pdf_urls().items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf", name
        problems[name] = layout_problems(response.content)
    assert not any(problems.values()), "\n".join(
        f"{name}: {line}" for name, lines in problems.items() for line in lines[:15]
    )


def test_the_check_fails_on_text_past_the_edge():
    """The helper itself: a word set past the right edge of an A4 page is reported."""
    from portal.pdf import html_to_pdf

    html = (
        '<html lang="da"><head><style>@page { size: A4; margin: 20mm }'
        "p { margin-left: 180mm; white-space: nowrap }</style></head>"
        f"<body><p>{LONG['subcontract']}</p></body></html>"
    )
    pdf, _pages = html_to_pdf(html)
    with pytest.raises(AssertionError, match="off the page"):
        assert_text_fits(pdf, name="a page with a word past its edge")
