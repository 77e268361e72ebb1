"""The event's materials on the personal page: listed and fetched through the person's own
link once they have a place or came, never before, never another event's."""

import pytest
from django.urls import reverse

from network.models import SignUp
from tests.factories.network_events import EventFactory, MaterialFactory, SignUpFactory

pytestmark = pytest.mark.django_db
State = SignUp.State


def material_url(signup, material):
    return reverse("network:signup-material", args=[signup.token, material.pk])


@pytest.mark.parametrize("state", [State.CONFIRMED, State.ATTENDED])
def test_a_participant_lists_and_fetches_the_materials(client, state):
    material = MaterialFactory()
    signup = SignUpFactory(event=material.event, state=state)
    page = client.get(reverse("network:signup", args=[signup.token])).content.decode()
    assert material.title in page
    assert material_url(signup, material) in page
    response = client.get(material_url(signup, material))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 slides"
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private"


@pytest.mark.parametrize(
    "state",
    [State.UNCONFIRMED, State.WAITING, State.OFFERED, State.CANCELLED, State.EXPIRED],
)
def test_no_materials_without_a_place(client, state):
    material = MaterialFactory()
    signup = SignUpFactory(event=material.event, state=state, position=1)
    page = client.get(reverse("network:signup", args=[signup.token])).content.decode()
    assert material.title not in page
    assert client.get(material_url(signup, material)).status_code == 404


def test_no_material_of_another_event(client):
    material = MaterialFactory()
    signup = SignUpFactory(event=EventFactory(), state=State.CONFIRMED)
    assert client.get(material_url(signup, material)).status_code == 404
    assert (
        client.get(reverse("network:signup-material", args=[signup.token, 99999])).status_code
        == 404
    )


def test_no_material_through_a_wrong_or_erased_link(client):
    material = MaterialFactory()
    signup = SignUpFactory(event=material.event, state=State.CONFIRMED)
    wrong = reverse("network:signup-material", args=["not-a-token", material.pk])
    assert client.get(wrong).status_code == 404
    SignUp.objects.filter(pk=signup.pk).update(erased_at=signup.created_at)
    assert client.get(material_url(signup, material)).status_code == 404


def test_a_material_is_not_changed_by_a_post(client):
    material = MaterialFactory()
    signup = SignUpFactory(event=material.event, state=State.CONFIRMED)
    assert client.post(material_url(signup, material)).status_code == 405
