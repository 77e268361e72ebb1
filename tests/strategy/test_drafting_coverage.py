"""What in the mapping no action answers yet: feedback themes (with their number of feedback
entries) and potentials, for one strategy, in a fixed number of queries."""

import pytest

from mapping.models import Feedback, Potential
from strategy.selectors.drafting import coverage
from strategy.services import drafting as services
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db


def feedback(theme, count, organisation):
    return [
        Feedback.objects.create(text=f"{theme} {n}", theme=theme, organisation=organisation)
        for n in range(count)
    ]


@pytest.fixture
def mapping_and_plans(plan):
    enterprise = make_organisation("Genbrugsværkstedet")
    needs = feedback("needs", 3, enterprise)
    ideas = feedback("ideas", 2, enterprise)
    feedback("barriers", 1, enterprise)
    potentials = [
        Potential.objects.create(organisation=make_organisation(name), stage="grassroots")
        for name in ("Åens Café", "Byhaven", "Cykelværkstedet")
    ]
    built, other = plan(), plan(title="En anden strategi")
    first, second = built.actions[0], built.actions[1]
    # The theme named on an action, and a theme through a piece of feedback it answers.
    services.action_save(
        action=first,
        by=built.by,
        revision=first.revision,
        feedback_themes=["barriers"],
        potentials=[potentials[1]],
    )
    services.action_save(action=second, by=built.by, revision=second.revision, feedback=[needs[0]])
    # Another strategy's answers do not count for this one.
    theirs = other.actions[0]
    services.action_save(
        action=theirs,
        by=other.by,
        revision=theirs.revision,
        feedback=[ideas[0]],
        potentials=[potentials[2]],
    )
    return built, potentials


def test_it_counts_the_feedback_per_theme_and_marks_the_answered(mapping_and_plans):
    built, _potentials = mapping_and_plans
    result = coverage(strategy=built.strategy)
    rows = {row["code"]: (row["feedback_count"], row["answered"]) for row in result["themes"]}
    assert rows == {
        "needs": (3, True),
        "expectations": (0, False),
        "ideas": (2, False),
        "barriers": (1, True),
        "offers": (0, False),
    }
    assert [row["code"] for row in result["unanswered_themes"]] == [
        "expectations",
        "ideas",
        "offers",
    ]


def test_it_lists_the_potentials_no_action_of_this_plan_answers(mapping_and_plans):
    built, potentials = mapping_and_plans
    result = coverage(strategy=built.strategy)
    assert result["unanswered_potentials"] == [potentials[2], potentials[0]]  # Danish order: Å last
    assert result["potential_count"] == 3


def test_it_counts_a_theme_answered_once_every_theme_is_named(plan):
    built = plan()
    action = built.actions[0]
    services.action_save(
        action=action,
        by=built.by,
        revision=action.revision,
        feedback_themes=list(Feedback.Theme.values),
    )
    assert coverage(strategy=built.strategy)["unanswered_themes"] == []


def test_it_reads_the_coverage_in_a_fixed_number_of_queries(
    mapping_and_plans, django_assert_num_queries
):
    built, _potentials = mapping_and_plans
    with django_assert_num_queries(4):
        coverage(strategy=built.strategy)
    enterprise = make_organisation("Nyt værksted")
    Potential.objects.create(organisation=enterprise, stage="entrepreneur")
    feedback("offers", 4, enterprise)
    with django_assert_num_queries(4):
        result = coverage(strategy=built.strategy)
    assert len(result["unanswered_potentials"]) == 3


def test_it_shows_the_coverage_on_the_draft_page(client, consultant, mapping_and_plans):
    built, _potentials = mapping_and_plans
    client.force_login(consultant)
    page = client.get(built.strategy.get_absolute_url()).content.decode()
    assert 'id="theme-ideas"' in page
    assert 'id="theme-needs"' not in page
    assert "Åens Café" in page
    assert "Byhaven" not in page.split('id="unanswered-potentials"')[1]
