"""The steps of an import of organisations and contacts from CSV and XLSX through its pages
(upload, columns, preview, commit), and the files they take. Shared by the import's tests
and those of other apps that import."""

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from mapping.models import Contact, ImportBatch, Organisation

# Invented CVR numbers that pass the modulus-11 check.
CVR_A, CVR_B, CVR_C, CVR_D = "10000009", "11234569", "12469136", "13703701"
BAD_CVR = "12345678"


def csv_file(rows, *, encoding="utf-8", delimiter=";"):
    """A CSV file as Excel writes it: CRLF line ends, quotes where needed."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_file(rows):
    """An XLSX file with the cells' Python types kept (numbers stay numbers)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def jobs_run():
    """Run the background jobs that the actions inside queue. They run when the transaction
    commits, and a `db` test's transaction never does (tests/portal/test_jobs.py)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def upload(client, data, name="organisationer.csv"):
    """Upload a file; the job that reads it runs once the request is done."""
    with jobs_run():
        return client.post(
            reverse("mapping:import-upload"), {"file": SimpleUploadedFile(name, data)}
        )


def column_data(response, **changes):
    """The column page's form as it was filled in (the guesses), with some choices changed."""
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(changes)
    return data


def start_import(client, data, name="organisationer.csv", **column_changes):
    """Upload, accept the guessed columns (with changes), and return the batch and preview."""
    response = upload(client, data, name)
    assert response.status_code == 302, response.context["form"].errors
    batch = ImportBatch.objects.latest("pk")
    columns_url = reverse("mapping:import-columns", args=[batch.pk])
    with jobs_run():  # the preview's job
        response = client.post(columns_url, column_data(client.get(columns_url), **column_changes))
    assert response.status_code == 302, response.context["form"].errors
    preview = client.get(reverse("mapping:import-preview", args=[batch.pk]))
    assert preview.status_code == 200
    return batch, preview


def commit(client, batch, preview):
    """Import every row: the request queues the import's job, which runs once it is done."""
    with jobs_run():
        return client.post(
            reverse("mapping:import-commit", args=[batch.pk]),
            {"digest": preview.context["plan"].digest},
        )


def actions(preview):
    return [(row.number, row.action) for row in preview.context["plan"].rows]


def errors_of(preview, number):
    row = next(row for row in preview.context["plan"].rows if row.number == number)
    return [(error.column, error.message) for error in row.errors]


def counts():
    return Organisation.objects.count(), Contact.objects.count()


def assert_nothing_changed(known, before):
    assert counts() == before
    known.refresh_from_db()
    assert (known.name, known.town, known.cvr) == ("Café Kvisten", "Haderslev", CVR_A)
    assert list(known.contacts.values_list("name", "email")) == [("Mette", "mette@example.dk")]
