"""Pictures made in memory, and an organisation's logo posted through its edit page."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image


def picture_bytes(image_format="PNG", size=(8, 6), **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


def upload(content, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def organisation_data(client, organisation):
    """What the edit form would post back unchanged."""
    url = reverse("mapping:organisation-edit", args=[organisation.pk])
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "purpose_areas":
            data[name] = [purpose.pk for purpose in value or []]
        elif value is not None and name != "logo":
            data[name] = value
    return data


def post_logo(client, organisation, content, **extra):
    data = {**organisation_data(client, organisation), **extra}
    if content is not None:
        data["logo"] = upload(content)
    url = reverse("mapping:organisation-edit", args=[organisation.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    organisation.refresh_from_db()
    return organisation.logo
