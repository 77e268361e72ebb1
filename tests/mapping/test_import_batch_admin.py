"""The admin's pages for spreadsheet imports answer for a superuser (the change page used to
answer 500: it asked the private storage for a public URL of the uploaded file)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from mapping.models import ImportBatch
from portal.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return User.objects.create_superuser("root", "root@example.dk", "password")


@pytest.fixture
def batch(superuser):
    batch = ImportBatch(original_name="kortlægning.xlsx", created_by=superuser)
    batch.file.save("kortlaegning.xlsx", ContentFile(b"PK\x03\x04 not really"), save=False)
    batch.save()
    return batch


def test_the_import_list_answers_200(client, superuser, batch):
    client.force_login(superuser)
    response = client.get(reverse("admin:mapping_importbatch_changelist"))
    assert response.status_code == 200
    assert "kortlægning.xlsx" in response.content.decode()


def test_the_import_change_page_answers_200_without_a_link_to_the_private_file(
    client, superuser, batch
):
    client.force_login(superuser)
    response = client.get(reverse("admin:mapping_importbatch_change", args=[batch.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert batch.file.name in page  # the stored name is shown as text
    assert f'href="/media/{batch.file.name}"' not in page
