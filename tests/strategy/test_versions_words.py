"""Comparisons mark the changed words of a text (not the whole field), in a way that does
not rely on colour; and what the system notes in a version ("Adopted by the city council
…", "Action … changed") is shown in the reader's language."""

import pytest
from django.urls import reverse

from strategy import diff
from strategy.models import Action, StrategyVersion
from strategy.services import council as council_services
from strategy.services import drafting as services
from tests.strategy.conftest import PLAN_VERSIONS

pytestmark = pytest.mark.django_db


def test_word_diff_marks_only_the_changed_words():
    old, new = diff.word_diff(
        "Et netværk for socialøkonomiske virksomheder i Haderslev",
        "Et stærkt netværk for socialøkonomiske virksomheder i Vojens",
    )

    assert [text for status, text in old if status == diff.DELETED] == ["Haderslev"]
    assert [text for status, text in new if status == diff.INSERTED] == ["stærkt", "Vojens"]
    assert "".join(text for _status, text in old).startswith("Et netværk")
    assert "".join(text for _status, text in new).endswith("i Vojens")


def test_a_text_added_or_emptied_is_shown_whole():
    change = diff.FieldChange("description", "description", diff.TEXT, "", "Ny tekst")

    assert change.words is None
    assert diff.FieldChange("title", "title", diff.TEXT, "A b", "A c").words is not None
    assert diff.FieldChange("budget", "budget", diff.MONEY, "1.00", "2.00").words is None


def test_the_compare_page_marks_changed_words_with_ins_and_del(client, plan, consultant):
    built = plan()
    action = Action.objects.get(pk=built.actions[0].pk)
    services.action_save(
        action=action,
        by=consultant,
        revision=action.revision,
        description="Møder hver måned i Haderslev.",
    )
    action.refresh_from_db()
    services.action_save(
        action=action,
        by=consultant,
        revision=action.revision,
        description="Møder hver anden måned i Vojens.",
    )
    client.force_login(consultant)
    client.cookies["django_language"] = "en"

    response = client.get(
        reverse("strategy:version-compare", args=[built.strategy.pk]),
        {"a": PLAN_VERSIONS + 1, "b": PLAN_VERSIONS + 2},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<span class="visually-hidden">removed: </span>Haderslev.</del>' in html
    assert '<span class="visually-hidden">added: </span>anden</ins>' in html
    assert "text-decoration-line-through" in html  # struck through, not colour alone
    assert "text-decoration-underline" in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Action “Lokalt netværk” changed"),
        ("da", "Indsatsen “Lokalt netværk” ændret"),
    ],
)
def test_a_version_note_is_shown_in_the_readers_language(
    client, plan, consultant, language, expected
):
    built = plan()
    action = Action.objects.get(pk=built.actions[0].pk)
    services.action_save(
        action=action, by=consultant, revision=action.revision, description="Ny beskrivelse"
    )
    client.force_login(consultant)
    client.cookies["django_language"] = language

    html = client.get(reverse("strategy:version-list", args=[built.strategy.pk])).content.decode()

    assert expected in html


def test_the_adoption_note_is_stored_as_a_message_and_translated_when_shown(
    client, leader, consultant, plan
):
    built = plan()
    strategy = built.strategy
    version = services.version_record(
        strategy=strategy, by=leader, message=council_services.ADOPTED_MESSAGE, date="24.11.2026"
    )
    version = StrategyVersion.objects.get(pk=version.pk)

    assert version.summary_message == council_services.ADOPTED_MESSAGE
    assert version.summary_params == {"date": "24.11.2026"}
    client.force_login(consultant)
    client.cookies["django_language"] = "en"
    english = client.get(reverse("strategy:version-list", args=[strategy.pk])).content.decode()
    client.cookies["django_language"] = "da"
    danish = client.get(reverse("strategy:version-list", args=[strategy.pk])).content.decode()
    assert "Adopted by the city council on 24.11.2026" in english
    assert "Vedtaget af byrådet den 24.11.2026" in danish
