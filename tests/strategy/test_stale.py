"""Stale actions: the staff's list and the weekly e-mail command for owners and leaders."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from strategy.models import Action, Strategy
from strategy.services.progress import progress_add
from tests.conftest import make_user
from tests.factories.strategy import today

pytestmark = pytest.mark.django_db

State = Action.State


def run(*args):
    out = StringIO()
    call_command("strategy_stale_reminders", *args, stdout=out)
    return out.getvalue()


def by_recipient():
    return {tuple(message.to): message for message in mail.outbox}


@override_settings(STRATEGY_STALE_DAYS=5)
def test_it_mails_each_owner_their_own_and_the_leader_all_stale_actions(
    live_plan, leader, consultant
):
    output = run("--base-url", "https://portal.example.dk")
    messages = by_recipient()
    assert set(messages) == {(consultant.email,), (leader.email,)}
    own = messages[(consultant.email,)]
    assert "Netværksmøder hver måned" in own.body
    assert "Kuvøseforløb for iværksættere" not in own.body  # not the consultant's
    url = reverse("strategy:progress-add", args=[live_plan["meetings"].pk])
    assert f"https://portal.example.dk{url}" in own.body
    everything = messages[(leader.email,)]
    for title in ["Netværksmøder hver måned", "Kuvøseforløb for iværksættere", "Slutter i dag"]:
        assert title in everything.body
    assert "Kortlægning afsluttet" not in everything.body  # done: never stale
    assert "Droppet messe" not in everything.body
    assert consultant.email in output and leader.email in output
    assert "2" in output.splitlines()[-1]


@override_settings(STRATEGY_STALE_DAYS=5)
def test_it_mails_every_active_leader_with_an_address(live_plan, leader):
    second = make_user("leder2", "project_leader")
    make_user("leder3", "project_leader", is_active=False)
    without_address = make_user("leder4", "project_leader")
    type(without_address).objects.filter(pk=without_address.pk).update(email="")
    run()
    recipients = {address for message in mail.outbox for address in message.to}
    assert {leader.email, second.email} <= recipients
    assert "leder3@example.dk" not in recipients
    assert len([m for m in mail.outbox if "Kuvøseforløb" in m.body]) == 2


@override_settings(STRATEGY_STALE_DAYS=5)
def test_it_sends_nothing_on_a_dry_run_but_says_what_it_would(live_plan, leader, consultant):
    output = run("--dry-run")
    assert mail.outbox == []
    assert consultant.email in output and leader.email in output


@override_settings(STRATEGY_STALE_DAYS=30)
def test_it_sends_nothing_when_nothing_is_stale(live_plan, leader):
    output = run()
    assert mail.outbox == []
    assert output.strip()  # it says so


@override_settings(STRATEGY_STALE_DAYS=5)
def test_it_sends_nothing_once_every_action_is_updated(live_plan, leader, consultant):
    for key in ("meetings", "incubator", "today"):
        progress_add(
            action=live_plan[key],
            by=consultant,
            date=today(),
            state=State.UNDER_WAY,
            percent_done=50,
        )
    run()
    assert mail.outbox == []


@override_settings(STRATEGY_STALE_DAYS=5)
def test_it_sends_nothing_without_a_plan_in_force(draft, leader):
    run()
    assert mail.outbox == []
    assert not Strategy.objects.filter(state=Strategy.State.ADOPTED).exists()


@override_settings(STRATEGY_STALE_DAYS=5)
def test_it_does_not_mail_a_leader_twice_for_their_own_actions(live_plan, leader):
    Action.objects.filter(pk=live_plan["incubator"].pk).update(
        owner_department="", owner_person=leader
    )
    run()
    assert [message.to for message in mail.outbox].count([leader.email]) == 1


def test_it_documents_the_cron_line():
    from strategy.management.commands.strategy_stale_reminders import Command

    assert "strategy_stale_reminders" in Command.help and "* * 1" in Command.help


@override_settings(STRATEGY_STALE_DAYS=5)
def test_it_lists_the_stale_actions_for_the_staff(client, live_plan, consultant):
    client.force_login(consultant)
    response = client.get(reverse("strategy:stale-list"))
    titles = [action.title for action in response.context["actions"]]
    # The viewer's own first, then in plan order.
    assert titles == ["Netværksmøder hver måned", "Kuvøseforløb for iværksættere", "Slutter i dag"]
    assert "Kortlægning afsluttet" not in response.content.decode()
