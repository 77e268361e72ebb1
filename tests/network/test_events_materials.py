"""An event's materials: uploaded by staff into the private storage, fetched by staff and
the event's confirmed participants and those who came, removed with their file."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from network.forms.events import MATERIAL_MAX_BYTES
from network.models import Material, SignUp
from network.selectors.events import material_get_for_user
from tests.factories.network_events import EventFactory, MaterialFactory, SignUpFactory
from tests.factories.portal import UserFactory
from tests.network.roles import ROLES, STAFF, log_in, refused

pytestmark = [pytest.mark.django_db]

State = SignUp.State


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_add_and_remove_materials(client, role):
    event = EventFactory()
    material = MaterialFactory(event=event)
    log_in(client, role)
    upload = SimpleUploadedFile("program.pdf", b"%PDF-1.4 program", "application/pdf")
    added = client.post(
        reverse("network:material-add", args=[event.pk]), {"title": "Program", "file": upload}
    )
    removed = client.post(reverse("network:material-delete", args=[material.pk]))
    titles = sorted(Material.objects.values_list("title", flat=True))
    if role in STAFF:
        assert (added.status_code, removed.status_code) == (302, 302)
        assert titles == ["Program"]
    else:
        assert refused(added, role) and refused(removed, role)
        assert titles == ["Slides fra mødet"]


@pytest.mark.parametrize("role", ROLES)
def test_materials_are_for_staff_and_confirmed_participants(client, role):
    material = MaterialFactory()
    user = log_in(client, role)
    url = reverse("network:material", args=[material.pk])
    if role == "anonymous":
        assert refused(client.get(url), role)
        return
    if role in STAFF:
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 slides"
        return
    assert client.get(url).status_code == 404
    signup = SignUpFactory(event=material.event, user=user, state=State.WAITING)
    assert client.get(url).status_code == 404
    for state in (State.CONFIRMED, State.ATTENDED):
        SignUp.objects.filter(pk=signup.pk).update(state=state)
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("role", ROLES)
def test_the_material_selector_for_staff_and_participants(role):
    user = UserFactory(role=role) if role != "anonymous" else AnonymousUser()
    material = MaterialFactory()
    if role in STAFF:
        assert material_get_for_user(user=user, pk=material.pk, for_change=True) == material
        return
    with pytest.raises(Http404):
        material_get_for_user(user=user, pk=material.pk)
    if role == "anonymous":
        return
    SignUpFactory(event=material.event, user=user, state=State.ATTENDED)
    assert material_get_for_user(user=user, pk=material.pk) == material
    with pytest.raises(PermissionDenied):
        material_get_for_user(user=user, pk=material.pk, for_change=True)


# --- Materials -----------------------------------------------------------------------


def test_a_material_is_stored_privately(client, leader):
    event = EventFactory()
    client.force_login(leader)
    upload = SimpleUploadedFile("program.pdf", b"%PDF-1.4 program", "application/pdf")
    client.post(
        reverse("network:material-add", args=[event.pk]), {"title": "Program", "file": upload}
    )
    material = Material.objects.get()
    assert (material.event, material.uploaded_by) == (event, leader)
    with pytest.raises(ValueError, match="private"):
        material.file.url  # noqa: B018 - no public URL reaches it


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("program.exe", 100, "extension"),
        ("program.html", 100, "extension"),
        ("stor.pdf", MATERIAL_MAX_BYTES + 1, "at most"),
    ],
)
def test_a_bad_material_is_refused_at_the_file(client, leader, name, size, message, settings):
    settings.LANGUAGE_CODE = "en"
    event = EventFactory()
    client.force_login(leader)
    upload = SimpleUploadedFile(name, b"x" * size)
    response = client.post(
        reverse("network:material-add", args=[event.pk]),
        {"title": "Program", "file": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["material_form"].errors["file"])
    assert not Material.objects.exists()


def test_a_removed_materials_file_is_gone_too(client, leader, django_capture_on_commit_callbacks):
    material = MaterialFactory()
    name, storage = material.file.name, material.file.storage
    assert storage.exists(name)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:material-delete", args=[material.pk]))
    assert not Material.objects.exists()
    assert not storage.exists(name)


def test_the_edit_page_lists_the_materials(client, leader):
    material = MaterialFactory(title="Referat")
    client.force_login(leader)
    page = client.get(reverse("network:event-edit", args=[material.event.pk])).content.decode()
    assert "Referat" in page
    assert reverse("network:material", args=[material.pk]) in page
