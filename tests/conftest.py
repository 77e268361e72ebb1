"""Shared fixtures: the named actors of the portal's tests."""

import copy
import html
import os
import re

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.test import TestCase
from django.utils import timezone

from mapping.models import Organisation, PurposeArea
from portal.models import User
from tests.factories.mapping import ContactFactory, LocalAreaFactory, OrganisationFactory
from tests.factories.portal import UserFactory
from tests.factories.strategy import (
    build_draft_plan,
    build_live_plan,
    build_review_plan_data,
    record_progress,
)

# Browser tests drive Playwright's sync API (an event loop in the test thread) while the
# test also uses the ORM; Django refuses that unless told it is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits live in the cache; every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


def make_user(username, role, **extra):
    return UserFactory(username=username, role=role, **extra)


def make_area():
    return LocalAreaFactory(name="Haderslev", slug="haderslev", kind="town")


@pytest.fixture
def area(db):
    return make_area()


@pytest.fixture
def other_area(db):
    return LocalAreaFactory(name="Vojens", slug="vojens", kind="town", position=1)


@pytest.fixture
def purposes(db):
    return {purpose.code: purpose for purpose in PurposeArea.objects.all()}


def make_organisation(name, **fields):
    """An approved, published social-economy company (see OrganisationFactory)."""
    return OrganisationFactory(name=name, **fields)


def make_leader():
    return make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)


def make_consultant():
    return make_user("konsulent", User.Role.CONSULTANT)


def make_steering():
    return make_user("styregruppe", User.Role.STEERING_GROUP)


def make_alice(area):
    """Enterprise user Alice with her approved organisation."""
    user = make_user("alice", User.Role.ENTERPRISE)
    organisation = make_organisation("Alices Café", area=area, postcode="6100", town="Haderslev")
    organisation.users.add(user)
    user.organisation = organisation
    return user


def make_bob(area):
    """Enterprise user Bob with his pending organisation."""
    user = make_user("bob", User.Role.ENTERPRISE)
    organisation = make_organisation(
        "Bobs Værksted",
        area=area,
        moderation_state=Organisation.Moderation.PENDING,
    )
    organisation.users.add(user)
    user.organisation = organisation
    return user


def make_actors():
    """The five named actors as their fixtures below make them, for data built once per
    module (see once_per_module), where function-scoped fixtures cannot be used."""
    area = make_area()
    return {
        "alice": make_alice(area),
        "bob": make_bob(area),
        "leader": make_leader(),
        "consultant": make_consultant(),
        "steering": make_steering(),
    }


@pytest.fixture
def leader(db):
    return make_leader()


@pytest.fixture
def consultant(db):
    return make_consultant()


@pytest.fixture
def steering(db):
    return make_steering()


@pytest.fixture
def alice(db, area):
    return make_alice(area)


@pytest.fixture
def bob(db, area):
    return make_bob(area)


def once_per_module(build, name):
    """Fixtures for data that the tests of a module read: ``build()`` runs once per module,
    and the fixture ``name`` gives each test a deep copy of what it returned, the way Django's
    TestCase.setUpClass and setUpTestData do it. Use, once in a module:
    ``module_data, world = once_per_module(build_world, "world")``.

    The rows are made inside a transaction that is rolled back after the module's last test;
    each test runs in a savepoint inside it (pytest-django's ``db``), so what a test writes is
    gone before the next one starts, and its copy of the objects is fresh. The module's tests
    that come after the first one to use the fixture see these rows too, so every test in the
    module should be one that expects them. ``build`` cannot use function-scoped fixtures:
    make_actors() makes the named actors.
    """

    @pytest.fixture(scope="module")
    def module_data(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            atomics = TestCase._enter_atomics()
            try:
                data = build()
            except BaseException:
                TestCase._rollback_atomics(atomics)
                raise
        try:
            yield data
        finally:
            with django_db_blocker.unblock():
                TestCase._rollback_atomics(atomics)

    # Depends on module_data by name, so pytest builds it before the test's savepoint opens.
    @pytest.fixture(name=name)
    def copied(module_data, db):
        return copy.deepcopy(module_data)

    return module_data, copied


def export_queries(page_html):
    """The query strings of a list page's download links, by format ("csv", "xlsx")."""
    queries = {}
    for href in re.findall(r'href="\?([^"]*export=[^"]*)"', page_html):
        query = QueryDict(html.unescape(href))
        queries[query["export"]] = query
    return queries


# --- Fixtures that tests of several apps use ---------------------------------------------


@pytest.fixture
def fake_report(monkeypatch):
    """The interim report's rendering replaced by a fast fake (tests/mapping/report_fakes.py)."""
    from tests.mapping import report_fakes

    return report_fakes.install(monkeypatch)


@pytest.fixture
def people(alice):
    """Two organisations with people to invite to a mapping meeting: one with an e-mail
    address, one without."""
    council = make_organisation(
        "Frivilligrådet",
        sector=Organisation.Sector.PUBLIC,
        kind=Organisation.Kind.COUNCIL,
        se_status=Organisation.SocialEconomyStatus.NONE,
    )
    return {
        "cafe": alice.organisation,
        "council": council,
        "mette": ContactFactory(
            organisation=alice.organisation, name="Mette Møller", email="mette@cafe.dk"
        ),
        "jens": ContactFactory(organisation=council, name="Jens Jensen", email="jens@raad.dk"),
        "karen": ContactFactory(organisation=council, name="Karen Krogh"),
    }


@pytest.fixture
def registration_data(area, purposes):
    """A valid self-registration of an existing enterprise (mapping:register)."""
    return {
        "what": "existing",
        "name": "Kvist & Kaffe",
        "kind": "company",
        "cvr": "31415926",
        "description": "Socialøkonomisk café med praktikpladser.",
        "purpose_areas": [purposes["employment"].pk, purposes["social"].pk],
        "website": "https://kvist.example.dk",
        "founded_year": "2019",
        "employees": "8",
        "employees_flexjob": "2",
        "employees_edge": "3",
        "street": "Havnegade 1",
        "postcode": "6100",
        "town": "Haderslev",
        "area": area.pk,
        "social_purpose": "True",
        "social_purpose_note": "Unge i arbejde.",
        "commercial": "True",
        "commercial_note": "",
        "independent": "True",
        "independent_note": "",
        "inclusive_governance": "False",
        "inclusive_governance_note": "Vi arbejder på det.",
        "social_profit_use": "True",
        "social_profit_use_note": "",
        "innovative": "True",
        "locally_rooted": "True",
        "cross_sector": "False",
        "contact_name": "Maja Møller",
        "contact_role": "Stifter",
        "email": "maja@example.dk",
        "phone": "+45 12 34 56 78",
        "password1": "grøn-kaffe-2026",
        "password2": "grøn-kaffe-2026",
        "consent": "on",
        "homepage": "",
    }


# --- The strategy's plans, for its tests and those of the pages that show them ------------


@pytest.fixture
def plan_data(leader):
    """The review's plan (tests/factories/strategy.py): version 1 submitted, 2 the latest."""
    return build_review_plan_data(by=leader)


@pytest.fixture
def live_plan(leader, consultant):
    """The plan in force with five actions in known states."""
    return build_live_plan(leader, consultant)


@pytest.fixture
def draft(leader):
    """A draft with one action."""
    return build_draft_plan(leader)


@pytest.fixture
def progressed(live_plan, consultant):
    """The plan in force's "meetings" action with two progress updates (the newest with an
    internal note)."""
    return record_progress(live_plan["meetings"], by=consultant)


@pytest.fixture
def recommendation(plan_data):
    """A recommendation of the review's plan's latest version to the city council."""
    from strategy.models import Recommendation

    return Recommendation.objects.create(
        strategy=plan_data["strategy"],
        version=plan_data["latest"],
        summary="Strategien samler indsatsen for socialøkonomi i Haderslev.",
        decision_points=(
            "strategien godkendes\nhandleplanen igangsættes\nøkonomien afholdes af rammen"
        ),
        case_text="Styregruppen har behandlet planen.\n\nDen bygger på kortlægningen.",
        finance_text="Indsatserne finansieres inden for den eksisterende ramme.",
        annexes="Kortlægningen af socialøkonomien\nDelrapporten",
    )


@pytest.fixture
def notified(monkeypatch):
    """The calls to notify_feedback_givers (the progress helper's), recorded instead of sent."""
    calls = []

    def record(*, actions, event, by, **kwargs):
        calls.append({"actions": list(actions), "event": event, "by": by})
        return 0

    monkeypatch.setattr("strategy.services.feedback_loop.notify_feedback_givers", record)
    return calls


@pytest.fixture
def recommended(leader, plan_data):
    """`plan_data` with its latest version (2) submitted and recommended to the council."""
    from strategy.models import Recommendation
    from tests.strategy.form_data import TEXTS

    latest = plan_data["latest"]
    latest.submitted_at = timezone.now()
    latest.submitted_by = leader
    latest.save(update_fields=["submitted_at", "submitted_by"])
    return Recommendation.objects.create(
        strategy=plan_data["strategy"], version=plan_data["latest"], updated_by=leader, **TEXTS
    )


def pytest_collection_modifyitems(items):
    """Mark every test of a permission matrix module (`test_*permissions.py`) `permissions`:
    who may reach which URL is decided by the views and selectors, not by the database, so
    `.ci/run` runs these (about half the quick suite) once, on SQLite, and leaves them out of
    its PostgreSQL run (`make test MATRICES=no`)."""
    for item in items:
        if item.path.name.endswith("permissions.py"):
            item.add_marker(pytest.mark.permissions)
