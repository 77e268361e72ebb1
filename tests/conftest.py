"""Shared fixtures: the named actors of the portal's tests."""

import copy
import html
import os
import re

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.test import TestCase

from mapping.models import LocalArea, Organisation, PurposeArea
from portal.models import User

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
    user = User.objects.create_user(
        username=username,
        password="password",
        email=f"{username}@example.dk",
        role=role,
        first_name=username.capitalize(),
        **extra,
    )
    return user


def make_area():
    return LocalArea.objects.create(name="Haderslev", slug="haderslev", kind="town")


@pytest.fixture
def area(db):
    return make_area()


@pytest.fixture
def other_area(db):
    return LocalArea.objects.create(name="Vojens", slug="vojens", kind="town", position=1)


@pytest.fixture
def purposes(db):
    return {purpose.code: purpose for purpose in PurposeArea.objects.all()}


def make_organisation(name, **fields):
    defaults = {
        "sector": Organisation.Sector.SOCIAL_ECONOMY,
        "kind": Organisation.Kind.COMPANY,
        "se_status": Organisation.SocialEconomyStatus.EXISTING,
        "moderation_state": Organisation.Moderation.APPROVED,
        # Published with consent, as the directory's enterprises are; internal=True for one
        # that staff mapped and keep internal.
        "published": True,
        "consent": Organisation.Consent.WRITTEN,
    }
    pending = fields.get("moderation_state", Organisation.Moderation.APPROVED) != "approved"
    if fields.pop("internal", False) or pending:
        defaults.update(published=False, consent="")
    return Organisation.objects.create(name=name, **{**defaults, **fields})


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
