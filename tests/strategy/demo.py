"""The strategy's demo data as its tests load it, and the two plans it makes."""

import io

from django.core import mail
from django.core.management.base import OutputWrapper
from django.test import TestCase

from mapping.demo import meetings, organisations, stakeholders
from portal.management.commands.demo_data import Command as DemoData
from strategy import demo
from strategy.demo import adopted_content
from strategy.demo.draft import TITLE as DRAFT_TITLE
from strategy.models import Strategy


def load_demo():
    """The demo users, the parts of the mapping demo the strategy links to, and the
    strategy's demo (the interim report and the programme are left out: they are slow and
    the strategy does not use them)."""
    users = DemoData().load_users()
    for part in (organisations, stakeholders, meetings):
        part.load(users=users, stdout=io.StringIO())
    out = io.StringIO()
    demo.load(users=users, stdout=OutputWrapper(out))
    return users, out.getvalue()


def load_demo_once():
    """The demo as the tests of this module read it, with what runs after commit run (the
    notices to the people who asked to hear back) and the mail that sent kept: the mailbox
    is emptied before every test."""
    sent_before = len(mail.outbox)
    with TestCase.captureOnCommitCallbacks(execute=True):
        users, out = load_demo()
    return {"users": users, "out": out, "mail": mail.outbox[sent_before:]}


def plan():
    return Strategy.objects.get(title=adopted_content.TITLE)


def draft():
    return Strategy.objects.get(title=DRAFT_TITLE)
