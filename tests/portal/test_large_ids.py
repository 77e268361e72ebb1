"""Row ids in pages are never written with Danish thousand separators.

With `USE_THOUSAND_SEPARATOR`, `{{ row.pk }}` prints 12345 as "12.345": an element id, an
anchor or a query parameter built from it then points at nothing. Ids past 999 are the
normal case in a portal that runs for years, so each kind of page is checked with one.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from mapping.models import Organisation
from portal.programme.models import Activity, Phase
from strategy.models import FocusArea, Strategy
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db

BIG = 12345


def test_the_budget_marks_its_activity_rows_with_plain_ids(client, leader):
    today = timezone.localdate()
    phase = Phase.objects.create(
        number=1,
        name="Kortlægning",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=30),
        contracted=True,
    )
    Activity.objects.create(
        pk=BIG,
        phase=phase,
        name="Dialogmøder",
        estimated_hours=Decimal("40"),
        planned_start=phase.starts_on,
        planned_end=phase.ends_on,
        responsible=leader,
    )
    client.force_login(leader)
    page = client.get(reverse("programme:budget")).content.decode()
    assert f'data-activity="{BIG}"' in page
    assert "12.345" not in page


def test_the_draft_page_anchors_its_focus_areas_with_plain_ids(client, consultant):
    strategy = Strategy.objects.create(title="Socialøkonomisk strategi", created_by=consultant)
    FocusArea.objects.create(pk=BIG, strategy=strategy, title="Netværk")
    client.force_login(consultant)
    page = client.get(reverse("strategy:strategy-detail", args=[strategy.pk])).content.decode()
    assert f'id="focusarea-{BIG}"' in page
    assert "12.345" not in page


def test_the_moderation_queue_labels_its_cards_with_plain_ids(client, leader):
    make_organisation(
        "Vojens Strikkecafé", moderation_state=Organisation.Moderation.PENDING, pk=BIG
    )
    client.force_login(leader)
    page = client.get(reverse("mapping:moderation-queue")).content.decode()
    assert f'id="pending-{BIG}"' in page
    assert "12.345" not in page
