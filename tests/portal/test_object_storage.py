"""Files in S3-compatible object storage, against a real S3 server (moto's, on a free port):
with production's STORAGES, logos and case photos go to the public bucket with plain links,
frozen PDFs and uploaded spreadsheets to the private one, which no link reaches and only the
views that check who asks serve; settings refuse a half-made configuration."""

import json
import os
import secrets
import subprocess
import sys
import urllib.error
import urllib.request

import boto3
import pytest
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

import mapping.reports as report_package
from mapping.models import ImportBatch, ReportVersion
from portal.storage import private_storage
from tests.mapping.import_steps import csv_file
from tests.mapping.report_fakes import FakeReport, fake_figures, freeze
from tests.portal.commands import ROOT, manage
from tests.portal.pictures import picture_bytes, post_logo

PUBLIC = "portal-public"
PRIVATE = "portal-private"
REGION = "eu-north-1"


def production_settings(**env):
    """STORAGES and the CSP of portal/settings.py, read in a fresh process with `env` and
    DEBUG off (as production runs): what the settings make of the environment."""
    skip = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "STORAGE_BACKEND", "MEDIA_ROOT"}
    environment = {k: v for k, v in os.environ.items() if k not in skip and k[:3] != "S3_"}
    environment.update(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), **env)
    code = (
        "import json, portal.settings as s; "
        "print(json.dumps({'STORAGES': s.STORAGES, 'CSP': s.CONTENT_SECURITY_POLICY}, default=str))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return result


def production_storages(**env):
    result = production_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def s3_env(endpoint):
    return {
        "STORAGE_BACKEND": "s3",
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": REGION,
        "S3_PUBLIC_BUCKET": PUBLIC,
        "S3_PRIVATE_BUCKET": PRIVATE,
    }


# --- The S3 server ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server on a free port, with the two buckets as production has them: the
    public one readable by anyone through its bucket policy, the private one by no one."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    with pytest.MonkeyPatch.context() as patch:
        # Any key will do for moto; django-storages reads them as production does.
        patch.setenv("AWS_ACCESS_KEY_ID", "portal-tests")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "portal-tests-secret")
        client = s3_client(endpoint)
        for bucket in (PUBLIC, PRIVATE):
            client.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
            )
        public_read = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{PUBLIC}/*",
                }
            ],
        }
        client.put_bucket_policy(Bucket=PUBLIC, Policy=json.dumps(public_read))
        yield endpoint
    server.stop()


def s3_client(endpoint):
    return boto3.client("s3", endpoint_url=endpoint, region_name=REGION)


@pytest.fixture
def s3(s3_endpoint, settings):
    """The portal with production's STORAGES for that server (and the tests' static files).

    pytest-django's `settings` sends `setting_changed`, on which Django forgets its storages
    and portal.storage its private one; both are put back after the test."""
    storages = production_storages(**s3_env(s3_endpoint))["STORAGES"]
    settings.STORAGES = {**storages, "staticfiles": settings.STORAGES["staticfiles"]}
    return s3_client(s3_endpoint)


def stored_object(s3, bucket, key):
    """The object's bytes as the S3 server holds them, or None when there is none."""
    try:
        return s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    except ClientError as error:
        if error.response["Error"]["Code"] in ("NoSuchKey", "404"):
            return None
        raise


def anonymous_get(url):
    """(status, body) of a GET without credentials, as a browser would make it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (the test's server)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


@pytest.fixture
def fake_report(monkeypatch):
    fake = FakeReport()
    monkeypatch.setattr(report_package, "build_interim_report", fake.build)
    monkeypatch.setattr(report_package, "source_checksum", fake.source_checksum)
    monkeypatch.setattr(report_package, "interim_figures", fake_figures)
    return fake


# --- The public bucket --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_logo_goes_to_the_public_bucket_with_a_plain_link(
    client, alice, s3, s3_endpoint, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        logo = post_logo(client, alice.organisation, picture_bytes())

    content = stored_object(s3, PUBLIC, logo.name)
    assert content is not None and content.startswith(b"\x89PNG")
    assert stored_object(s3, PRIVATE, logo.name) is None
    assert logo.url == f"{s3_endpoint}/{PUBLIC}/{logo.name}"
    assert anonymous_get(logo.url) == (200, content)
    page = client.get(reverse("mapping:directory-detail", args=[alice.organisation.pk]))
    assert f'src="{logo.url}"' in page.content.decode()


@pytest.mark.django_db
def test_a_replaced_or_cleared_logo_leaves_the_bucket(
    client, alice, s3, django_capture_on_commit_callbacks
):
    organisation = alice.organisation
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        first = post_logo(client, organisation, picture_bytes()).name
    with django_capture_on_commit_callbacks(execute=True):
        second = post_logo(client, organisation, picture_bytes(size=(5, 5))).name

    assert second != first
    assert stored_object(s3, PUBLIC, first) is None
    assert stored_object(s3, PUBLIC, second) is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert not post_logo(client, organisation, None, **{"logo-clear": "on"})
    assert stored_object(s3, PUBLIC, second) is None


# --- The private bucket -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_frozen_pdf_is_in_the_private_bucket_and_served_only_by_its_view(
    client, leader, consultant, alice, s3, s3_endpoint, fake_report
):
    client.force_login(leader)
    freeze(client)  # and the job that stores its PDF
    version = ReportVersion.objects.get()

    content = stored_object(s3, PRIVATE, version.pdf.name)
    assert content is not None and content.startswith(b"%PDF-1.7 fake v1")
    assert stored_object(s3, PUBLIC, version.pdf.name) is None
    with pytest.raises(ValueError, match="private"):
        version.pdf.url  # noqa: B018
    # The object's plain address is refused to anyone without the bucket's keys.
    assert anonymous_get(f"{s3_endpoint}/{PRIVATE}/{version.pdf.name}")[0] == 403

    pdf_url = reverse("mapping:report-version-pdf", args=[version.pk])
    for staff in (leader, consultant):
        client.force_login(staff)
        response = client.get(pdf_url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
    client.force_login(alice)
    assert client.get(pdf_url).status_code == 404
    client.logout()
    assert client.get(pdf_url).status_code == 302  # to the login


@pytest.mark.django_db
def test_a_frozen_pdf_never_overwrites_an_object_of_the_same_name(client, leader, s3, fake_report):
    """S3Storage overwrites by default; the portal's storages give a taken name another."""
    stray = private_storage().save("reports/interim/delrapport-v1.pdf", ContentFile(b"stray"))
    client.force_login(leader)
    freeze(client)  # and the job that stores its PDF
    version = ReportVersion.objects.get()
    assert version.pdf.name != stray
    assert stored_object(s3, PRIVATE, stray) == b"stray"
    assert stored_object(s3, PRIVATE, version.pdf.name).startswith(b"%PDF-1.7 fake v1")


@pytest.mark.django_db
def test_an_uploaded_spreadsheet_is_in_the_private_bucket_and_read_only_for_staff(
    client, leader, alice, s3, s3_endpoint, django_capture_on_commit_callbacks
):
    data = csv_file([["Navn", "Postnummer"], ["Café Kvisten", "6100"]])
    client.force_login(leader)
    # The job that reads the file back from the bucket runs once the upload has committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mapping:import-upload"),
            {"file": SimpleUploadedFile("organisationer.csv", data)},
        )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()

    assert stored_object(s3, PRIVATE, batch.file.name) == data
    assert stored_object(s3, PUBLIC, batch.file.name) is None
    with pytest.raises(ValueError, match="private"):
        private_storage().url(batch.file.name)
    assert anonymous_get(f"{s3_endpoint}/{PRIVATE}/{batch.file.name}")[0] == 403

    # The staff's column page shows what the job read from the bucket; others get nothing.
    columns_url = reverse("mapping:import-columns", args=[batch.pk])
    page = client.get(columns_url)
    assert page.status_code == 200
    assert "Café Kvisten" in page.content.decode()
    client.force_login(alice)
    assert client.get(columns_url).status_code in (403, 404)

    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mapping:import-cancel", args=[batch.pk]))
    assert stored_object(s3, PRIVATE, batch.file.name) is None


# --- The settings -------------------------------------------------------------------------


def test_the_local_disk_is_the_default(tmp_path):
    storages = production_storages(PRIVATE_ROOT=str(tmp_path))["STORAGES"]
    assert storages["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert storages["private"] == {
        "BACKEND": "portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)},
    }


def test_s3_settings_name_a_public_and_a_private_bucket():
    endpoint = "https://fsn1.your-objectstorage.com"
    result = production_storages(**s3_env(endpoint), S3_ADDRESSING_STYLE="path")
    public, private = result["STORAGES"]["default"], result["STORAGES"]["private"]
    assert public["BACKEND"] == "storages.backends.s3.S3Storage"
    assert private["BACKEND"] == "portal.storage_s3.PrivateS3Storage"
    common = {
        "endpoint_url": endpoint,
        "region_name": REGION,
        "addressing_style": "path",
        "file_overwrite": False,
        "max_memory_size": 0,
    }
    assert private["OPTIONS"] == {**common, "bucket_name": PRIVATE}
    assert public["OPTIONS"] == {
        **common,
        "bucket_name": PUBLIC,
        "custom_domain": f"fsn1.your-objectstorage.com/{PUBLIC}",
        "url_protocol": "https:",
        "querystring_auth": False,
    }
    assert endpoint in result["CSP"]["DIRECTIVES"]["img-src"]
    assert result["STORAGES"]["staticfiles"]["BACKEND"].startswith("whitenoise.")


@pytest.mark.parametrize(
    ("extra", "domain", "origin"),
    [
        ({}, f"{PUBLIC}.s3.{REGION}.amazonaws.com", f"https://{PUBLIC}.s3.{REGION}.amazonaws.com"),
        (
            {"S3_PUBLIC_URL": "https://filer.example.dk/portal/"},
            "filer.example.dk/portal",
            "https://filer.example.dk",
        ),
    ],
)
def test_public_links_go_to_aws_or_the_public_url_given(extra, domain, origin):
    env = {**s3_env(""), **extra}
    result = production_storages(**env)
    assert result["STORAGES"]["default"]["OPTIONS"]["custom_domain"] == domain
    assert result["STORAGES"]["default"]["OPTIONS"]["endpoint_url"] is None
    assert origin in result["CSP"]["DIRECTIVES"]["img-src"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"S3_PRIVATE_BUCKET": ""}, "S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET"),
        ({"S3_PRIVATE_BUCKET": PUBLIC}, "two buckets"),
        ({"S3_ENDPOINT_URL": "", "S3_REGION": ""}, "S3_ENDPOINT_URL or S3_REGION"),
        ({"S3_ENDPOINT_URL": "fsn1.your-objectstorage.com"}, "S3_ENDPOINT_URL must be"),
        ({"S3_ADDRESSING_STYLE": "sideways"}, "S3_ADDRESSING_STYLE"),
        ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND must be local or s3"),
    ],
)
def test_a_half_made_storage_configuration_stops_the_start(change, message):
    result = production_settings(**{**s3_env("https://s3.example.dk"), **change})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_check_deploy_is_clean_with_object_storage():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.dk",
        CACHE_URL="redis://127.0.0.1:6379/1",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        **s3_env("https://fsn1.your-objectstorage.com"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
