"""Only fields that must be filled in are starred: a formset's empty extra rows are optional."""

import re

import pytest

from portal.models import User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

STARRED_LABEL = re.compile(
    r'<label\s+for="(id_[\w-]+)"[^>]*>\s*[^<]*<span class="asteriskField">\*'
)


def starred_fields(html):
    return set(STARRED_LABEL.findall(html))


@pytest.fixture
def leader_client(client):
    client.force_login(make_user("leder", User.Role.PROJECT_LEADER, is_staff=True))
    return client


def test_it_stars_the_case_but_not_its_empty_effect_rows(leader_client):
    html = leader_client.get("/mapping/cases/new/").content.decode()
    starred = starred_fields(html)
    assert "id_title" in starred
    assert 'id="id_effects-0-description"' in html
    assert not {name for name in starred if name.startswith("id_effects-")}


def test_it_stars_an_effect_row_once_it_is_filled_in(leader_client):
    page = leader_client.get("/mapping/cases/new/").content.decode()
    data = dict(re.findall(r'<input type="hidden" name="([\w-]+)" value="([^"]*)"', page))
    data.update({"title": "", "effects-0-description": "Jobs", "effects-0-unit": "people"})
    html = leader_client.post("/mapping/cases/new/", data).content.decode()
    starred = starred_fields(html)
    assert "id_effects-0-value" in starred
    assert not {name for name in starred if name.startswith("id_effects-1-")}
