"""Uploaded images are re-encoded from their pixels (nothing appended, no metadata) and a
replaced or deleted image leaves the public storage."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image, PngImagePlugin

from mapping.models import Case, Organisation
from portal import images
from tests.conftest import make_organisation
from tests.mapping.form_data import form_data
from tests.portal.pictures import picture_bytes, post_logo, upload

HTML = b"<html><script>alert(document.cookie)</script></html>"
GPS_IFD = 0x8825


def with_gps():
    exif = Image.Exif()
    exif[0x010F] = "Kameramærke"  # Make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (55.0, 15.0, 0.0), 3: "E", 4: (9.0, 29.0, 0.0)})
    return picture_bytes("JPEG", exif=exif.tobytes())


def stored(field_file):
    with default_storage.open(field_file.name, "rb") as handle:
        return handle.read()


# --- Re-encoding -----------------------------------------------------------------------


def test_html_appended_to_a_png_is_gone():
    result = images.reencode(upload(picture_bytes() + HTML))
    content = result.read()
    assert b"<html" not in content and b"<script" not in content
    assert Image.open(io.BytesIO(content)).format == "PNG"
    assert result.name == "logo.png"


def test_exif_gps_data_is_gone():
    original = with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test's premise
    result = images.reencode(upload(original, "foto.jpeg", "image/jpeg"))
    reread = Image.open(io.BytesIO(result.read()))
    assert reread.format == "JPEG"
    assert not reread.getexif().get_ifd(GPS_IFD)
    assert not reread.getexif()
    assert result.name == "foto.jpg"


def test_png_text_chunks_are_gone():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    result = images.reencode(upload(picture_bytes(pnginfo=info)))
    content = result.read()
    assert b"<script" not in content
    assert not Image.open(io.BytesIO(content)).text


def test_webp_stays_webp_and_other_formats_are_refused_whatever_their_name():
    webp = images.reencode(upload(picture_bytes("WEBP"), "logo.png", "image/png"))
    assert Image.open(webp).format == "WEBP"
    assert webp.name == "logo.webp"
    with pytest.raises(ValidationError) as caught:
        images.reencode(upload(picture_bytes("GIF"), "logo.png"))
    assert caught.value.code == "image_format"


def test_a_large_picture_is_scaled_down():
    result = images.reencode(upload(picture_bytes(size=(images.MAX_SIDE * 2, 10))))
    assert Image.open(result).size == (images.MAX_SIDE, 5)


def test_too_many_pixels_are_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 47)
    with pytest.raises(ValidationError) as caught:
        images.reencode(upload(picture_bytes()))
    assert caught.value.code == "image_pixels"


def test_a_file_that_is_no_image_is_refused():
    with pytest.raises(ValidationError) as caught:
        images.reencode(upload(b"%PDF-1.4 " + HTML))
    assert caught.value.code == "image_invalid"


# --- Through the forms ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_logo_is_stored_re_encoded_and_the_replaced_one_deleted(
    client, alice, django_capture_on_commit_callbacks
):
    organisation = alice.organisation
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        first = post_logo(client, organisation, picture_bytes() + HTML).name
    assert HTML not in stored(organisation.logo)
    assert default_storage.exists(first)

    with django_capture_on_commit_callbacks(execute=True):
        second = post_logo(client, organisation, picture_bytes(size=(5, 5))).name
    assert second != first
    assert default_storage.exists(second)
    assert not default_storage.exists(first)

    # Saving without a new upload keeps the logo; clearing it deletes it.
    with django_capture_on_commit_callbacks(execute=True):
        assert post_logo(client, organisation, None).name == second
    assert default_storage.exists(second)
    with django_capture_on_commit_callbacks(execute=True):
        assert not post_logo(client, organisation, None, **{"logo-clear": "on"})
    assert not default_storage.exists(second)


@pytest.mark.django_db
def test_a_replaced_case_photo_is_deleted(client, consultant, django_capture_on_commit_callbacks):
    enterprise = make_organisation("Café Kvisten")
    client.force_login(consultant)
    data = form_data(enterprise, photo_alt="Caféens disk")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mapping:case-create"), {**data, "photo": upload(with_gps())})
    case = Case.objects.get()
    first = case.photo.name
    assert not Image.open(io.BytesIO(stored(case.photo))).getexif()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mapping:case-edit", args=[case.pk]),
            {**data, "photo": upload(picture_bytes() + HTML)},
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.photo.name != first
    assert not default_storage.exists(first)
    assert HTML not in stored(case.photo)


@pytest.mark.django_db
def test_a_deleted_record_takes_its_image_along(django_capture_on_commit_callbacks):
    organisation = make_organisation("Genbrugsværkstedet Vojens")
    organisation.logo.save("logo.png", upload(picture_bytes()))
    name = organisation.logo.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        Organisation.objects.filter(pk=organisation.pk).delete()
    assert not default_storage.exists(name)


def test_a_transparent_palette_png_keeps_its_transparency():
    original = Image.new("P", (4, 4), 0)
    original.putpalette([255, 255, 255, 0, 128, 0])
    original.putpixel((0, 0), 1)
    buffer = io.BytesIO()
    original.save(buffer, "PNG", transparency=0)
    result = Image.open(images.reencode(upload(buffer.getvalue()))).convert("RGBA")
    assert result.getpixel((1, 1))[3] == 0  # still see-through
    assert result.getpixel((0, 0)) == (0, 128, 0, 255)


@pytest.mark.django_db
def test_the_admin_re_encodes_a_logo_too(django_capture_on_commit_callbacks):
    from mapping.admin import OrganisationAdminForm

    organisation = make_organisation("Admin Café")
    form = OrganisationAdminForm(
        {}, {"logo": upload(picture_bytes() + HTML)}, instance=organisation
    )
    assert form.is_valid(), form.errors
    logo = form.cleaned_data["logo"]
    assert HTML not in logo.read()
