import pytest
from django.db import connection

from mapping.models import Organisation
from tests.conftest import make_organisation
from tests.mapping.pages import DIRECTORY_URL, names

pytestmark = pytest.mark.django_db


def test_it_lists_only_approved_social_economy_organisations(client, area):
    make_organisation("Synlig")
    make_organisation("Idé", se_status=Organisation.SocialEconomyStatus.POTENTIAL)
    make_organisation("Venter", moderation_state=Organisation.Moderation.PENDING)
    make_organisation(
        "Afvist", moderation_state=Organisation.Moderation.REJECTED, rejection_reason="x"
    )
    make_organisation("Kommunen", se_status=Organisation.SocialEconomyStatus.NONE)
    assert names(client.get(DIRECTORY_URL)) == ["Idé", "Synlig"]


def test_names_sort_in_danish_order(client):
    for name in ["Åbo", "Zebra", "Æble", "Østerby", "ananas", "Banan"]:
        make_organisation(name)
    assert names(client.get(DIRECTORY_URL)) == [
        "ananas",
        "Banan",
        "Zebra",
        "Æble",
        "Østerby",
        "Åbo",
    ]


def test_search_by_name_and_description(client):
    make_organisation("Café Kvisten", description="Kaffe og praktik")
    make_organisation("Genbrug", description="Møbler fra genbrugspladsen")
    assert names(client.get(DIRECTORY_URL, {"q": "kvisten"})) == ["Café Kvisten"]
    assert names(client.get(DIRECTORY_URL, {"q": "møbler"})) == ["Genbrug"]
    assert names(client.get(DIRECTORY_URL, {"q": "ingenting"})) == []


def test_filter_by_status(client):
    make_organisation("Eksisterende")
    make_organisation("Idé", se_status=Organisation.SocialEconomyStatus.POTENTIAL)
    assert names(client.get(DIRECTORY_URL, {"status": "existing"})) == ["Eksisterende"]
    assert names(client.get(DIRECTORY_URL, {"status": "potential"})) == ["Idé"]


def test_filter_by_area(client, area, other_area):
    make_organisation("Haderslev Café", area=area)
    make_organisation("Vojens Værksted", area=other_area)
    assert names(client.get(DIRECTORY_URL, {"area": "vojens"})) == ["Vojens Værksted"]


def test_filter_by_purpose_area(client, purposes):
    green = make_organisation("Grøn")
    green.purpose_areas.set([purposes["environment"], purposes["employment"]])
    social = make_organisation("Social")
    social.purpose_areas.set([purposes["social"]])
    assert names(client.get(DIRECTORY_URL, {"purpose": "environment"})) == ["Grøn"]


def test_an_unknown_filter_value_is_a_form_error_not_a_crash(client):
    make_organisation("Noget")
    response = client.get(DIRECTORY_URL, {"area": "atlantis", "status": "imaginary"})
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_pagination(client, settings):
    settings.DIRECTORY_PAGE_SIZE = 2
    for index in range(5):
        make_organisation(f"Virksomhed {index}")
    response = client.get(DIRECTORY_URL, {"page": 3})
    assert names(response) == ["Virksomhed 4"]
    assert response.context["page"].paginator.num_pages == 3


def test_the_query_count_does_not_grow_with_the_rows(client, area, purposes, settings):
    settings.DIRECTORY_PAGE_SIZE = 20

    def count_queries():
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = client.get(DIRECTORY_URL, {"status": "existing"})
        assert response.status_code == 200
        return len(queries)

    for index in range(3):
        organisation = make_organisation(f"Lille {index}", area=area)
        organisation.purpose_areas.set([purposes["social"], purposes["health"]])
    few = count_queries()
    for index in range(40):
        organisation = make_organisation(f"Stor {index}", area=area)
        organisation.purpose_areas.set([purposes["social"]])
    many = count_queries()
    assert few == many
    assert many <= 5


def test_the_detail_page_shows_small_counts_of_people_as_under_5(client):
    organisation = make_organisation("Lille", employees=10, employees_flexjob=2, employees_edge=6)
    html = client.get(organisation.get_public_url()).content.decode()
    assert "under 5" in html
    assert ">6<" in html


@pytest.mark.postgres
def test_postgres_search_uses_danish_stemming(client):
    if connection.vendor != "postgresql":
        pytest.skip("Danish full-text search runs on PostgreSQL only")
    make_organisation("Kvisten", description="En socialøkonomisk virksomhed ved havnen")
    make_organisation("Andet", description="Et værksted for cykler")
    assert names(client.get(DIRECTORY_URL, {"q": "virksomheder"})) == ["Kvisten"]
    assert names(client.get(DIRECTORY_URL, {"q": "cyklerne"})) == ["Andet"]


def test_aa_sorts_as_the_letter_aa_after_oe(client):
    for name in ["Aabenraa Café", "Østbyen", "Zebra", "Ålborg Værksted"]:
        make_organisation(name)
    assert names(client.get(DIRECTORY_URL)) == [
        "Zebra",
        "Østbyen",
        "Aabenraa Café",
        "Ålborg Værksted",
    ]
