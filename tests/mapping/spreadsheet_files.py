"""Import files made to test the limits, shared by the tests and bench/import_start.py."""

import csv
import io
import zipfile
from functools import cache

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData>"
)
SHEET_TAIL = b"</sheetData></worksheet>"


@cache
def audit_workbook(unpacked=100 * 1024 * 1024):
    """An XLSX file like the audit's (436 KB that unpacks to 100 MB): a real workbook, which
    openpyxl would open, whose one sheet is a long run of rows of the same cells. It packs
    to a few hundred KB; made once per test session."""
    base = openpyxl.Workbook()
    base.active.append(["Navn", "By"])
    stream = io.BytesIO()
    base.save(stream)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(stream.getvalue())) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != SHEET:
                target.writestr(info, source.read(info))
        with target.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD)
            written, number = len(SHEET_HEAD) + len(SHEET_TAIL), 1
            cells = '<c t="inlineStr"><is><t>Socialøkonomisk virksomhed</t></is></c>'.encode() * 40
            while written < unpacked:
                row = b'<row r="%d">%s</row>' % (number, cells)
                sheet.write(row)
                written += len(row)
                number += 1
            sheet.write(SHEET_TAIL)
    return out.getvalue()


def unpacked_size(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(info.file_size for info in archive.infolist())


def organisations_csv(rows, *, start=0):
    """A CSV file as Danish Excel writes it, of `rows` new organisations with a contact each."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["Navn", "Sektor", "Type", "Adresse", "Postnr.", "By", "Kontaktperson", "E-mail"]
    )
    for index in range(start, start + rows):
        writer.writerow(
            [
                f"Forening nr. {index}",
                "civil",
                "association",
                f"Storegade {index % 120 + 1}",
                "6100",
                "Haderslev",
                f"Person {index}",
                f"person{index}@example.dk",
            ]
        )
    return out.getvalue().encode("utf-8")
