"""Shared fixtures: the named actors of the portal's tests."""

import html
import os
import re

import pytest
from django.core.cache import cache
from django.http import QueryDict

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


@pytest.fixture
def area(db):
    return LocalArea.objects.create(name="Haderslev", slug="haderslev", kind="town")


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


@pytest.fixture
def leader(db):
    return make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)


@pytest.fixture
def consultant(db):
    return make_user("konsulent", User.Role.CONSULTANT)


@pytest.fixture
def steering(db):
    return make_user("styregruppe", User.Role.STEERING_GROUP)


@pytest.fixture
def alice(db, area):
    """Enterprise user Alice with her approved organisation."""
    user = make_user("alice", User.Role.ENTERPRISE)
    organisation = make_organisation("Alices Café", area=area, postcode="6100", town="Haderslev")
    organisation.users.add(user)
    user.organisation = organisation
    return user


@pytest.fixture
def bob(db, area):
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


def export_queries(page_html):
    """The query strings of a list page's download links, by format ("csv", "xlsx")."""
    queries = {}
    for href in re.findall(r'href="\?([^"]*export=[^"]*)"', page_html):
        query = QueryDict(html.unescape(href))
        queries[query["export"]] = query
    return queries
