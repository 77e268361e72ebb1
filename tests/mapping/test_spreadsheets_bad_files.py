"""Bad import files get a clear report and change nothing.

The upload form checks only the file's name and size (and Django that it is not empty); the
job that reads the file refuses the rest, and the import's page says why. Of a refused file
nothing is kept but the failed import and its reason (tests/mapping/test_spreadsheets_limits.py
has the limits on size, rows and time)."""

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation

from mapping.models import ImportBatch, Organisation
from mapping.services.spreadsheets import import_batch_set_columns
from tests.mapping.import_steps import (
    BAD_CVR,
    CVR_A,
    CVR_B,
    assert_nothing_changed,
    column_data,
    commit,
    counts,
    csv_file,
    errors_of,
    jobs_run,
    start_import,
    upload,
)

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
NOT_A_SPREADSHEET = (
    "This file is not a spreadsheet. Upload a CSV file or an Excel workbook (.xlsx) with the "
    "column headings in the first row."
)


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def refused_upload(client, data, name):
    """The upload is refused at the file field (the error summary says so); no import is kept."""
    response = upload(client, data, name)
    assert response.status_code == 200
    assert not ImportBatch.objects.exists()
    assert "data-portal-error-summary" in response.content.decode()  # base.html: nothing saved
    # Django's own messages are lazy: read them in the language the page was shown in.
    with translation.override("en"):
        return [str(message) for message in response.context["form"].errors["file"]]


def refused_file(client, data, name):
    """The upload is taken, and the job that reads it refuses the file: the import is failed
    with the reason, which its page shows; the file is gone, and nothing was read from it."""
    response = upload(client, data, name)
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("mapping:import-columns", args=[batch.pk])
    assert batch.state == ImportBatch.State.FAILED
    assert (batch.file.name, batch.sheet, batch.preview) == ("", {}, {})
    page = client.get(response["Location"])
    assert batch.error in page.content.decode().replace("&#x27;", "'")
    assert page.context["form"] is None  # nothing to choose: upload again
    assert reverse("mapping:import-upload") in page.content.decode()
    return [batch.error]


def old_xls():
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def foreign_zip():
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("readme.txt", "Not a workbook")
    return stream.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("billede.csv", PNG, NOT_A_SPREADSHEET),
        ("billede.xlsx", PNG, NOT_A_SPREADSHEET),
        ("rapport.csv", PDF, NOT_A_SPREADSHEET),
        ("rapport.xlsx", PDF, NOT_A_SPREADSHEET),
        ("arkiv.xlsx", foreign_zip(), NOT_A_SPREADSHEET),
        ("ukendt.csv", bytes(range(1, 32)) * 20 + b"abc", NOT_A_SPREADSHEET),
        (
            "gammel.csv",
            old_xls(),
            "This is an Excel file in the old .xls format. Open it in Excel, save it as 'Excel "
            "Workbook (.xlsx)' or 'CSV (semicolon separated)', and upload that.",
        ),
        ("tom.csv", b"\r\n \r\n", "The file is empty."),
        ("tom.csv", b"\xef\xbb\xbf;;;\r\n;;;\r\n", "The file is empty."),
        (
            "overskrifter.csv",
            b"Navn;CVR\r\n",
            "The file has headings but no rows of organisations below them.",
        ),
        (
            "skaev.csv",
            b"Navn;CVR\r\nA;1;2;3\r\n",
            "Some rows have more cells than the first row has headings. Check that every column "
            "has a heading, and that the file uses one separator throughout.",
        ),
    ],
    ids=[
        "png as csv",
        "png as xlsx",
        "pdf as csv",
        "pdf as xlsx",
        "zip that is no workbook",
        "binary without a known signature",
        "old xls",
        "blank lines",
        "only separators",
        "headings only",
        "more cells than headings",
    ],
)
def test_a_bad_file_is_refused_when_it_is_read(client, leader, known, name, data, message):
    before = counts()
    client.force_login(leader)
    assert refused_file(client, data, name) == [message]
    assert_nothing_changed(known, before)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("tom.csv", b"", "The submitted file is empty."),
        (
            "liste.txt",
            b"Navn;CVR\r\nA;\r\n",
            "File extension \u201ctxt\u201d is not allowed. Allowed extensions are: csv, xlsx.",
        ),
    ],
    ids=["zero bytes", "wrong extension"],
)
def test_a_bad_upload_is_refused_at_the_form(client, leader, known, name, data, message):
    before = counts()
    client.force_login(leader)
    assert refused_upload(client, data, name) == [message]
    assert_nothing_changed(known, before)


def test_an_upload_without_a_file_is_refused_at_the_form(client, leader, known):
    client.force_login(leader)
    with jobs_run():
        response = client.post(reverse("mapping:import-upload"), {})
    assert response.status_code == 200
    with translation.override("en"):
        assert [str(error) for error in response.context["form"].errors["file"]] == [
            "This field is required."
        ]
    assert not ImportBatch.objects.exists()


def test_an_empty_xlsx_is_refused(client, leader, known):
    import openpyxl

    stream = io.BytesIO()
    openpyxl.Workbook().save(stream)
    before = counts()
    client.force_login(leader)
    assert refused_file(client, stream.getvalue(), "tom.xlsx") == ["The file is empty."]
    assert_nothing_changed(known, before)


def test_a_file_over_the_size_limit_is_refused(client, leader, known, settings):
    settings.IMPORT_MAX_BYTES = 1000
    data = csv_file([["Navn", "By"]] + [[f"Organisation {i}", "Haderslev"] for i in range(60)])
    assert len(data) > 1000
    before = counts()
    client.force_login(leader)
    [message] = refused_upload(client, data, "stor.csv")
    assert message.startswith("The file is larger than 1000")
    assert_nothing_changed(known, before)


def test_an_xlsx_that_unpacks_to_too_much_is_refused(client, leader, known, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 500_000
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", "<a>" + "x" * 1_000_000 + "</a>")
    before = counts()
    client.force_login(leader)
    [message] = refused_file(client, stream.getvalue(), "bombe.xlsx")
    assert message.startswith("The workbook unpacks to 976.6\xa0KB, more than the 488.3\xa0KB")
    assert_nothing_changed(known, before)


def set_columns(batch, column_map, by):
    """Choose columns as the column form could not (in English, as the pages here are)."""
    with jobs_run(), translation.override("en"):
        import_batch_set_columns(batch=batch, column_map=column_map, by=by)


def test_a_file_without_a_name_column_cannot_be_imported(client, leader, known):
    data = csv_file([["Firma-id", "Noget"], ["Café Kvisten", "Ændret"], ["Ny", "x"]])
    before = counts()
    client.force_login(leader)
    response = upload(client, data)
    batch = ImportBatch.objects.get()
    columns_url = reverse("mapping:import-columns", args=[batch.pk])
    preview_url = reverse("mapping:import-preview", args=[batch.pk])
    assert response["Location"] == columns_url
    batch.refresh_from_db()
    assert batch.column_map["columns"] == ["", ""]
    # No preview before the columns are chosen; and the column page takes no choice without
    # a name column.
    assert client.get(preview_url)["Location"] == columns_url
    response = client.post(columns_url, column_data(client.get(columns_url)))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    # A preview of such a choice says why nothing can be imported, and offers no import button.
    set_columns(batch, {"columns": ["", ""], "defaults": {}}, leader)
    preview = client.get(preview_url)
    html = preview.content.decode()
    assert "No column is chosen for the organisation&#x27;s name." in html
    assert reverse("mapping:import-commit", args=[batch.pk]) not in html
    assert not preview.context["plan"].can_commit
    # A forged commit does not get past it either.
    commit(client, batch, preview)
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEW
    assert_nothing_changed(known, before)


def test_column_choices_that_do_not_fit_the_file_are_refused(client, leader, known):
    data = csv_file([["Navn", "By"], ["Café Kvisten", "Vojens"]])
    client.force_login(leader)
    batch, preview = start_import(client, data)
    set_columns(batch, {"columns": ["name"]}, leader)
    before = counts()
    preview = client.get(reverse("mapping:import-preview", args=[batch.pk]))
    assert preview.context["plan"].errors == [
        "The column choices do not fit this file. Choose them again."
    ]
    commit(client, batch, preview)
    assert_nothing_changed(known, before)


def test_invalid_cvr_numbers_are_reported_and_nothing_is_imported(client, leader, known):
    data = csv_file(
        [
            ["Navn", "CVR-nr.", "Sektor", "Type", "By"],
            ["Café Kvisten", CVR_A, "privat", "firma", "Vojens"],
            ["Forkert tjek", BAD_CVR, "privat", "firma", "Gram"],
            ["For kort", "1234", "privat", "firma", "Gram"],
            ["Godt nok", CVR_B, "privat", "firma", "Gram"],
        ]
    )
    before = counts()
    client.force_login(leader)
    batch, preview = start_import(client, data)
    assert errors_of(preview, 3) == [
        ("CVR-nr.", "This is not a valid CVR number. Please check the digits.")
    ]
    assert errors_of(preview, 4) == [("CVR-nr.", "A CVR number has exactly 8 digits.")]
    html = preview.content.decode()
    assert "Column “CVR-nr.”, value “12345678”:" in html
    assert not preview.context["plan"].can_commit
    commit(client, batch, preview)
    assert_nothing_changed(known, before)
    assert not Organisation.objects.filter(name__in=["Godt nok", "Forkert tjek"]).exists()
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEW


def test_duplicate_rows_inside_the_file_are_reported_and_nothing_is_imported(client, leader, known):
    """Rows about one organisation (one a contact person) are fine when they agree; a cell
    that differs, or the same organisation and contact person twice, is an error."""
    data = csv_file(
        [
            ["Navn", "CVR-nr.", "Postnr.", "Sektor", "Type", "Kontaktperson"],
            ["Alfa", CVR_B, "6100", "privat", "firma", "Anne"],
            ["Alfa ApS", CVR_B, "6500", "privat", "firma", "Bo"],
            ["Beta", "", "6100", "privat", "firma", ""],
            ["Beta", "", "6100", "privat", "firma", ""],
            ["Café Kvisten", "", "6100", "privat", "firma", "Mette"],
            ["Kvisten", CVR_A, "6100", "privat", "firma", "METTE"],
            ["Gamma", "", "6100", "privat", "firma", ""],
        ]
    )
    before = counts()
    client.force_login(leader)
    batch, preview = start_import(client, data)
    differs = "Differs from row %s (“%s”). The rows are about one organisation and must agree."
    assert errors_of(preview, 2) == []
    assert errors_of(preview, 3) == [
        ("Navn", differs % (2, "Alfa")),
        ("Postnr.", differs % (2, "6100")),
    ]
    no_contact = "is about the same organisation, and neither row names a contact person."
    assert errors_of(preview, 4) == [("Navn", f"Row 5 {no_contact}")]
    assert errors_of(preview, 5) == [("Navn", f"Row 4 {no_contact}")]
    # Two rows about the one organisation in the portal: by name and postcode, and by CVR.
    same_contact = "is about the same organisation and the same contact person."
    assert errors_of(preview, 6) == [("Kontaktperson", f"Row 7 {same_contact}")]
    assert errors_of(preview, 7) == [
        ("Navn", differs % (6, "Café Kvisten")),
        ("Kontaktperson", f"Row 6 {same_contact}"),
    ]
    assert errors_of(preview, 8) == []
    commit(client, batch, preview)
    assert_nothing_changed(known, before)
    assert not Organisation.objects.filter(name="Gamma").exists()


def test_two_organisations_with_one_name_but_different_cvr_numbers_are_no_duplicates(
    client, leader
):
    data = csv_file(
        [
            ["Navn", "CVR-nr.", "Postnr.", "Sektor", "Type"],
            ["Brugsen", CVR_A, "6100", "privat", "firma"],
            ["Brugsen", CVR_B, "6100", "privat", "firma"],
        ]
    )
    client.force_login(leader)
    _batch, preview = start_import(client, data)
    assert [row.action for row in preview.context["plan"].rows] == ["create", "create"]


def test_a_stored_file_that_has_gone_is_reported(client, leader, known):
    data = csv_file([["Navn", "By"], ["Café Kvisten", "Vojens"]])
    client.force_login(leader)
    batch, preview = start_import(client, data)
    batch.file.delete(save=False)
    before = counts()
    response = client.get(reverse("mapping:import-preview", args=[batch.pk]))
    assert "The uploaded file is no longer available." in response.content.decode()
    response = client.get(reverse("mapping:import-columns", args=[batch.pk]))
    assert "The uploaded file is no longer available." in response.content.decode()
    commit(client, batch, preview)
    assert_nothing_changed(known, before)
