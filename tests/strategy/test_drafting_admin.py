"""The strategy's models in Django's admin: each list and a change page open."""

import pytest
from django.urls import reverse

from portal.models import User
from strategy.models import StrategyVersion
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

MODELS = [
    "strategy",
    "focusarea",
    "goal",
    "action",
    "strategyversion",
    "strategycomment",
    "strategyverdict",
    "recommendation",
    "councildecision",
    "progressupdate",
    "feedbacknotice",
]


@pytest.fixture
def admin_client(client, db):
    admin = make_user("admin", User.Role.PROJECT_LEADER, is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_it_lists_each_strategy_model_in_the_admin(admin_client, plan, model):
    plan()
    response = admin_client.get(reverse(f"admin:strategy_{model}_changelist"))
    assert response.status_code == 200


def test_it_opens_an_action_and_its_history_in_the_admin(admin_client, plan):
    built = plan()
    action = built.actions[0]
    assert (
        admin_client.get(reverse("admin:strategy_action_change", args=[action.pk])).status_code
        == 200
    )
    history = admin_client.get(reverse("admin:strategy_action_history", args=[action.pk]))
    assert history.status_code == 200
    version = StrategyVersion.objects.filter(strategy=built.strategy).first()
    page = admin_client.get(reverse("admin:strategy_strategyversion_changelist")).content.decode()
    assert version.summary in page
