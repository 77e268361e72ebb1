"""Feedback (tilkendegivelser), the by-theme view, ideas for interplay, the organisation page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from mapping.models import Attendance, Feedback, FeedbackTag, InterplayIdea, Organisation
from mapping.selectors.meetings import feedback_by_theme
from mapping.services.meetings import tags_get_or_create
from tests.conftest import make_organisation
from tests.factories.mapping import ContactFactory, MeetingFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture
def setting(alice, consultant):
    """A dialogue meeting with Alice's café and the volunteer council; a process meeting."""
    council = make_organisation(
        "Frivilligrådet",
        sector=Organisation.Sector.PUBLIC,
        kind=Organisation.Kind.COUNCIL,
        se_status=Organisation.SocialEconomyStatus.NONE,
    )
    department = make_organisation(
        "Haderslev Kommune, Børn og Skole",
        sector=Organisation.Sector.PUBLIC,
        kind=Organisation.Kind.PUBLIC_BODY,
        se_status=Organisation.SocialEconomyStatus.NONE,
    )
    outsider = make_organisation("Værkstedet Udenfor")
    dialogue = MeetingFactory(
        organiser=consultant,
        title="Dialogmøde i Vojens",
        kind="dialogue",
        starts_at=dt.datetime(2026, 3, 10, 16, 0, tzinfo=UTC),
        ends_at=dt.datetime(2026, 3, 10, 18, 0, tzinfo=UTC),
    )
    dialogue.organisations.add(alice.organisation, council)
    process = MeetingFactory(
        organiser=consultant,
        title="Procesmøde i Gram",
        kind="process",
        starts_at=dt.datetime(2026, 5, 5, 16, 0, tzinfo=UTC),
        ends_at=dt.datetime(2026, 5, 5, 18, 0, tzinfo=UTC),
    )
    mette = ContactFactory(
        organisation=alice.organisation, name="Mette Møller", email="mette@cafe.dk"
    )
    jens = ContactFactory(organisation=council, name="Jens Jensen", email="jens@raad.dk")
    Attendance.objects.create(meeting=dialogue, contact=mette)
    return {
        "cafe": alice.organisation,
        "council": council,
        "department": department,
        "outsider": outsider,
        "dialogue": dialogue,
        "process": process,
        "mette": mette,
        "jens": jens,
        "stranger": ContactFactory(organisation=outsider, name="Sofie Stranger", email="s@x.dk"),
    }


def feedback(text, theme, *, tags=(), **fields):
    entry = Feedback.objects.create(text=text, theme=theme, **fields)
    entry.tags.set(tags_get_or_create(names=list(tags)))
    return entry


# Recording


def test_it_records_feedback_at_a_meeting_with_tags(client, consultant, setting):
    FeedbackTag.objects.create(name="Lokale")
    client.force_login(consultant)
    url = reverse("mapping:feedback-create-meeting", args=[setting["dialogue"].pk])
    response = client.post(
        url,
        {
            "text": "Vi mangler et sted at være om vinteren.",
            "theme": "needs",
            "organisation": "",
            "contact": setting["mette"].pk,
            "tags_text": "lokale, Vinter ,  , vinter",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == setting["dialogue"].get_absolute_url()
    entry = Feedback.objects.get()
    assert entry.meeting == setting["dialogue"]
    assert entry.contact == setting["mette"]
    # Who said it tells which organisation it came from.
    assert entry.organisation == setting["cafe"]
    assert entry.recorded_by == consultant
    assert sorted(tag.name for tag in entry.tags.all()) == ["Lokale", "Vinter"]
    assert FeedbackTag.objects.count() == 2


def test_a_person_with_an_e_mail_can_ask_to_hear_back(client, consultant, setting):
    client.force_login(consultant)
    url = reverse("mapping:feedback-create-meeting", args=[setting["dialogue"].pk])
    data = {"text": "Fortæl os hvad der sker.", "theme": "ideas", "contact": setting["mette"].pk}
    response = client.post(url, {**data, "wants_reply": "on"})
    assert response.status_code == 302
    assert Feedback.objects.get().wants_reply is True
    page = client.get(setting["dialogue"].get_absolute_url()).content.decode()
    assert gettext("Wants to hear back") in page


def test_save_and_record_more_comes_back_to_the_form(client, consultant, setting):
    client.force_login(consultant)
    url = reverse("mapping:feedback-create-meeting", args=[setting["dialogue"].pk])
    response = client.post(url, {"text": "Mere af det.", "theme": "ideas", "another": "1"})
    assert response.status_code == 302
    assert response["Location"] == url
    assert Feedback.objects.get().organisation is None


def test_it_records_feedback_for_an_organisation(client, consultant, setting):
    client.force_login(consultant)
    url = reverse("mapping:feedback-create-organisation", args=[setting["council"].pk])
    form = client.get(url).context["form"]
    assert "organisation" not in form.fields
    assert list(form.fields["contact"].queryset) == [setting["jens"]]
    response = client.post(
        url,
        {"text": "Rådet vil gerne være med.", "theme": "offers", "contact": setting["jens"].pk},
    )
    assert response.status_code == 302
    assert response["Location"] == setting["council"].get_absolute_url()
    entry = Feedback.objects.get()
    assert entry.meeting is None
    assert entry.organisation == setting["council"]
    assert entry.contact == setting["jens"]


def test_tags_are_reused_whatever_their_case(setting):
    first = tags_get_or_create(names=["Offentlige indkøb", "Ældre"])
    again = tags_get_or_create(names=["OFFENTLIGE INDKØB", "ældre", "Årø"])
    assert again[0] == first[0]
    assert again[1] == first[1], "Danish letters are folded too, also on SQLite"
    assert again[2].name == "Årø"
    assert FeedbackTag.objects.count() == 3
    assert FeedbackTag.objects.get(pk=first[0].pk).name == "Offentlige indkøb"


def test_tags_typed_twice_in_one_go_become_one(client, consultant, setting):
    client.force_login(consultant)
    client.post(
        reverse("mapping:feedback-create-meeting", args=[setting["dialogue"].pk]),
        {"text": "x", "theme": "ideas", "tags_text": "Cykler, cykler, CYKLER"},
    )
    assert list(FeedbackTag.objects.values_list("name", flat=True)) == ["Cykler"]


def test_feedback_needs_a_meeting_an_organisation_or_where_it_was_heard(setting, consultant):
    entry = Feedback(text="Hørt på gaden", theme="ideas", recorded_by=consultant)
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert error.value.messages == [
        gettext("Feedback belongs to a meeting, an organisation or where it was heard.")
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()
    for where in (
        {"meeting": setting["dialogue"]},
        {"organisation": setting["council"]},
        {"source": "Netværksmøde 12.03.2027"},
    ):
        Feedback(text="Hørt", theme="ideas", recorded_by=consultant, **where).full_clean()


FEEDBACK_OK = {"text": "Vi vil gerne levere frokost.", "theme": "offers", "tags_text": "mad"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"theme": ""}, "theme"),
        ({"theme": "complaints"}, "theme"),
        ({"tags_text": "a" * 51}, "tags_text"),
        ({"contact": "stranger"}, "contact"),
        ({"contact": "999999"}, "contact"),
        ({"organisation": "outsider"}, "organisation"),
        # Jens is at the council, not at the café chosen.
        ({"organisation": "cafe", "contact": "jens"}, "contact"),
        # Hearing back needs a person to write to.
        ({"wants_reply": "on"}, "wants_reply"),
        ({"wants_reply": "on", "contact": "nomail"}, "wants_reply"),
    ],
)
def test_bad_feedback_at_a_meeting_saves_nothing(client, consultant, setting, changes, field):
    setting["dialogue"].organisations.add(setting["council"])
    setting["nomail"] = ContactFactory(organisation=setting["council"], name="Uden Mail", email="")
    data = dict(FEEDBACK_OK)
    for key, value in changes.items():
        data[key] = setting[value].pk if value in setting else value
    client.force_login(consultant)
    response = client.post(
        reverse("mapping:feedback-create-meeting", args=[setting["dialogue"].pk]), data
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "alert-danger" in response.content.decode()
    assert not Feedback.objects.exists()
    assert not FeedbackTag.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": ""}, "text"),
        ({"theme": "nonsense"}, "theme"),
        ({"contact": "mette"}, "contact"),  # Mette is at the café, not the council
    ],
)
def test_bad_feedback_for_an_organisation_saves_nothing(
    client, consultant, setting, changes, field
):
    data = dict(FEEDBACK_OK)
    for key, value in changes.items():
        data[key] = setting[value].pk if value in setting else value
    client.force_login(consultant)
    response = client.post(
        reverse("mapping:feedback-create-organisation", args=[setting["council"].pk]), data
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Feedback.objects.exists()


def test_the_meeting_page_shows_the_feedback_heard_there(client, consultant, setting):
    feedback(
        "Lokaler er for dyre.",
        "barriers",
        meeting=setting["dialogue"],
        contact=setting["mette"],
        organisation=setting["cafe"],
        tags=["Lokaler"],
    )
    feedback("Ikke her.", "ideas", meeting=setting["process"])
    client.force_login(consultant)
    response = client.get(setting["dialogue"].get_absolute_url())
    assert [entry.text for entry in response.context["feedback"]] == ["Lokaler er for dyre."]
    html = response.content.decode()
    assert "Lokaler er for dyre." in html
    assert "Mette Møller" in html
    assert "?tag=Lokaler" in html


# By theme


@pytest.fixture
def heard(setting):
    s = setting
    return [
        feedback("Behov for lokaler", "needs", meeting=s["dialogue"], contact=s["mette"],
                 organisation=s["cafe"], tags=["Lokaler", "Vinter"]),
        feedback("Forventer hurtig sagsbehandling", "expectations", meeting=s["dialogue"],
                 tags=["Kommunen"]),
        feedback("Behov for mentorer", "needs", meeting=s["process"], tags=["lokaler"]),
        feedback("Rådet tilbyder frivillige", "offers", organisation=s["council"],
                 contact=s["jens"]),
        feedback("Regler om udbud spænder ben", "barriers", meeting=s["process"],
                 organisation=s["council"]),
    ]  # fmt: skip


def test_feedback_is_grouped_by_theme_in_the_theme_order_with_counts(heard):
    themes = feedback_by_theme(filters={})
    assert [t["theme"] for t in themes] == ["needs", "expectations", "ideas", "barriers", "offers"]
    counts = {t["theme"]: t["count"] for t in themes}
    assert counts == {"needs": 2, "expectations": 1, "ideas": 0, "barriers": 1, "offers": 1}
    by_theme = {t["theme"]: [e.text for e in t["entries"]] for t in themes}
    # Oldest first: the dialogue meeting (March) before the process meeting (May).
    assert by_theme["needs"] == ["Behov for lokaler", "Behov for mentorer"]
    assert themes[0]["label"] == Feedback.Theme.NEEDS.label
    assert sum(counts.values()) == len(heard)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "dialogue"}, {"Behov for lokaler", "Forventer hurtig sagsbehandling"}),
        ({"kind": "process"}, {"Behov for mentorer", "Regler om udbud spænder ben"}),
        ({"tag": "Lokaler"}, {"Behov for lokaler", "Behov for mentorer"}),
        ({"organisation": "council"}, {"Rådet tilbyder frivillige", "Regler om udbud spænder ben"}),
        ({"organisation": "cafe"}, {"Behov for lokaler"}),
        ({"date_from": dt.date(2026, 4, 1)}, {"Behov for mentorer", "Regler om udbud spænder ben",
                                              "Rådet tilbyder frivillige"}),
        ({"date_from": dt.date(2026, 3, 10), "date_to": dt.date(2026, 3, 10)},
         {"Behov for lokaler", "Forventer hurtig sagsbehandling"}),
    ],
)  # fmt: skip
def test_the_by_theme_filters(setting, heard, filters, expected):
    if "tag" in filters:
        filters = {"tag": FeedbackTag.objects.get(name=filters["tag"])}
    if "organisation" in filters:
        filters = {"organisation": setting[filters["organisation"]]}
    Feedback.objects.filter(meeting__isnull=True).update(
        created_at=dt.datetime(2026, 6, 1, 12, tzinfo=UTC)
    )
    themes = feedback_by_theme(filters=filters)
    assert {e.text for t in themes for e in t["entries"]} == expected


def test_the_period_is_in_danish_time(setting):
    # 23:30 UTC on 31 May is 01:30 on 1 June in Copenhagen.
    entry = feedback("Sent om aftenen", "ideas", organisation=setting["council"])
    Feedback.objects.filter(pk=entry.pk).update(
        created_at=dt.datetime(2026, 5, 31, 23, 30, tzinfo=UTC)
    )
    june = feedback_by_theme(filters={"date_from": dt.date(2026, 6, 1)})
    may = feedback_by_theme(filters={"date_to": dt.date(2026, 5, 31)})
    assert [e.text for t in june for e in t["entries"]] == ["Sent om aftenen"]
    assert [e.text for t in may for e in t["entries"]] == []


def test_the_by_theme_page_shows_each_theme_with_its_count(client, consultant, heard):
    client.force_login(consultant)
    response = client.get(reverse("mapping:feedback-by-theme"))
    assert response.context["total"] == 5
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert html.count('<h2 class="h4" id="theme-') == 5
    assert "Behov for lokaler" in html
    assert "Mette Møller" in html
    assert "Dialogmøde i Vojens" in html
    assert "10.03.2026" in html
    assert "export=csv" in html and "export=xlsx" in html


def test_the_by_theme_page_filters_by_tag_in_the_url(client, consultant, heard):
    client.force_login(consultant)
    response = client.get(reverse("mapping:feedback-by-theme"), {"tag": "Lokaler"})
    assert response.context["total"] == 2


def test_a_bad_period_is_shown_at_the_field(client, consultant, heard):
    client.force_login(consultant)
    response = client.get(
        reverse("mapping:feedback-by-theme"),
        {"date_from": "2026-03-01", "date_to": "2026-02-01", "kind": "dialogue"},
    )
    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors
    # The filters that are valid still apply.
    assert response.context["total"] == 2


def test_the_by_theme_export_has_the_filtered_rows(client, consultant, heard):
    client.force_login(consultant)
    response = client.get(
        reverse("mapping:feedback-by-theme"), {"kind": "dialogue", "export": "csv"}
    )
    text = response.content.decode("utf-8-sig")
    lines = [line for line in text.splitlines() if line]
    assert len(lines) == 3  # heading and two rows
    assert "Behov for lokaler" in text
    assert "Lokaler, Vinter" in text
    assert "10.03.2026" in text or "2026-03-10" in text
    assert "Behov for mentorer" not in text
    response = client.get(reverse("mapping:feedback-by-theme"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_by_theme_page_costs_the_same_queries_at_any_size(client, consultant, setting):
    client.force_login(consultant)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("mapping:feedback-by-theme")).status_code == 200
        return len(queries)

    feedback("En", "needs", meeting=setting["dialogue"], contact=setting["mette"], tags=["a"])
    small = count()
    for index in range(12):
        feedback(
            f"Flere {index}",
            Feedback.Theme.values[index % 5],
            meeting=setting["process"],
            contact=setting["jens"],
            organisation=setting["council"],
            tags=[f"t{index}", "a"],
        )
    assert count() == small


# Ideas for interplay


def idea_data(setting, **changes):
    data = {
        "organisation": setting["cafe"].pk,
        "department": setting["department"].pk,
        "service": "Skolemad",
        "description": "Caféen leverer frokost til to skoler.",
        "state": "idea",
    }
    data.update(changes)
    return data


def test_it_creates_and_edits_an_idea(client, consultant, setting):
    client.force_login(consultant)
    response = client.post(reverse("mapping:idea-create"), idea_data(setting))
    assert response.status_code == 302
    idea = InterplayIdea.objects.get()
    assert (idea.organisation, idea.department, idea.state) == (
        setting["cafe"],
        setting["department"],
        "idea",
    )
    url = reverse("mapping:idea-edit", args=[idea.pk])
    response = client.post(url, idea_data(setting, state="exploring"))
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.state == "exploring"


def test_the_idea_form_offers_enterprises_and_departments(client, consultant, setting):
    client.force_login(consultant)
    form = client.get(reverse("mapping:idea-create")).context["form"]
    enterprises = set(form.fields["organisation"].queryset)
    departments = set(form.fields["department"].queryset)
    assert setting["cafe"] in enterprises
    assert setting["council"] not in enterprises
    assert departments == {setting["council"], setting["department"]}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"organisation": "council"}, "organisation"),  # not a social-economy enterprise
        ({"department": "cafe"}, "department"),  # not a public-sector organisation
        ({"service": ""}, "service"),
        ({"description": ""}, "description"),
        ({"state": "dreaming"}, "state"),
    ],
)
def test_bad_idea_input_saves_nothing(client, consultant, setting, changes, field):
    data = idea_data(setting)
    for key, value in changes.items():
        data[key] = setting[value].pk if value in setting else value
    client.force_login(consultant)
    response = client.post(reverse("mapping:idea-create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not InterplayIdea.objects.exists()


def test_bad_input_when_editing_an_idea_changes_nothing(client, consultant, setting):
    idea = InterplayIdea.objects.create(
        organisation=setting["cafe"],
        department=setting["department"],
        service="Skolemad",
        description="Frokost",
    )
    client.force_login(consultant)
    response = client.post(
        reverse("mapping:idea-edit", args=[idea.pk]), idea_data(setting, service="", state="agreed")
    )
    assert response.status_code == 200
    idea.refresh_from_db()
    assert (idea.service, idea.state) == ("Skolemad", "idea")


def test_the_idea_list_filters_and_exports(client, consultant, setting):
    InterplayIdea.objects.create(
        organisation=setting["cafe"],
        department=setting["department"],
        service="Skolemad",
        description="Frokost",
        state="agreed",
    )
    InterplayIdea.objects.create(
        organisation=setting["outsider"],
        department=setting["council"],
        service="Reparation af inventar",
        description="Værkstedet reparerer møbler",
    )
    client.force_login(consultant)
    url = reverse("mapping:idea-list")
    assert len(client.get(url).context["ideas"]) == 2
    assert [i.service for i in client.get(url, {"state": "agreed"}).context["ideas"]] == [
        "Skolemad"
    ]
    response = client.get(url, {"department": setting["council"].pk})
    assert [i.service for i in response.context["ideas"]] == ["Reparation af inventar"]
    text = client.get(url, {"state": "agreed", "export": "csv"}).content.decode("utf-8-sig")
    assert "Skolemad" in text and "Reparation" not in text


def test_the_idea_list_costs_the_same_queries_at_any_size(client, consultant, setting):
    client.force_login(consultant)

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("mapping:idea-list"))
        return len(queries)

    def add(n):
        for index in range(n):
            InterplayIdea.objects.create(
                organisation=setting["cafe"],
                department=setting["department"],
                service=f"Ydelse {index}",
                description="x",
            )

    add(1)
    small = count()
    add(10)
    assert count() == small


# The organisation's page


def test_staff_see_meetings_feedback_and_ideas_on_the_organisation(client, consultant, setting):
    feedback("Caféen vil gerne lave skolemad", "offers", organisation=setting["cafe"])
    InterplayIdea.objects.create(
        organisation=setting["cafe"],
        department=setting["department"],
        service="Skolemad",
        description="Frokost",
    )
    client.force_login(consultant)
    response = client.get(setting["cafe"].get_absolute_url())
    html = response.content.decode()
    assert 'aria-labelledby="meetings-section-' in html
    assert "Dialogmøde i Vojens" in html
    assert "Caféen vil gerne lave skolemad" in html
    assert "Skolemad" in html
    assert reverse("mapping:feedback-create-organisation", args=[setting["cafe"].pk]) in html


def test_the_enterprise_user_does_not_see_the_section(client, alice, setting):
    feedback("Intern note", "barriers", organisation=alice.organisation)
    client.force_login(alice)
    response = client.get(alice.organisation.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Intern note" not in html
    assert "meetings-section-" not in html


def test_the_section_is_none_for_anyone_but_staff(rf, alice, steering, consultant, setting):
    from django.contrib.auth.models import AnonymousUser

    from mapping.views.meetings import organisation_section

    for user in (alice, steering, AnonymousUser()):
        request = rf.get("/")
        request.user = user
        assert organisation_section(request, setting["cafe"]) is None
    request = rf.get("/")
    request.user = consultant
    panel = organisation_section(request, setting["cafe"])
    assert panel.template == "mapping/meetings/organisation_section.html"
    assert panel.context["meetings"] == [setting["dialogue"]]


def test_a_new_idea_can_start_from_the_enterprise_page(client, consultant, setting):
    client.force_login(consultant)
    url = reverse("mapping:idea-create") + f"?organisation={setting['cafe'].pk}"
    assert url in client.get(setting["cafe"].get_absolute_url()).content.decode()
    assert url not in client.get(setting["council"].get_absolute_url()).content.decode()
    form = client.get(url).context["form"]
    assert form["organisation"].value() == str(setting["cafe"].pk)
